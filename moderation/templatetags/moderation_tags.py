"""What the approve and reject modals show about the step acted on."""

from django import template

from moderation.approval import approval_summary
from moderation.models import RevisionNote
from moderation.review import review_url

register = template.Library()


@register.simple_tag
def task_review(task_state):
    """The round's note, the review address and (for approvals) what will be recorded."""
    revision = task_state.revision
    obj = task_state.workflow_state.content_object
    return {
        "note": RevisionNote.for_round(obj, revision),
        "review_url": review_url(revision),
        "summary": approval_summary(task_state),
    }
