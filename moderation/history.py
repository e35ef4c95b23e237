"""Writing the plan's Dokumenthistorikk from approvals and publishes.

Every approval step and every publish of a page of the plan or of one of its
snippets (measures, goal areas, actors, contacts) writes exactly one HistoryEntry, inside the transaction of the action. The
plan's version is raised only under a lock on the plan's row, taken before
anything of the publish is read (core.publishing sends `publishing` first), so
concurrent publishes each get their own version, on PostgreSQL (row lock) and
SQLite (a writer's transaction holds the database).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from plan_pages.models import HistoryEntry, PlanPage
from plan_pages.versioning import next_version
from roles.definitions import ROLES
from snippets.models import PlanSnippet

from .models import RevisionNote, previously_live_revision_id

_suppressed: ContextVar[bool] = ContextVar("plan_history_suppressed", default=False)

EDITORIAL_RESPONSIBLE_FALLBACK = "Administrator"
EDITORIAL_PREFIX = "Redaksjonell endring: "


@contextmanager
def history_suppressed():
    """Publishes inside this block write no history (loading the plan from its source)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def plan_for(obj) -> PlanPage | None:
    """The source-language plan an object belongs to, if it is part of a plan at all.

    Every snippet of the plan counts, not only measures: a contact, an actor or a
    goal area changes what the plan tells citizens wherever its pages show it.
    Translations (any other locale) are not the plan's text: they write no history.
    """
    if isinstance(obj, Page):
        if not obj.locale.is_default:
            return None
        if isinstance(obj.specific_deferred, PlanPage):
            return obj.specific_deferred
        return PlanPage.objects.ancestor_of(obj).first()
    if isinstance(obj, PlanSnippet):
        if not obj.locale.is_default:
            return None
        return PlanPage.objects.filter(locale=obj.locale).order_by("path").first()
    return None


def _locked_plan(plan: PlanPage) -> PlanPage:
    """The plan row, locked until the surrounding transaction ends.

    Outside a transaction a lock is no lock (PostgreSQL refuses it, SQLite
    ignores it): say so on every database rather than race.
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            "The plan's version is read and raised only inside the transaction of the "
            "publish or approval that changes it (core.publishing)."
        )
    return (
        PlanPage.objects.select_for_update().only("pk", "version", "version_date").get(pk=plan.pk)
    )


def lock_plan_before_publish(obj) -> None:
    """Take the plan's lock before a publish of one of its objects reads anything.

    Publishing the plan page itself writes its whole row, version included:
    the version it writes is the one read under the lock, never an older one.
    """
    if _suppressed.get():
        return
    plan = plan_for(obj)
    if plan is None:
        return
    locked = _locked_plan(plan)
    if isinstance(obj, PlanPage) and obj.pk == locked.pk:
        obj.version, obj.version_date = locked.version, locked.version_date


def _set_version(plan: PlanPage, version: str, date) -> None:
    # The version is not under revision control (PlanPage.with_content_json keeps it),
    # so it is written to the row directly and never rolled back by a draft.
    PlanPage.objects.filter(pk=plan.pk).update(version=version, version_date=date)


def role_name(user) -> str:
    names = set(user.groups.values_list("name", flat=True)) if user else set()
    for role in ROLES:
        if role.name in names:
            return role.name
    return EDITORIAL_RESPONSIBLE_FALLBACK


def approval_change(body_name: str, case_reference: str, comment: str) -> str:
    """An approval row's change text (also shown in the approve modal, moderation.approval)."""
    change = f"Godkjent i {body_name}"
    if case_reference:
        change += f" ({case_reference})"
    change += "."
    if comment:
        change += f" {comment}"
    return change


def record_approval(task_state) -> HistoryEntry | None:
    """One row for an approved step; the final step also raises the version."""
    workflow_state = task_state.workflow_state
    obj = workflow_state.content_object
    plan = plan_for(obj)
    if plan is None:
        return None
    task = task_state.task.specific
    plan = _locked_plan(plan)
    date = task_state.decision_date or timezone.localdate()
    is_final = workflow_state.status == workflow_state.STATUS_APPROVED
    version = plan.version
    if is_final:
        version = next_version(plan.version, major=task_state.new_major_version)
        _set_version(plan, version, date)
    return HistoryEntry.objects.create(
        plan=plan,
        date=date,
        version=version,
        change=approval_change(task.body_name, task_state.case_reference, task_state.comment),
        responsible=task.body_name,
        revision=task_state.revision,
        previous_revision_id=previously_live_revision_id(obj, task_state.revision),
        sets_version=is_final,
        user=task_state.finished_by,
    )


def was_approved_in_workflow(revision) -> bool:
    """Whether a revision is published by its workflow's final approval (which writes the row).

    A revision approved by one step only, in a workflow later rejected or
    cancelled, published directly by the adviser is an editorial publish.
    """
    return TaskState.objects.filter(
        revision=revision,
        status=TaskState.STATUS_APPROVED,
        workflow_state__status=WorkflowState.STATUS_APPROVED,
    ).exists()


def record_editorial_publish(obj, revision, user) -> HistoryEntry | None:
    """A publish outside the workflow: a minor version and a "Redaksjonell endring" row."""
    if _suppressed.get() or revision is None or was_approved_in_workflow(revision):
        return None
    plan = plan_for(obj)
    if plan is None:
        return None
    plan = _locked_plan(plan)
    today = timezone.localdate()
    version = next_version(plan.version)
    _set_version(plan, version, today)
    # Without the author's note, name only the kind of object: a title could
    # outlive the page in the public history after it is unpublished.
    note = RevisionNote.for_round(obj, revision) or f"{obj._meta.verbose_name} publisert"
    return HistoryEntry.objects.create(
        plan=plan,
        date=today,
        version=version,
        change=EDITORIAL_PREFIX + note,
        responsible=role_name(user),
        revision=revision,
        previous_revision_id=previously_live_revision_id(obj, revision),
        sets_version=True,
        user=user,
    )
