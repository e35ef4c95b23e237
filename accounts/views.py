"""The admin's listing of locked logins (Innstillinger → Låste innlogginger), where they are
unlocked: the communications adviser's and the superuser's tool."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .lockouts import current_lockouts, lockout_of, unlock

logger = logging.getLogger(__name__)

# Unlocking deletes axes' records of the failed attempts: axes' own model permission,
# granted to the communications adviser (roles.definitions).
UNLOCK_PERMISSION = "axes.delete_accessattempt"


@require_http_methods(["GET", "POST"])
@permission_required(UNLOCK_PERMISSION, raise_exception=True)
def locked_logins(request):
    if request.method == "POST":
        address = request.POST.get("ip_address", "")
        if lockout_of(address) is None:
            messages.warning(request, _("That address is not locked."))
        else:
            unlock(address)
            logger.info("Login from %s unlocked by %s", address, request.user.get_username())
            messages.success(
                request, _("Unlocked: %(address)s can log in again.") % {"address": address}
            )
        return redirect("accounts_locked_logins")
    return render(
        request,
        "accounts/locked_logins.html",
        {"lockouts": current_lockouts(), "page_title": _("Locked logins")},
    )
