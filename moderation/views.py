"""Admin views of the plan's moderation: reviewing a revision, comparing, acting on a step.

Approving bodies have no edit rights. The views Wagtail offers them links to
(the revision comparisons of pages and measures, the workflow action) are
Wagtail's own, admitting them by the review rule (moderation.review) and
sending them, after acting, where they may go.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.utils import get_latest_str, get_valid_next_url_from_request
from wagtail.admin.views.generic.models import RevisionsCompareView
from wagtail.admin.views.pages import revisions as page_revisions
from wagtail.admin.views.pages import workflow as page_workflow
from wagtail.models import Page, Revision, TaskState
from wagtail.snippets.views import snippets as snippet_views

from .approval import approval_summary
from .models import RevisionNote, previously_live_revision_id
from .review import edit_handler_for, may_compare, may_edit, may_review


class ReviewView(RevisionsCompareView):
    """A revision compared with what was live before it, with the author's note."""

    page_title = gettext_lazy("Gjennomgang av endringer")
    template_name = "moderation/review.html"
    header_icon = "doc-empty-inverse"

    def setup(self, request, revision_id, *args, **kwargs):
        self.revision = get_object_or_404(Revision, pk=revision_id)
        obj = self.revision.content_object
        if obj is None:
            raise PermissionDenied
        self.model = type(obj)
        before = previously_live_revision_id(obj, self.revision)
        super().setup(
            request,
            obj.pk,
            before if before is not None else self.revision.pk,
            self.revision.pk,
            *args,
            **kwargs,
        )

    def dispatch(self, request, *args, **kwargs):
        if not may_review(request.user, self.revision):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return self.revision.content_object

    def get_edit_handler(self):
        return edit_handler_for(self.object)

    def get_page_subtitle(self):
        return get_latest_str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["note"] = RevisionNote.for_round(self.object, self.revision)
        context["is_new"] = previously_live_revision_id(self.object, self.revision) is None
        return context


class ReviewerCompareMixin:
    """Wagtail's comparison of two revisions, open to reviewers by the review rule.

    Editors see any comparison, as in Wagtail; an approving body sees one whose
    both sides are under review or published (`may_compare`), never a draft.
    The edit and history links stay for editors.
    """

    def compared_revisions(self, obj):
        """The two revisions compared (None for "live"), as Wagtail resolves them."""
        revisions = obj.revisions.order_by("created_at", "id")
        for revision_id in (self.revision_id_a, self.revision_id_b):
            if revision_id == "live":
                yield None
            elif revision_id == "earliest":
                yield get_object_or_404(revisions[:1])
            elif revision_id == "latest":
                yield get_object_or_404(revisions.reverse()[:1])
            else:
                yield get_object_or_404(revisions, id=revision_id)

    def may_compare(self, obj) -> bool:
        return may_compare(self.request.user, obj, list(self.compared_revisions(obj)))

    def get_edit_url(self):
        return super().get_edit_url() if may_edit(self.request.user, self.object) else None

    def get_history_url(self):
        return super().get_history_url() if may_edit(self.request.user, self.object) else None


class PageRevisionsCompareView(ReviewerCompareMixin, page_revisions.RevisionsCompareView):
    def dispatch(self, request, *args, **kwargs):
        # Wagtail's admits only users with some page permission; the page's own
        # check (get_object) decides here.
        return super(page_revisions.RevisionsCompareView, self).dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        page = get_object_or_404(Page, id=self.pk).specific
        if not self.may_compare(page):
            raise PermissionDenied
        return page

    def get_breadcrumbs_items(self):
        if may_edit(self.request.user, self.object):
            return super().get_breadcrumbs_items()
        return [{"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()}]


class SnippetRevisionsCompareView(ReviewerCompareMixin, snippet_views.RevisionsCompareView):
    def user_has_permission(self, permission):
        return self.may_compare(self.object)

    def get_index_url(self):
        return super().get_index_url() if may_edit(self.request.user, self.object) else None


class WorkflowActionMixin:
    """Acting on a step: a confirmation, and a redirect the acting user may open.

    Wagtail sends the user to the object's edit view, which an approving body
    cannot open; it goes to the dashboard instead.
    """

    def get_redirect_url(self):
        if next_url := get_valid_next_url_from_request(self.request):
            return next_url
        if may_edit(self.request.user, self.object):
            return super().get_redirect_url()
        return reverse("wagtailadmin_home")

    def post(self, request, *args, **kwargs):
        status = self.task_state.status
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != status:
            messages.success(request, self.confirmation())
        return response

    def confirmation(self) -> str:
        title = get_latest_str(self.object)
        if self.task_state.status == TaskState.STATUS_REJECTED:
            return _("«%(title)s» er avvist og sendt tilbake til innsenderen.") % {"title": title}
        summary = approval_summary(self.task_state)
        if summary is None:
            return _("«%(title)s» er godkjent.") % {"title": title}
        if summary.is_final:
            return _("«%(title)s» er godkjent og publisert. Planen har nå versjon %(version)s.") % {
                "title": title,
                "version": summary.version,
            }
        return _("«%(title)s» er godkjent i %(body)s og sendt videre til neste trinn.") % {
            "title": title,
            "body": summary.body_name,
        }


class PageWorkflowActionView(WorkflowActionMixin, page_workflow.WorkflowActionView):
    pass


class SnippetWorkflowActionView(WorkflowActionMixin, snippet_views.WorkflowActionView):
    pass
