"""HTTP behaviour of the public API: caching headers and conditional GET.

Anonymous API responses are public and cacheable for a short while, carry an
ETag (a hash of the body, so any publish that changes what is served changes
it) and a Last-Modified (the newest publish on the site), and a matching
If-None-Match / If-Modified-Since gets 304 Not Modified. Responses to signed-in
users are never cached, and neither are previews: a response served for a valid
preview token (marked by cms.api_preview) is `private, no-store`, has no
validators and is never a 304. It needs no Vary: the token is in the URL, so
it is part of any cache's key already.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from wagtail.models import Page

from cms.api_preview import is_preview_response, mark_preview_response

API_PREFIX = "/api/"


LAST_MODIFIED_CACHE_KEY = "api:last-published-at"


def last_published_at():
    """When anything public last changed, cached until the next change (see forget_last_published_at)."""
    return cache.get_or_set(LAST_MODIFIED_CACHE_KEY, _compute_last_published_at, timeout=None)


def forget_last_published_at(**kwargs):
    """Signal receiver: a publish, an unpublish or a new history row changes what is served."""
    cache.delete(LAST_MODIFIED_CACHE_KEY)


def connect_invalidation():
    from wagtail.signals import page_unpublished, published, unpublished

    from plan_pages.models import HistoryEntry

    for name, signal in (
        ("published", published),
        ("unpublished", unpublished),
        ("page_unpublished", page_unpublished),
    ):
        signal.connect(forget_last_published_at, dispatch_uid=f"api_last_modified_{name}")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            forget_last_published_at,
            sender=HistoryEntry,
            dispatch_uid=f"api_last_modified_history_{name}",
        )


def _compute_last_published_at():
    """The newest publish of a page or a snippet, or the newest history row."""
    from plan_pages.models import HistoryEntry
    from snippets.models import Actor, Contact, GoalArea, Measure

    times = [Page.objects.live().aggregate(t=Max("last_published_at"))["t"]]
    times += [
        model.objects.filter(live=True).aggregate(t=Max("last_published_at"))["t"]
        for model in (Actor, Contact, GoalArea, Measure)
    ]
    times.append(HistoryEntry.objects.aggregate(t=Max("created_at"))["t"])
    times = [t for t in times if t is not None]
    return max(times) if times else None


class APICacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        connect_invalidation()

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or request.method not in ("GET", "HEAD"):
            return response
        if is_preview_response(response):
            return mark_preview_response(response)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            return response
        if response.status_code != 200 or response.streaming:
            return response
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        patch_vary_headers(response, ["Accept-Language"])
        set_response_etag(response)
        modified = last_published_at()
        last_modified = int(modified.timestamp()) if modified else None
        if last_modified:
            response.headers["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(
            request,
            etag=response.headers.get("ETag"),
            last_modified=last_modified,
            response=response,
        )
