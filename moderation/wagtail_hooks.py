"""The plan's moderation in the admin: its URLs, dashboard panels and editor messages."""

from django.contrib import messages
from django.urls import path
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)

from . import dashboard
from .review import URL_NAME
from .views import ReviewView


@hooks.register("register_admin_urls")
def register_review_url():
    return [path("plan/review/<int:revision_id>/", ReviewView.as_view(), name=URL_NAME)]


# --- Dashboard: what each role acts on (moderation.dashboard) --------------------------

STOCK_PANELS = (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)


@hooks.register("construct_homepage_panels", order=1000)
def plan_dashboard_panels(request, panels):
    """Wagtail's generic panels out, each role's own in (after every app has added its)."""
    panels[:] = [panel for panel in panels if not isinstance(panel, STOCK_PANELS)]
    panels.extend(dashboard.panels_for(request.user))


@hooks.register("construct_homepage_summary_items", order=1000)
def no_site_summary(request, summary_items):
    """The page, image and document counts are nobody's task."""
    summary_items.clear()


# --- The submitter sees why a submission was sent back -------------------------------


def show_rejection_reason(request, obj):
    if request.method != "GET":
        return
    state = obj.current_workflow_state
    if state is None:
        return
    reason = dashboard.rejection_reason(state)
    if reason:
        messages.warning(
            request,
            _("Avvist av %(body)s: %(reason)s")
            % {"body": dashboard.rejecting_body(state), "reason": reason},
        )


@hooks.register("before_edit_page")
def rejection_reason_in_page_editor(request, page):
    show_rejection_reason(request, page)


@hooks.register("before_edit_snippet")
def rejection_reason_in_snippet_editor(request, instance):
    if hasattr(instance, "current_workflow_state"):
        show_rejection_reason(request, instance)
