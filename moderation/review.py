"""Reviewing a revision: what an approving body or an editor sees before acting on it.

One admin address per revision (`review_url`) shows the author's note and the
revision compared with what was live before it. Editors who may edit the object
see any revision; members of an approving body, who have no edit rights, see a
revision that is under review in the plan's workflow or that has been published
(the public already saw it), never a draft nobody submitted.
"""

from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, Revision, TaskState
from wagtail.snippets.models import get_snippet_models

from .models import PlanApprovalTask, previously_live_revision_id

URL_NAME = "plan_review"


def review_url(revision) -> str:
    """The admin path where `revision` is reviewed."""
    return reverse(URL_NAME, args=[revision.pk])


def is_approver(user) -> bool:
    """Whether the user belongs to an approving body (a group of a plan approval task)."""
    return (
        user.is_authenticated
        and PlanApprovalTask.objects.filter(active=True, groups__in=user.groups.all()).exists()
    )


def may_edit(user, obj) -> bool:
    if isinstance(obj, Page):
        perms = obj.permissions_for_user(user)
        return perms.can_edit() or perms.can_publish()
    if type(obj) in get_snippet_models():
        policy = type(obj).snippet_viewset.permission_policy
        return policy.user_has_permission_for_instance(user, "change", obj)
    return False


def is_under_review_or_published(revision) -> bool:
    if TaskState.objects.filter(revision=revision, status=TaskState.STATUS_IN_PROGRESS).exists():
        return True
    return (
        log_registry.get_logs_for_instance(revision.content_object)
        .filter(action="wagtail.publish", revision=revision)
        .exists()
    )


def may_review(user, revision) -> bool:
    obj = revision.content_object
    if may_edit(user, obj):
        return True
    return is_approver(user) and is_under_review_or_published(revision)


def may_compare(user, obj, revisions) -> bool:
    """Whether `user` may see `obj`'s `revisions` compared (Wagtail's compare views).

    The same rule as `may_review`, for each side: an approving body sees a
    comparison only of revisions under review or published; "live" (None here)
    is what the public sees, so only of a live object.
    """
    if may_edit(user, obj):
        return True
    if not is_approver(user):
        return False
    return all(
        obj.live if revision is None else is_under_review_or_published(revision)
        for revision in revisions
    )


def edit_handler_for(obj):
    """The edit handler whose panels say which fields a comparison of `obj` shows."""
    if isinstance(obj, Page):
        return obj.get_edit_handler()
    return type(obj).snippet_viewset.get_edit_handler()


def changed_fields(revision, request) -> list:
    """The field comparisons of `revision` against what was live before it, changed ones only
    (empty for an object never published)."""
    obj = revision.content_object
    before_id = previously_live_revision_id(obj, revision)
    if before_id is None:
        return []
    before = Revision.objects.get(pk=before_id).as_object()
    after = revision.as_object()
    panel = edit_handler_for(obj).get_bound_panel(instance=obj, request=request, form=None)
    comparisons = (make(before, after) for make in panel.get_comparison())
    return [comparison for comparison in comparisons if comparison.has_changed()]
