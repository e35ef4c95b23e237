"""Connect the plan's history and notifications to Wagtail's workflow signals."""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.signals import published, task_approved, task_submitted

from . import history
from .models import PlanApprovalTaskState


class PlanTaskSubmissionEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's e-mail to a step's group, for our TaskState subclass.

    Wagtail connects its notifier to TaskState only, and names templates after
    the instance's class; ours reuses Wagtail's task_state_* templates.
    """

    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"


task_submission_notifier = PlanTaskSubmissionEmailNotifier()


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
