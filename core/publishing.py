"""Every publish is one unit of work.

Wagtail's publish (`PublishRevisionAction.execute`) is not wrapped in a
transaction: the object's row, the receivers of the `published` signal (the
plan's Dokumenthistorikk row and version bump, in moderation.history), aliases,
the audit log and the workflow's cancellation each commit on their own. A
receiver that fails then leaves new content live without its history row, and
a lock a receiver takes (`select_for_update`) is no lock at all.

Every publish in Wagtail, whatever starts it (the page editor, which builds
the action itself; a snippet's editor; bulk actions; the workflow's last
approval; `publish_scheduled`; wagtail-localize; `load_plan`), runs that one
method, and Wagtail offers no hook around it. So `install()` (from
CoreConfig.ready) wraps it: the whole publish runs in one transaction, and
`publishing` is sent inside it first, so that a receiver can take the locks
the publish needs before anything is written (see moderation.history).
"""

import functools

from django.db import transaction
from django.dispatch import Signal
from wagtail.actions.publish_revision import PublishRevisionAction

# Sent inside the publish's transaction, before anything is written.
# Arguments: sender (the model), instance (the object about to be saved), revision.
publishing = Signal()


def _atomic(execute):
    @functools.wraps(execute)
    def atomic_execute(action, *args, **kwargs):
        with transaction.atomic():
            publishing.send(
                sender=type(action.object), instance=action.object, revision=action.revision
            )
            return execute(action, *args, **kwargs)

    atomic_execute.planportal_atomic = True
    return atomic_execute


def install() -> None:
    """Wrap Wagtail's publish once per process (idempotent)."""
    if not getattr(PublishRevisionAction.execute, "planportal_atomic", False):
        PublishRevisionAction.execute = _atomic(PublishRevisionAction.execute)
