"""What a purge bans, and how a change gets to the task worker (see edge/__init__.py).

A change only notes, inside its transaction, the addresses that will be gone by the time the
worker runs (a moved, renamed, unpublished or deleted page's old address); everything else is
read by the task itself, from the committed database: every page then live, in every locale.
The render cache's generation (core.render_cache) advances with the change and again with
its commit (a reader between the two may have kept what was then committed), so the app
servers render the change at once and the edge cache, once banned, fetches it.
So the request that publishes does no more than note and enqueue, the task purges what is
current when it runs, and no reference index (which Wagtail itself updates in a task) is
needed to know which pages show a snippet: all of them show the plan's version.

Batching: all the changes one transaction makes (a publish writes its page, its history row,
its snippets' rows…) become one task, enqueued when that transaction commits
(`transaction.on_commit`); outside a transaction, each change is its own. A rolled-back
transaction or savepoint takes its pending purge with it, and enqueues nothing.
"""

import copy
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, Site

from api.prefix import ENDPOINTS_PREFIX
from core import render_cache
from edge.backends import PREFIX_MARK
from plan_pages.models import PlanPage
from plan_pages.versions import VERSION_SEGMENT, pdf_path


def purging_enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


# --- what to ban -------------------------------------------------------------------------


def as_prefix(url: str) -> str:
    return url + PREFIX_MARK


def page_address(page, url_path: str | None = None) -> str | None:
    """The full URL of `page`, or of where it was when its url_path was `url_path`."""
    if url_path is not None and url_path != page.url_path:
        page = copy.copy(page)
        page.url_path = url_path
    return page.get_full_url()


def site_urls(batch: PurgeBatch) -> None:
    """Every page live now, in every locale, and each site's non-page public addresses."""
    batch.add_pages(Page.objects.live().filter(depth__gt=1).specific(defer=True).order_by("path"))
    # The plan's kept versions (plan_pages.versions): their banner names the current version.
    for plan in PlanPage.objects.live().order_by("path"):
        address = plan.get_full_url()
        if address:
            batch.add_url(as_prefix(f"{address}{VERSION_SEGMENT}/"))
            # Its current PDF: a new version's PDF replaces it.
            batch.add_url(pdf_path(address))
    for site in Site.objects.all():
        root = site.root_url
        batch.add_urls([root + reverse("sitemap"), root + reverse("robots_txt")])
        batch.add_url(as_prefix(root + ENDPOINTS_PREFIX))
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                batch.add_url(as_prefix(root + reverse("search")))


def everything_urls() -> list[str]:
    """Every address of every site: a ban of all the cache holds."""
    return sorted(as_prefix(site.root_url + "/") for site in Site.objects.all())


def change_urls(gone_urls=()) -> list[str]:
    """What a change purges: the site as it is now, plus addresses gone with the change."""
    batch = PurgeBatch()
    site_urls(batch)
    batch.add_urls(gone_urls)
    return sorted(batch.urls)


def send(urls) -> int:
    """Ban `urls` in every configured cache that serves their host; how many URLs were sent."""
    urls = list(urls)
    for backend in get_backends().values():
        backend.purge_batch([url for url in urls if backend.invalidates_hostname(_host(url))])
    return len(urls)


def _host(url: str) -> str:
    return urlsplit(url).netloc


# --- from a change to one task ----------------------------------------------------------


@dataclass
class PendingPurge:
    """The changes of one transaction so far: their gone addresses."""

    gone_urls: set[str] = field(default_factory=set)

    def flush(self) -> None:
        if getattr(_pending, "purge", None) is self:
            _pending.purge = None
        committed(self.gone_urls)


_pending = threading.local()


def note_change(gone_urls=(), using=None) -> None:
    """A public change: the render cache's generation advances now (the transaction that
    made the change renders it) and again once it commits (everyone else), when a purge is
    queued too (one per transaction)."""
    render_cache.advance()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        # Autocommit: the change is committed already; on_commit runs at once.
        transaction.on_commit(lambda: committed(set(gone_urls)), using=using)
        return
    pending = getattr(_pending, "purge", None)
    if pending is None or not _awaits_commit(connection, pending):
        # The first change of this transaction. A pending purge whose callback is no longer
        # waiting belonged to a transaction (or savepoint) that was rolled back: dropped.
        pending = _pending.purge = PendingPurge()
        transaction.on_commit(pending.flush, using=using)
    pending.gone_urls.update(url for url in gone_urls if url)


def _awaits_commit(connection, pending: PendingPurge) -> bool:
    return any(callback == pending.flush for _sids, callback, _robust in connection.run_on_commit)


def committed(gone_urls) -> None:
    """A public change committed: renderings kept at the origin are out of date at once,
    and the edge cache's copies once the task worker has banned them."""
    render_cache.advance()
    if purging_enabled():
        enqueue(gone_urls)


def enqueue(gone_urls) -> None:
    from edge.tasks import purge_edge_cache

    purge_edge_cache.enqueue(sorted(url for url in gone_urls if url))
