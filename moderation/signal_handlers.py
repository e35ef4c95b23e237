"""Connect the plan's history and notifications to Wagtail's workflow signals."""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.signals import published, task_approved, task_submitted

from . import history
from .models import PlanApprovalTaskState

task_submission_notifier = GroupApprovalTaskStateSubmissionEmailNotifier()


def on_task_approved(sender, instance, user=None, **kwargs):
    history.record_approval(instance)


def on_published(sender, instance, revision=None, **kwargs):
    """Any publish (pages and snippets alike send `published`)."""
    user = revision.user if revision is not None else None
    history.record_editorial_publish(instance, revision, user)


def register():
    task_approved.connect(
        on_task_approved, sender=PlanApprovalTaskState, dispatch_uid="plan_history_task_approved"
    )
    published.connect(on_published, dispatch_uid="plan_history_published")
    # Wagtail notifies a group approval task's members only for its own TaskState class.
    task_submitted.connect(
        task_submission_notifier,
        sender=PlanApprovalTaskState,
        dispatch_uid="plan_task_submitted_email_notification",
    )
