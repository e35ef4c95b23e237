from django.conf import settings


def site_settings(request):
    """What every public template needs to know about the installation."""
    return {"municipality": settings.PLAN_MUNICIPALITY}
