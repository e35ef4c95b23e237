"""When the archive records a version: a history row that sets a version, once written;
and a translation published later, for its language's copy of the current version."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.signals import page_published

from archive import freeze
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage


def on_history_entry_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created or not instance.sets_version:
        return
    render_on_commit(freeze.record_version(instance))


def on_page_published(sender, instance, **kwargs):
    """A translated plan or chapter published: its language's copy of the current version."""
    if not isinstance(instance, PlanPage | ChapterPage) or instance.locale.is_default:
        return
    recorded = freeze.record_translation(instance)
    render_on_commit([recorded] if recorded else [])


def render_on_commit(recorded) -> None:
    """The worker renders each recorded version once the publish has committed."""
    if not recorded or not settings.PLANPORTAL_RENDER_KEPT_VERSIONS:
        return
    from archive.tasks import compare_published_version, render_published_version

    for published in recorded:
        transaction.on_commit(
            lambda pk=published.pk: render_published_version.enqueue(pk), robust=False
        )
    # After the rendering, and robust: a comparison that cannot be queued (or fails with
    # the immediate backend) does not hold up the rest of the archive's work.
    for published in recorded:
        transaction.on_commit(
            lambda pk=published.pk: compare_published_version.enqueue(pk), robust=True
        )


def connect():
    post_save.connect(
        on_history_entry_saved, sender=HistoryEntry, dispatch_uid="archive_record_version"
    )
    page_published.connect(on_page_published, dispatch_uid="archive_record_translation")
