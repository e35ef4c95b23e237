from functools import cache
from urllib.parse import urlsplit

from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_REPORT_ONLY_HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

from api.prefix import API_PREFIX
from core.content_security import inline_style_hashes

ADMIN_PREFIX = "/admin/"


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, for the public pages only.

    On a 404 it redirects an address without a language prefix to /nb/<address>
    whenever that resolves, and Wagtail's catch-all page route under
    i18n_patterns resolves anything: an API or admin 404 would become a redirect
    into the public site. The API and the admin have no language prefixes.
    """

    unprefixed = (API_PREFIX, ADMIN_PREFIX, "/documents/")

    def process_response(self, request, response):
        if request.path_info.startswith(self.unprefixed):
            return response
        return super().process_response(request, response)


@cache
def media_origin() -> str | None:
    """The origin uploaded images are served from when it is not the site's own (S3, a
    custom domain, an absolute MEDIA_URL); None when they are served at a path of ours."""
    parts = urlsplit(default_storage.url("images/x.png"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else None


@receiver(setting_changed)
def _forget_media_origin(*, setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_URL"}:
        media_origin.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by the request's path.

    - Public pages, the API, its docs and everything else: CONTENT_SECURITY_POLICY, strict
      (cms.settings.base). Added to it per response: the hashes of the inline styles the page
      rendered (core.content_security) and the media storage's origin when images are not
      served from our own (media_origin).
    - The Wagtail admin (/admin/, and its previews of pages): PLANPORTAL_ADMIN_CONTENT_SECURITY_POLICY,
      relaxed where Wagtail needs it (see the setting).
    - Uploaded files Django serves itself (MEDIA_URL, development and tests):
      PLANPORTAL_MEDIA_CONTENT_SECURITY_POLICY, nothing may run. Documents get Wagtail's own
      header from its serving view ("default-src 'none'"), which the middleware leaves alone.

    A view's own policy (django-csp's decorators) wins over the choice by path.

    The directives are sent in their names' order: django-csp joins them in a set's order,
    which the hash seed changes from process to process, and every app server behind the
    cache must send one and the same header for one page.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        for header in (CSP_HEADER, CSP_REPORT_ONLY_HEADER):
            if header in response:
                response[header] = ordered_policy(response[header])
        return response

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        path = request.path_info
        if settings.PLANPORTAL_SERVE_MEDIA and path.startswith(settings.MEDIA_URL):
            parts.config = settings.PLANPORTAL_MEDIA_CONTENT_SECURITY_POLICY
            return parts
        update = {**(parts.update or {})}
        # Wagtail's previews render the page through the whole middleware chain again, for a
        # dummy request with the page's own path: the admin's too, framed by its preview panel.
        if path.startswith(ADMIN_PREFIX) or getattr(request, "is_dummy", False):
            parts.config = settings.PLANPORTAL_ADMIN_CONTENT_SECURITY_POLICY
        elif hashes := inline_style_hashes(request):
            # Not in the admin's policy: a hash there would switch its 'unsafe-inline' off.
            update["style-src"] = [*update.get("style-src", []), *hashes]
        if origin := media_origin():
            update["img-src"] = [*update.get("img-src", []), origin]
        parts.update = update or parts.update
        return parts


def ordered_policy(policy: str) -> str:
    """A Content-Security-Policy with its directives sorted by name (their order has no
    meaning; a directive given twice keeps its first, which is the one browsers apply)."""
    directives = {}
    for part in policy.split(";"):
        if part := part.strip():
            directives.setdefault(part.split()[0].lower(), part)
    return "; ".join(directives[name] for name in sorted(directives))


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` on every response: the browser features no page of ours uses
    (PLANPORTAL_PERMISSIONS_POLICY_DENIED) are denied to the page and to anything it frames."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if denied := settings.PLANPORTAL_PERMISSIONS_POLICY_DENIED:
            response.headers.setdefault("Permissions-Policy", ", ".join(f"{f}=()" for f in denied))
        return response
