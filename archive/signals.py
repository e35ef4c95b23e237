"""When the archive records a version: a history row that sets a version, once written."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save

from archive import freeze
from plan_pages.models import HistoryEntry


def on_history_entry_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created or not instance.sets_version:
        return
    recorded = freeze.record_version(instance)
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
