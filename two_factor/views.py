"""The verify step, the enrolment, the recovery codes shown once, and the account's page."""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import AuthenticatorCodeForm, device_forms
from .policy import has_second_factor, is_required, recovery_codes_left, remove_second_factor
from .qr import qr_svg, readable_secret

# Who may reset another user's second factor: whoever may change users (superusers).
RESET_PERMISSION = "auth.change_user"
# The new recovery codes, kept in the session only until the page that shows them once.
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


def _next_url(request) -> str:
    """Where to go after the step: the safe `next` given, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _step_url(url_name: str, request) -> str:
    """The address of a step, passing the `next` on."""
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


def _verified(request, device):
    """Mark the session as having given its second factor, under a new session key (as a
    login does: a session id seen before the second factor is worth nothing after it)."""
    request.session.cycle_key()
    django_otp.login(request, device)


def verify(request):
    """After the password: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not has_second_factor(user):
        return redirect(_step_url("two_factor_enrol", request))
    data = request.POST if request.method == "POST" else None
    app_form, recovery_form = device_forms(user, data)
    for form in (app_form, recovery_form):
        if form is not None and form.is_bound and form.is_valid():
            _verified(request, form.device)
            return redirect(_next_url(request))
    return TemplateResponse(
        request,
        "two_factor/verify.html",
        {"form": app_form, "recovery_form": recovery_form, "next": _next_url(request)},
    )


def _new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones (the old stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.PLANPORTAL_2FA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enrol(request):
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    if has_second_factor(user):
        if user.is_verified():
            return redirect("two_factor_manage")
        return redirect(_step_url("two_factor_verify", request))
    # One unconfirmed device per user, kept until confirmed, so a reload shows the same key.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    form = AuthenticatorCodeForm(request.POST if request.method == "POST" else None, device=device)
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            device = form.device
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
        _verified(request, device)
        request.session[NEW_CODES_SESSION_KEY] = codes
        return redirect(_step_url("two_factor_recovery_codes", request))
    return TemplateResponse(
        request,
        "two_factor/enrol.html",
        {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "secret": readable_secret(device),
            "required": is_required(user),
            "next": _next_url(request),
        },
    )


def recovery_codes(request):
    """The new recovery codes, shown once: a reload shows none."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("two_factor_manage")
    return TemplateResponse(
        request, "two_factor/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


def manage(request):
    """The account's page: whether a second factor is set up, new recovery codes, removal."""
    user = request.user
    return TemplateResponse(
        request,
        "two_factor/manage.html",
        {
            "has_second_factor": has_second_factor(user),
            "required": is_required(user),
            "codes_left": recovery_codes_left(user),
        },
    )


@require_POST
def regenerate_recovery_codes(request):
    user = request.user
    if not has_second_factor(user):
        return redirect("two_factor_manage")
    request.session[NEW_CODES_SESSION_KEY] = _new_recovery_codes(user)
    return redirect("two_factor_recovery_codes")


@require_POST
def remove(request):
    """Remove the user's own second factor; one that must have one sets a new one up next."""
    remove_second_factor(request.user)
    messages.success(request, _("Two-factor login is removed from your account."))
    if is_required(request.user):
        return redirect("two_factor_enrol")
    return redirect("two_factor_manage")


def reset_user(request, user_id):
    """Another user's second factor removed (a lost phone and lost recovery codes): they sign in
    with their password next and, when required, set up a new app. Asks before it acts."""
    if not request.user.has_perm(RESET_PERMISSION):
        raise PermissionDenied
    user = get_object_or_404(get_user_model(), pk=user_id)
    name = user.get_full_name() or user.get_username()
    if request.method == "POST":
        remove_second_factor(user)
        messages.success(request, _("Two-factor login is reset for %(name)s.") % {"name": name})
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "two_factor/reset_user.html",
        {"subject": user, "name": name, "has_second_factor": has_second_factor(user)},
    )
