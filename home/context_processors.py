from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .identity import SiteChrome


def site_settings(request):
    """What every public template needs to know about the installation."""
    chrome = SimpleLazyObject(lambda: SiteChrome(request))
    return {
        # The header and footer in the reader's language (home.identity).
        "chrome": chrome,
        # The plan's source language: text not yet translated is marked with it.
        "source_language": settings.LANGUAGE_CODE,
    }
