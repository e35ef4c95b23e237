from django.conf import settings


def site_settings(request):
    """What every public template needs to know about the installation."""
    return {
        "municipality": settings.PLAN_MUNICIPALITY,
        # The plan's source language: text not yet translated is marked with it.
        "source_language": settings.LANGUAGE_CODE,
    }
