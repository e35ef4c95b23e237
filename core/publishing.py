"""Every publish is one unit of work.

Wagtail's publish (`PublishRevisionAction.execute`) is not wrapped in a
transaction: the object's row, the receivers of the `published` signal (the
plan's Dokumenthistorikk row and version bump, in moderation.history), the
audit log and the workflow's cancellation each commit on their own. A receiver
that fails then leaves new content live without its history row, and a lock a
receiver takes (`select_for_update`) is no lock at all.

`AtomicPublishMixin` runs each publish of a model in one transaction, on every
path that publishes (the admin, bulk actions, the workflow's last approval,
`publish_scheduled`, wagtail-localize, `load_plan`), and sends `publishing`
inside it before Wagtail reads the object it will publish, so that a receiver
can take the locks the publish needs first (see moderation.history).
"""

from django.db import transaction
from django.dispatch import Signal

# Sent inside the publish's transaction, before anything is read or written.
# Arguments: sender (the model), instance (the object as stored), revision.
publishing = Signal()


class AtomicPublishMixin:
    """For page and snippet models with drafts: publishing is all or nothing."""

    def publish(self, revision, *args, **kwargs):
        with transaction.atomic():
            publishing.send(sender=type(self), instance=self, revision=revision)
            return super().publish(revision, *args, **kwargs)
