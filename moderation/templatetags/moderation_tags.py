"""What the approve and reject modals show about the step acted on."""

from django import template

from moderation.approval import approval_summary
from moderation.models import RevisionNote, previously_live_revision_id
from moderation.review import changed_fields, review_url

register = template.Library()


@register.simple_tag(takes_context=True)
def task_review(context, task_state):
    """The round's note, its changes, the review address and (for approvals) what will be
    recorded."""
    revision = task_state.revision
    obj = task_state.workflow_state.content_object
    return {
        "note": RevisionNote.for_round(obj, revision),
        "changes": changed_fields(revision, context.get("request")),
        "is_new": previously_live_revision_id(obj, revision) is None,
        "review_url": review_url(revision),
        "summary": approval_summary(task_state),
    }
