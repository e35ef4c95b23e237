from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("two-factor/", include(urls))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_manage"),
        "label": _("Two-factor login"),
        "help_text": _("Set up an authenticator app, get new recovery codes, or remove it."),
    }
