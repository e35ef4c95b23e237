"""How a finished "Planbehandling" publishes (settings.WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def publish_approved_revision(workflow_state, user=None):
    """Publish exactly the revision the last step approved.

    The approving body has no publish permission of its own: its right to
    publish comes from having approved the final step (the task refuses anyone
    outside its group), so the permission check is skipped here and only here.
    A revision with a "go live at" date is scheduled rather than published.
    """
    revision = workflow_state.current_task_state.revision
    revision.publish(user=user, skip_permission_checks=True)
