"""Which changes purge the edge cache: receivers that note them (edge.purge.note_change).

Pages by Wagtail's page signals (a draft saved changes nothing public); snippets with drafts
by their publish, unpublish and delete; every other model the public site or the API shows
(api.http.public_models, plus the municipality's identity) by any save or delete. Rows loaded
as they were (`raw`: loaddata, a restore) are no change.
"""

import functools

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import DraftStateMixin, Page
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from api.http import public_models
from edge.purge import as_prefix, note_change, page_address, purging_enabled
from home.models import FooterLink, SiteIdentity
from plan_pages.models import VersionComparison


@functools.cache
def watched_models() -> tuple:
    """Models other than pages whose rows a public page or the API shows."""
    return (
        *(model for model in public_models() if not issubclass(model, Page)),
        SiteIdentity,
        FooterLink,
        # A kept version's comparison, computed after its page may have been seen.
        VersionComparison,
    )


def gone(page, url_path: str | None = None) -> list[str]:
    """A page's address (or its old one) and everything below it, as a ban prefix."""
    address = page_address(page, url_path)
    return [as_prefix(address)] if address else []


def page_was_published(sender, instance, **kwargs):
    note_change()


def page_was_unpublished(sender, instance, **kwargs):
    note_change(gone(instance))


def page_was_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    # A reorder (same address) changes the table of contents and the chapters' pager too.
    moved = url_path_before != url_path_after and instance.live
    note_change(gone(instance, url_path_before) if moved else ())


def page_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """A live page's new slug: its old address (and its subtree's) is gone on commit."""
    if raw or not isinstance(instance, Page) or instance.pk is None or not purging_enabled():
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    before = Page.objects.filter(pk=instance.pk).values("slug", "url_path", "live").first()
    if before and before["live"] and before["slug"] != instance.slug:
        note_change(gone(instance, before["url_path"]))


def page_deleting(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live and instance.depth > 1:
        note_change(gone(instance))


def object_was_published(sender, instance, **kwargs):
    if isinstance(instance, watched_models()):
        note_change()


def object_saved(sender, instance, raw=False, **kwargs):
    # Objects with drafts count when published (object_was_published), not on every draft.
    if raw or isinstance(instance, DraftStateMixin):
        return
    if isinstance(instance, watched_models()):
        note_change()


def object_deleted(sender, instance, **kwargs):
    if isinstance(instance, watched_models()):
        note_change()


def connect_purge_receivers():
    """Connected once per process, from edge.apps.EdgeConfig.ready."""
    page_published.connect(page_was_published, dispatch_uid="edge_page_published")
    page_unpublished.connect(page_was_unpublished, dispatch_uid="edge_page_unpublished")
    post_page_move.connect(page_was_moved, dispatch_uid="edge_page_moved")
    pre_save.connect(page_saving, dispatch_uid="edge_page_saving")
    pre_delete.connect(page_deleting, dispatch_uid="edge_page_deleting")
    published.connect(object_was_published, dispatch_uid="edge_object_published")
    unpublished.connect(object_was_published, dispatch_uid="edge_object_unpublished")
    post_save.connect(object_saved, dispatch_uid="edge_object_saved")
    post_delete.connect(object_deleted, dispatch_uid="edge_object_deleted")
