"""HTTP behaviour of the public API: caching headers and conditional GET.

Anonymous API responses are public (core.http_cache: browsers keep them for
PLANPORTAL_API_CACHE_MAX_AGE, shared caches in front of us for PLANPORTAL_EDGE_CACHE_MAX_AGE,
since every public change purges those, see the edge app), carry an
ETag (a hash of the body, so any publish that changes what is served changes
it) and a Last-Modified (the last public change anywhere, see PublicChange), and
a matching If-None-Match / If-Modified-Since gets 304 Not Modified. Responses to signed-in
users are never cached, and neither are previews: a response served for a valid
preview token (marked by api.preview) is `private, no-store`, has no
validators and is never a 304. It needs no Vary: the token is in the URL, so
it is part of any cache's key already.

The last public change is a row in the database, written by signal receivers
right after each change, in its transaction (connected in api.apps.ApiConfig.ready, so in
every process: web workers, management commands, shells). A per-process cache
cannot work: a publish in one process would never reach the others' caches,
and a shared cache is only shared with a shared backend. HTTP dates have
one-second resolution, so two changes within one second share a Last-Modified;
the ETag, a hash of the body, tells them apart.
"""

import functools

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import post_page_move

from api.models import PublicChange
from api.prefix import API_PREFIX
from api.preview import is_preview_response, mark_preview_response
from core.http_cache import make_private, make_public
from plan_pages.models import HistoryEntry, PublishedVersion
from snippets.models import Actor, Contact, ContactPhoneNumber, GoalArea, Measure


def last_public_change():
    """When anything public last changed (one primary-key query), or None before any change."""
    return (
        PublicChange.objects.filter(pk=PublicChange.ROW)
        .values_list("changed_at", flat=True)
        .first()
    )


def record_public_change(**kwargs):
    """Now is the last public change: written right after the changed row, in its transaction.

    So it commits (or rolls back) with the change, and never goes out before it.
    It writes the one row every process reads; nothing is kept per process, so
    a publish in a worker, a command or a shell reaches every worker at once.
    """
    now = timezone.now()
    if not PublicChange.objects.filter(pk=PublicChange.ROW).update(changed_at=now):
        PublicChange.objects.get_or_create(pk=PublicChange.ROW, defaults={"changed_at": now})


@functools.cache
def public_models() -> tuple:
    """Models whose rows the API serves or that decide what it serves.

    Pages of every type (a publish, an unpublish, a delete and a slug change
    all save or delete the page), their and the collections' privacy, the
    snippets, images, documents and history rows, and the sites and locales
    addresses are built from. Saving a draft saves its object too: that counts
    as a change, which costs a client one full response, never a wrong 304.
    """
    return (
        Page,
        PageViewRestriction,
        Collection,
        CollectionViewRestriction,
        Site,
        Locale,
        HistoryEntry,
        PublishedVersion,  # a kept version, once rendered (the versions endpoint)
        Actor,
        Contact,
        ContactPhoneNumber,
        GoalArea,
        Measure,
        get_image_model(),
        get_document_model(),
    )


def record_if_public(sender, instance, raw=False, **kwargs):
    """post_save / post_delete receiver: only rows of public models count.

    Rows loaded as they were (`raw`: loaddata, a restore) are no change: the
    loaded PublicChange row says when the last one was.
    """
    if not raw and isinstance(instance, public_models()):
        record_public_change()


def connect_public_change_receivers():
    """Connected once per process, from api.apps.ApiConfig.ready."""
    post_save.connect(record_if_public, dispatch_uid="api_public_change_saved")
    post_delete.connect(record_if_public, dispatch_uid="api_public_change_deleted")
    # A move updates the tree with queries, not saves.
    post_page_move.connect(record_public_change, dispatch_uid="api_public_change_moved")


class APICacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or request.method not in ("GET", "HEAD"):
            return response
        if is_preview_response(response):
            return mark_preview_response(response)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            make_private(response)
            return response
        if response.status_code != 200 or response.streaming:
            return response
        make_public(response, max_age=settings.PLANPORTAL_API_CACHE_MAX_AGE)
        patch_vary_headers(response, ["Accept-Language"])
        set_response_etag(response)
        modified = last_public_change()
        last_modified = int(modified.timestamp()) if modified else None
        if last_modified:
            response.headers["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(
            request,
            etag=response.headers.get("ETag"),
            last_modified=last_modified,
            response=response,
        )
