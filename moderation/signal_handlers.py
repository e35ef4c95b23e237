"""Connect the plan's history and notifications to Wagtail's workflow signals."""

from django.db.models.signals import post_save
from wagtail.models import Revision
from wagtail.signals import published, task_approved

from core.forms import CHANGE_NOTE_ATTRIBUTE
from core.publishing import publishing

from . import history, notifications
from .models import PlanApprovalTaskState, RevisionNote


def on_task_approved(sender, instance, user=None, **kwargs):
    history.record_approval(instance)


def on_publishing(sender, instance, revision=None, **kwargs):
    history.lock_plan_before_publish(instance)


def on_revision_saved(sender, instance, created=False, raw=False, **kwargs):
    """Keep the author's change note with the revision the edit form saved.

    The admin's form puts the note on the object it saves a revision of
    (core.forms.ChangeNoteFormMixin); written here, in the revision's own
    save, it exists before a publish of the revision writes the history row.
    """
    if not created or raw or not Revision.content_object.is_cached(instance):
        return
    note = getattr(instance.content_object, CHANGE_NOTE_ATTRIBUTE, "").strip()
    if note:
        RevisionNote.objects.create(revision=instance, text=note)


def on_published(sender, instance, revision=None, **kwargs):
    """Any publish (pages and snippets alike send `published`).

    An editorial publish writes its history row here, inside the publish's
    transaction, and the approving bodies hear of it once that has committed.
    """
    user = revision.user if revision is not None else None
    entry = history.record_editorial_publish(instance, revision, user)
    if entry is not None:
        notifications.notify_editorial_publish(entry)


def register():
    task_approved.connect(
        on_task_approved, sender=PlanApprovalTaskState, dispatch_uid="plan_history_task_approved"
    )
    publishing.connect(on_publishing, dispatch_uid="plan_lock_before_publish")
    published.connect(on_published, dispatch_uid="plan_history_published")
    post_save.connect(on_revision_saved, sender=Revision, dispatch_uid="plan_revision_note")
    notifications.register()
