"""The review of a revision against what was live before it (moderation.review)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.models import RevisionsCompareView
from wagtail.models import Page, Revision

from .models import RevisionNote, previously_live_revision_id
from .review import may_review


class ReviewView(RevisionsCompareView):
    """Wagtail's revision comparison, for reviewers without edit rights too."""

    page_title = _("Gjennomgang av endringer")
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
        if isinstance(self.object, Page):
            return self.object.get_edit_handler()
        return self.model.snippet_viewset.get_edit_handler()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["note"] = RevisionNote.for_round(self.object, self.revision)
        context["is_new"] = previously_live_revision_id(self.object, self.revision) is None
        return context
