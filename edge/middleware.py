"""Cache-Control for the edge: which responses a shared cache may keep (see edge/__init__.py).

The policy's values live in core.http_cache; the API's public responses are made in
api.http. This middleware sits outermost (right after SecurityMiddleware), so when it sees
the response every inner middleware has run: the session's and the CSRF token's cookies are
set, and the API's headers are there.
"""

from django.conf import settings
from django.utils.cache import cc_delim_re

from core.http_cache import directives, is_public, make_private, make_public

# Public routes by URL name: pages of every language (the plan's kept versions too), and
# the site's small files.
PAGE_ROUTES = frozenset({"wagtail_serve", "plan_version", "sitemap", "robots_txt"})
# Search results: public, but kept at the edge as briefly as in a browser (any query string).
SEARCH_ROUTES = frozenset({"search"})
CACHEABLE_METHODS = ("GET", "HEAD")
PUBLIC_STATUSES = (200, 304)


def is_personal(request, response) -> bool:
    """Whether the response belongs to one client: never to be stored by anyone."""
    if request.method not in CACHEABLE_METHODS:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # A cookie set, or a CSRF token used in the page (it then ties the page to one client's cookie).
    return bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def route_name(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match is not None else None


class EdgeCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request, response):
            return make_private(response)
        name = route_name(request)
        if name not in PAGE_ROUTES and name not in SEARCH_ROUTES:
            # The API decides its own (api.http); the admin, documents and files are not ours.
            if is_public(response):
                drop_vary_cookie(response)
            return response
        if response.status_code not in PUBLIC_STATUSES or response.streaming:
            return make_private(response)
        if directives(response) & {"private", "no-store", "no-cache"}:
            # A view said so (a private page, a preview): make sure it is never stored.
            return make_private(response)
        if getattr(response, "planportal_immutable", False):
            # A kept version of the plan (plan_pages.versions): it never changes.
            return drop_vary_cookie(response)
        max_age = settings.PLANPORTAL_PAGE_CACHE_MAX_AGE
        edge_max_age = max_age if name in SEARCH_ROUTES else None
        make_public(response, max_age=max_age, edge_max_age=edge_max_age)
        return drop_vary_cookie(response)


def drop_vary_cookie(response):
    """A public response is the same for every anonymous client: no `Vary: Cookie`.

    Django adds it whenever the session was looked at (to see that nobody is signed in); it
    would make a shared cache keep a copy per cookie jar. Who may use the shared copy is the
    cookie contract's business instead (edge/__init__.py): requests with the session cookie
    are passed, every other request's cookies are dropped before the lookup.
    """
    if response.has_header("Vary"):
        kept = [h for h in cc_delim_re.split(response["Vary"]) if h.strip().lower() != "cookie"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
    return response
