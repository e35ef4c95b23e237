"""What an approval records: the version that results and the history row's change text.

The approve modal shows it before the body acts (from the step and the round's
note), the confirmation after; `moderation.history.record_approval` writes it
with the same `approval_change` text.
"""

from dataclasses import dataclass

from wagtail.models import TaskState

from plan_pages.versioning import next_version

from .history import approval_change, plan_for
from .models import RevisionNote


@dataclass(frozen=True)
class ApprovalSummary:
    body_name: str
    is_final: bool
    # The plan's version the row carries (after a final approval: the raised one).
    version: str
    # A final step's version with "Ny hovedversjon" ticked (None on other steps).
    major_version: str | None
    change: str


def is_final_step(task_state) -> bool:
    """Whether approving `task_state` finishes its workflow (and publishes the revision)."""
    workflow_state = task_state.workflow_state
    if task_state.status == TaskState.STATUS_APPROVED:
        return workflow_state.status == workflow_state.STATUS_APPROVED
    return workflow_state.is_at_final_task


def approval_summary(task_state) -> ApprovalSummary | None:
    """What approving `task_state` records (or recorded, once approved); None outside a plan."""
    task_state = task_state.specific
    obj = task_state.workflow_state.content_object
    plan = plan_for(obj)
    if plan is None:
        return None
    plan.refresh_from_db(fields=["version"])
    body_name = task_state.task.specific.body_name
    final = is_final_step(task_state)
    if task_state.status == TaskState.STATUS_APPROVED:
        # The row is written: the plan's version is the one it set or carried.
        return ApprovalSummary(
            body_name=body_name,
            is_final=final,
            version=plan.version,
            major_version=None,
            change=approval_change(body_name, task_state.case_reference, task_state.comment or ""),
        )
    note = RevisionNote.for_round(obj, task_state.revision)
    return ApprovalSummary(
        body_name=body_name,
        is_final=final,
        version=next_version(plan.version) if final else plan.version,
        major_version=next_version(plan.version, major=True) if final else None,
        change=approval_change(body_name, "", note),
    )
