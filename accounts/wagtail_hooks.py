from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


class LockedLoginsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.UNLOCK_PERMISSION)


@hooks.register("register_admin_urls")
def locked_logins_urls():
    return [path("innlogging/last/", views.locked_logins, name="accounts_locked_logins")]


@hooks.register("register_settings_menu_item")
def locked_logins_menu_item():
    return LockedLoginsMenuItem(
        _("Locked logins"), reverse("accounts_locked_logins"), icon_name="lock", order=900
    )
