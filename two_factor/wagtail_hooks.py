from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import urls, views


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


@hooks.register("register_user_listing_buttons")
def reset_button(user, request_user):
    """In the admin's list of users, for whoever may change users: reset a user's second factor
    (the page it opens says whether they have one; the list asks the database nothing more)."""
    if not request_user.has_perm(views.RESET_PERMISSION):
        return []
    return [
        Button(
            _("Reset two-factor login"),
            reverse("two_factor_reset_user", args=[user.pk]),
            icon_name="key",
            priority=60,
        )
    ]
