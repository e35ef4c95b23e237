"""The plan's moderation in the admin: its URLs and views, dashboard panels and editor messages.

Approving bodies reach revisions through Wagtail's own links (the comparisons
of pages and measures, the workflow actions): the plan's page types and the
workflow's snippets get views that admit them by the review rule
(moderation.views).
"""

from django.apps import apps
from django.contrib import messages
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.admin.viewsets.pages import PageViewSet

from plan_pages.models import ChapterPage, PlanPage

from . import compare, dashboard
from .definitions import WORKFLOW_SNIPPETS
from .review import URL_NAME
from .views import (
    PageRevisionsCompareView,
    PageWorkflowActionView,
    ReviewView,
    SnippetRevisionsCompareView,
    SnippetWorkflowActionView,
)

compare.register()


class PlanPageViewSet(PageViewSet):
    revisions_compare_view_class = PageRevisionsCompareView
    workflow_action_view_class = PageWorkflowActionView


@hooks.register("register_admin_viewset")
def register_plan_page_viewsets():
    return [
        PlanPageViewSet(name=f"plan_{model._meta.model_name}", model=model)
        for model in (PlanPage, ChapterPage)
    ]


# The workflow's snippets are registered by the snippets app, which cannot know
# this one: their viewsets get the reviewers' views here, before their URLs exist.
for app_label, model_name in WORKFLOW_SNIPPETS:
    viewset = apps.get_model(app_label, model_name).snippet_viewset
    viewset.revisions_compare_view_class = SnippetRevisionsCompareView
    viewset.workflow_action_view_class = SnippetWorkflowActionView


@hooks.register("register_admin_urls")
def register_review_url():
    return [path("plan/review/<int:revision_id>/", ReviewView.as_view(), name=URL_NAME)]


@hooks.register("insert_global_admin_css")
def comparison_css():
    # Global: the approve modal, which shows a comparison, opens on any admin page.
    return format_html('<link rel="stylesheet" href="{}">', static("moderation/compare.css"))


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
