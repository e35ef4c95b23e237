"""The admin dashboard's panels for the plan's moderation: what each role acts on.

Wagtail's stock panels (site summary, workflow panels, locked pages, recent
edits) are replaced in wagtail_hooks.py; each role gets only the panels it can
use. Every panel runs a fixed number of queries, however many rows it lists.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import (
    DraftStateMixin,
    ModelLogEntry,
    Page,
    PageLogEntry,
    TaskState,
    WorkflowState,
)
from wagtail.snippets.models import get_snippet_models

from roles.permissions import role_reach

from .models import PlanApprovalTask, RevisionNote, previously_live_revision_id_expression
from .review import is_approver, review_url

RECENT_LIMIT = 10
SUBMISSIONS_LIMIT = 20


def workflow_action_url_name(obj) -> str:
    if isinstance(obj, Page):
        return "wagtailadmin_pages:workflow_action"
    return obj.snippet_viewset.get_url_name("workflow_action")


def edit_url(obj) -> str:
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse(obj.snippet_viewset.get_url_name("edit"), args=[obj.pk])


def with_round_notes(task_states):
    """`task_states` annotated with `round_note`: RevisionNote.for_round(obj, revision)
    for each state's revision, in the same query."""
    note = (
        RevisionNote.objects.filter(
            revision__base_content_type_id=OuterRef("revision__base_content_type_id"),
            revision__object_id=OuterRef("revision__object_id"),
            revision_id__lte=OuterRef("revision_id"),
            revision_id__gt=OuterRef("previously_live_id"),
        )
        .order_by("-revision_id")
        .values("text")[:1]
    )
    previously_live = previously_live_revision_id_expression(
        object_id="revision__object_id",
        content_type_id="revision__content_type_id",
        base_content_type_id="revision__base_content_type_id",
        revision_id="revision_id",
    )
    return task_states.annotate(previously_live_id=previously_live).annotate(
        round_note=Subquery(note)
    )


class AwaitingMyApprovalPanel(Component):
    """For the approving bodies: the steps they may act on, with what they decide on."""

    name = "plan_awaiting_my_approval"
    template_name = "moderation/dashboard/awaiting_my_approval.html"
    order = 100

    def __init__(self, user):
        self.user = user

    def rows(self):
        tasks = PlanApprovalTask.objects.filter(active=True, groups__in=self.user.groups.all())
        rows = []
        for task in tasks.distinct().order_by("pk"):
            states = (
                with_round_notes(task.get_task_states_user_can_moderate(self.user))
                .select_related("revision", "workflow_state__requested_by")
                .prefetch_related("revision__content_object")
                .order_by("-started_at")
            )
            for state in states:
                obj = state.revision.content_object
                if obj is None:
                    continue
                rows.append(
                    {
                        "obj": obj,
                        "title": state.revision.object_str,
                        "step": task.name,
                        "task_state": state,
                        "submitter": state.workflow_state.requested_by,
                        "submitted_at": state.workflow_state.created_at,
                        "note": state.round_note or "",
                        "review_url": review_url(state.revision),
                        # A state the task says the user may moderate: get_actions'
                        # answer for it, without asking again per row.
                        "actions": task.decision_actions(),
                        "action_url_name": workflow_action_url_name(obj),
                    }
                )
        return rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows(), "csrf_token": parent_context.get("csrf_token")}


def _object_title(obj) -> str:
    return obj.get_admin_display_title() if isinstance(obj, Page) else str(obj)


def state_label(workflow_state) -> str:
    """A submission's state in Norwegian."""
    task_state = workflow_state.current_task_state
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return _("avvist")
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        return _("godkjent")
    if workflow_state.status == WorkflowState.STATUS_CANCELLED:
        return _("trukket tilbake")
    body = body_name(task_state.task) if task_state else ""
    return _("til behandling hos %(body)s") % {"body": body}


def rejection_reason(workflow_state) -> str:
    """The reason the rejecting body gave, for a submission sent back (or "")."""
    task_state = workflow_state.current_task_state
    if (
        workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        and task_state is not None
        and task_state.status == TaskState.STATUS_REJECTED
    ):
        return task_state.comment or ""
    return ""


def body_name(task) -> str:
    """The body a step belongs to, as the history names it (a plan task's body, else the task)."""
    plan_task = getattr(task, "planapprovaltask", None)
    return plan_task.body_name if plan_task else task.name


def rejecting_body(workflow_state) -> str:
    return body_name(workflow_state.current_task_state.task)


def draft_models():
    """The models whose objects an editor may leave as drafts: pages and draftable snippets."""
    return [Page] + [m for m in get_snippet_models() if issubclass(m, DraftStateMixin)]


class MyDraftsAndSubmissionsPanel(Component):
    """For those who write (SLT, the adviser): their drafts, and their submissions' states."""

    name = "plan_my_drafts_and_submissions"
    template_name = "moderation/dashboard/my_drafts_and_submissions.html"
    order = 200

    def __init__(self, user):
        self.user = user

    def submissions(self):
        states = (
            WorkflowState.objects.filter(requested_by=self.user)
            .exclude(status=WorkflowState.STATUS_CANCELLED)
            .select_related("current_task_state__task__planapprovaltask")
            .prefetch_related("content_object")
            .order_by("-created_at")[:SUBMISSIONS_LIMIT]
        )
        rows, seen = [], set()
        for state in states:
            obj = state.content_object
            key = (state.base_content_type_id, state.object_id)
            if obj is None or key in seen:
                continue  # only the newest submission of each object
            seen.add(key)
            reason = rejection_reason(state)
            rows.append(
                {
                    "obj": obj,
                    "title": _object_title(obj),
                    "state": state,
                    "label": state_label(state),
                    "rejected": bool(state.status == WorkflowState.STATUS_NEEDS_CHANGES),
                    "reason": reason,
                    "rejected_by": rejecting_body(state) if reason else "",
                    "edit_url": edit_url(obj),
                }
            )
        return rows

    def drafts(self):
        """Objects with unpublished changes whose latest revision is the user's, not in a
        workflow now (those are listed with the submissions)."""
        in_workflow = {
            (ct, object_id)
            for ct, object_id in WorkflowState.objects.active().values_list(
                "base_content_type_id", "object_id"
            )
        }
        rows = []
        for model in draft_models():
            objects = model.objects.filter(
                has_unpublished_changes=True, latest_revision__user=self.user
            ).select_related("latest_revision")
            for obj in objects:
                if (obj.get_base_content_type().pk, str(obj.pk)) in in_workflow:
                    continue
                rows.append(
                    {
                        "obj": obj,
                        "title": _object_title(obj),
                        "saved_at": obj.latest_revision.created_at,
                        "edit_url": edit_url(obj),
                    }
                )
        return sorted(rows, key=lambda row: row["saved_at"], reverse=True)

    def get_context_data(self, parent_context):
        return {"drafts": self.drafts(), "submissions": self.submissions()}


class RecentlyPublishedPanel(Component):
    """For everybody: what went live lately, of what anybody may read (live, public)."""

    name = "plan_recently_published"
    template_name = "moderation/dashboard/recently_published.html"
    order = 900

    def __init__(self, user):
        self.user = user

    def page_rows(self, request):
        entries = list(
            PageLogEntry.objects.filter(action="wagtail.publish")
            .select_related("user")
            .order_by("-timestamp", "-pk")[: RECENT_LIMIT * 3]
        )
        visible = (
            Page.objects.filter(pk__in={entry.page_id for entry in entries})
            .live()
            .public()
            .in_bulk()
        )
        return [
            {
                # The live title: the page row's, never a draft's (draft_title).
                "title": visible[entry.page_id].title,
                "url": visible[entry.page_id].get_url(request),
                "timestamp": entry.timestamp,
                "user": entry.user,
            }
            for entry in entries
            if entry.page_id in visible
        ]

    def snippet_rows(self):
        models = [m for m in get_snippet_models() if issubclass(m, DraftStateMixin)]
        types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
        entries = list(
            ModelLogEntry.objects.filter(
                action="wagtail.publish", content_type__in=list(types.values())
            )
            .select_related("user")
            .order_by("-timestamp", "-pk")[: RECENT_LIMIT * 3]
        )
        live = {}
        for model, content_type in types.items():
            ids = [e.object_id for e in entries if e.content_type_id == content_type.pk]
            if ids:
                objects = model.objects.filter(pk__in=ids, live=True)
                live[content_type.pk] = {str(obj.pk): obj for obj in objects}
        rows = []
        for entry in entries:
            obj = live.get(entry.content_type_id, {}).get(entry.object_id)
            if obj is not None:
                rows.append(
                    {
                        "title": str(obj),
                        "kind": obj._meta.verbose_name,
                        "url": "",
                        "timestamp": entry.timestamp,
                        "user": entry.user,
                    }
                )
        return rows

    def get_context_data(self, parent_context):
        rows = sorted(
            self.page_rows(parent_context.get("request")) + self.snippet_rows(),
            key=lambda r: r["timestamp"],
            reverse=True,
        )
        return {"rows": rows[:RECENT_LIMIT]}


def panels_for(user) -> list[Component]:
    """The moderation panels the user can use."""
    panels = []
    if is_approver(user):
        panels.append(AwaitingMyApprovalPanel(user))
    if role_reach(user).source:
        panels.append(MyDraftsAndSubmissionsPanel(user))
    panels.append(RecentlyPublishedPanel(user))
    return panels
