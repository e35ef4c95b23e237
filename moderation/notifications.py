"""The e-mails of the plan's moderation: Norwegian, with the change note and the review link.

Wagtail's workflow e-mails (wagtail.admin.mail) are sent inside the action's
transaction (a rolled-back approval still e-mails), in the recipient's admin
language or else the language of whoever acted, and they tell every member of a
step's group to edit the page, which an approving body cannot. The notifiers
here take the place of Wagtail's (`register`), for pages and snippets alike:

- Rendered once the action has committed (`transaction.on_commit`) and sent
  by the task worker (moderation.tasks): an action that is rolled back sends
  nothing, and an SMTP outage neither slows nor fails it (the sending is
  retried).
- Rendered in the plan's source language (settings.LANGUAGE_CODE, Norwegian
  bokmål) whatever the request's or the recipient's admin language: the plan,
  its change notes and the bodies' decisions are Norwegian, and so is the text
  around them (our templates' msgids are Norwegian; the overridden
  wagtailadmin/notifications/base.* make the greeting Norwegian too).
- Each names the revision it is about and carries the author's change note for
  its round (RevisionNote.for_round) and an absolute link to the revision's
  review (moderation.review.review_url): what changed against what was live.
- The edit link goes only to a recipient who may edit the object (the admin's
  own AdminURLFinder decides, as for its menus): never to an approving body.

An editorial publish, the communications adviser's direct publish outside the
workflow, is announced to every member of the approving bodies
(`notify_editorial_publish`), so that it cannot bypass them unseen.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.mail import (
    EmailNotificationMixin,
    GroupApprovalTaskStateSubmissionEmailNotifier,
    Notifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from plan_pages.models import HistoryEntry

from .definitions import WORKFLOW_NAME
from .models import PlanApprovalTask, PlanApprovalTaskState, RevisionNote
from .review import review_url
from .tasks import send_notification_email


def absolute_admin_url(path: str) -> str:
    return (get_admin_base_url() or "").rstrip("/") + path


def edit_link(obj, user) -> str:
    """The absolute address of `obj`'s editor, if `user` may edit it; else empty."""
    path = AdminURLFinder(user).get_edit_url(obj)
    return absolute_admin_url(path) if path else ""


def send_norwegian_emails(template_set: dict, context: dict, recipients) -> bool:
    """Render each recipient's e-mail in the source language and queue its sending.

    Unlike Wagtail's EmailNotificationMixin.send_emails, the language is the
    plan's, not the recipient's, and the context is the recipient's own
    (`user`, `edit_link`). The e-mails are rendered here, when the action has
    committed, so they say what was true then; each is sent by its own task
    (moderation.tasks.send_notification_email) in the task worker, so an SMTP
    outage neither slows nor fails the action, a failing recipient does not
    stop the others, and a failed sending is retried.
    """
    use_html = getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False)
    with translation.override(settings.LANGUAGE_CODE):
        for recipient in recipients:
            message_context = {
                **context,
                "user": recipient,
                "edit_link": edit_link(context["object"], recipient),
            }
            # A subject is one line, however the template wraps it.
            subject = " ".join(render_to_string(template_set["subject"], message_context).split())
            body = render_to_string(template_set["text"], message_context).strip()
            html = render_to_string(template_set["html"], message_context) if use_html else None
            send_notification_email.enqueue(recipient.email, subject, body, html)
    return True


class PlanEmailMixin:
    """What every e-mail of the plan's moderation does (see the module docstring)."""

    def __call__(self, instance=None, **kwargs):
        if not self.can_handle(instance, **kwargs):
            return False
        send = super().__call__
        transaction.on_commit(lambda: send(instance, **kwargs), robust=True)
        return True

    def get_revision(self, instance):
        raise NotImplementedError

    def get_context(self, instance, **kwargs):
        context = super().get_context(instance, **kwargs)
        revision = self.get_revision(instance)
        obj = context.get("object") or revision.content_object
        if isinstance(obj, Page):
            # Named as its own type ("kapittel"), not as a page in general.
            obj = context["page"] = obj.specific
        context.update(
            object=obj,
            model_name=obj._meta.verbose_name,
            revision=revision,
            # The revision's own title, not a newer draft's.
            title=revision.object_str,
            note=RevisionNote.for_round(obj, revision),
            review_link=absolute_admin_url(review_url(revision)),
        )
        return context

    def send_emails(self, template_set, context, recipients, **kwargs):
        return send_norwegian_emails(template_set, context, recipients)


class PlanTaskSubmissionEmailNotifier(
    PlanEmailMixin, GroupApprovalTaskStateSubmissionEmailNotifier
):
    """A step's group (and the superusers) hear that a revision awaits their decision.

    Wagtail names the templates after the instance's class; ours is a
    PlanApprovalTaskState or Wagtail's TaskState, both use task_state_*.
    """

    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"

    def get_revision(self, task_state):
        return task_state.revision

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["requested_by"] = task_state.workflow_state.requested_by
        return context


def _workflow_revision(workflow_state):
    task_state = workflow_state.current_task_state
    if task_state is not None:
        return task_state.revision
    return workflow_state.content_object.get_latest_revision()


class PlanWorkflowSubmissionEmailNotifier(PlanEmailMixin, WorkflowStateSubmissionEmailNotifier):
    """The superusers hear of every submission (Wagtail's rule), but not of their own."""

    def get_recipient_users(self, workflow_state, **kwargs):
        recipients = super().get_recipient_users(workflow_state, **kwargs)
        if kwargs.get("user") is not None:
            recipients = recipients.exclude(pk=kwargs["user"].pk)
        return recipients

    def get_revision(self, workflow_state):
        return _workflow_revision(workflow_state)


class PlanWorkflowApprovalEmailNotifier(PlanEmailMixin, WorkflowStateApprovalEmailNotifier):
    """The submitter hears that the last step approved (and so published) the revision."""

    def get_revision(self, workflow_state):
        return _workflow_revision(workflow_state)


class PlanWorkflowRejectionEmailNotifier(PlanEmailMixin, WorkflowStateRejectionEmailNotifier):
    """The submitter hears which step rejected the revision, by whom and why (`comment`)."""

    def get_revision(self, workflow_state):
        return _workflow_revision(workflow_state)


class EditorialPublishEmailNotifier(PlanEmailMixin, EmailNotificationMixin, Notifier):
    """The approving bodies hear of a publish outside the workflow, from its history row.

    Every member of the group of an active plan approval task, except whoever
    published: the notice is the bodies' control of editorial publishing, so no
    notification preference turns it off.
    """

    notification = "editorial_publish"
    template_directory = "moderation/notifications/"

    def __init__(self):
        super().__init__((HistoryEntry,))

    def get_template_base_prefix(self, instance, **kwargs):
        return ""

    def get_recipient_users(self, entry, **kwargs):
        groups = PlanApprovalTask.objects.filter(active=True).values_list("groups", flat=True)
        members = get_user_model().objects.filter(groups__in=groups)
        if entry.user_id is not None:
            members = members.exclude(pk=entry.user_id)
        return members.distinct()

    def get_valid_recipients(self, entry, **kwargs):
        return {
            user
            for user in self.get_recipient_users(entry, **kwargs)
            if user.is_active and user.email
        }

    def get_revision(self, entry):
        return entry.revision

    def get_context(self, entry, **kwargs):
        context = super().get_context(entry, **kwargs)
        context["entry"] = entry
        context["workflow_name"] = WORKFLOW_NAME
        return context


task_submission_notifier = PlanTaskSubmissionEmailNotifier()
editorial_publish_notifier = EditorialPublishEmailNotifier()

# Each of ours in the place of Wagtail's (wagtail.admin.signal_handlers), under
# the dispatch_uid Wagtail connects it with.
RECEIVERS = (
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        task_submission_notifier,
    ),
    # Wagtail connects its notifier to TaskState only; task_submitted is sent
    # with the state's own class.
    (
        task_submitted,
        PlanApprovalTaskState,
        "plan_task_submitted_email_notification",
        task_submission_notifier,
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        PlanWorkflowSubmissionEmailNotifier(),
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        PlanWorkflowRejectionEmailNotifier(),
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        PlanWorkflowApprovalEmailNotifier(),
    ),
)


def register() -> None:
    """Connect our notifiers in the place of Wagtail's, whichever app is ready first.

    Wagtail's connected before: disconnected here. Wagtail's connected after:
    Signal.connect ignores a dispatch_uid it already has for the sender.
    """
    for signal, sender, dispatch_uid, notifier in RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid)


def notify_editorial_publish(entry: HistoryEntry) -> None:
    """Tell the approving bodies of an editorial publish, once it has committed."""
    editorial_publish_notifier(instance=entry)
