"""The admin refused to a session that owes a second factor.

A session owes one when its user has a confirmed device and has not given a code from it in
this session (django-otp's `user.is_verified()`), or must have one (`policy.is_required`) and
has none yet. Every address under the admin (its pages, previews, JSON endpoints, POSTs)
answers such a session with a redirect: to the verify step when the user has a device, to the
enrolment otherwise, with the address asked for as `next`. Only signing in and out, resetting a
password, the admin's icons and JavaScript catalogue, and those two steps stay open.

Outside the admin such a session is anonymous: a page or document restricted to signed-in
users sends it to the sign-in page, and the site's sign-in page (Wagtail's, for those
restrictions) sends a session that owes a step to that step, then back.

Installed after django-otp's OTPMiddleware, which installs `is_verified()`. The checks (one to
three queries) run only for an unverified session, and outside the admin only when something
asks who the user is.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from .policy import has_second_factor, is_required

VERIFY_URL_NAME = "two_factor_verify"
ENROL_URL_NAME = "two_factor_enrol"

# What an unverified session may reach under the admin.
OPEN_URL_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        VERIFY_URL_NAME,
        ENROL_URL_NAME,
    }
)


def owed_step(user) -> str | None:
    """The URL name of the step `user`'s session must take next, or None: none for a visitor
    or a session that gave its second factor."""
    if not user.is_authenticated or user.is_verified():
        return None
    if has_second_factor(user):
        return VERIFY_URL_NAME
    if is_required(user):
        return ENROL_URL_NAME
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request):
        """A redirect to the step the session owes, for an admin address; else None."""
        try:
            admin_prefix = reverse("wagtailadmin_home")
        except NoReverseMatch:  # a URL configuration without the admin
            return None
        if not request.path_info.startswith(admin_prefix):
            return self.outside_admin(request)
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            url_name = None
        if url_name in OPEN_URL_NAMES:
            return None
        step = owed_step(user)
        if step is None:
            return None
        return redirect_to_login(request.get_full_path(), login_url=reverse(step))

    def outside_admin(self, request):
        """The site's sign-in page sends a session that owes a step there; anywhere else the
        session is anonymous until it gives its second factor."""
        user = request.user
        if request.method == "GET" and request.path_info == _site_login_path():
            step = owed_step(user)
            if step is not None:
                next_url = request.GET.get("next", "")
                return redirect(f"{reverse(step)}?{urlencode({'next': next_url})}")
            return None
        request.user = SimpleLazyObject(
            lambda: AnonymousUser() if owed_step(user) is not None else user
        )
        return None


def _site_login_path() -> str | None:
    """The address of Wagtail's sign-in page for restricted pages, in the active language."""
    try:
        return reverse("wagtailcore_login")
    except NoReverseMatch:
        return None
