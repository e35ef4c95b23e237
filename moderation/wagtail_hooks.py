"""Admin URLs and views of the plan's moderation.

Approving bodies reach revisions through Wagtail's own links (the comparisons
of pages and measures, the workflow actions): the plan's page types and the
workflow's snippets get views that admit them by the review rule
(moderation.views).
"""

from django.apps import apps
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet

from plan_pages.models import ChapterPage, PlanPage

from . import compare
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
