"""Serializer fields for the plan's pages in the headless API (see api_fields in models.py).

Imported by plan_pages.models, so this module imports no models of ours at import time.
"""

from django.apps import apps
from wagtail.api.utils import get_full_url

from cms.api_fields import InstanceField

from .blocks import section_headings


def _detail_url(context, model, pk):
    path = context["router"].get_object_detail_urlpath(model, pk)
    return get_full_url(context["request"], path) if path else None


class ChaptersField(InstanceField):
    """A plan's live, public chapters in tree order, each with its numbered sections.

    Enough for a table of contents or a static site build in one request: the
    sections come from the raw stream data, so no chapter body is loaded.
    """

    def to_representation(self, plan):
        chapter_model = apps.get_model("plan_pages", "ChapterPage")
        chapters = (
            chapter_model.objects.child_of(plan)
            .live()
            .public()
            .select_related("locale")
            .order_by("path")
        )
        result = []
        for chapter in chapters:
            html_url = chapter.full_url
            result.append(
                {
                    "id": chapter.pk,
                    "number": chapter.number,
                    "title": chapter.title,
                    "slug": chapter.slug,
                    "html_url": html_url,
                    "detail_url": _detail_url(self.context, chapter_model, chapter.pk),
                    "sections": [
                        {**section, "html_url": f"{html_url}#{section['anchor']}"}
                        for section in section_headings(chapter.body)
                    ],
                }
            )
        return result


class HistoryUrlField(InstanceField):
    """The history endpoint, filtered to this plan."""

    def to_representation(self, plan):
        model = apps.get_model("plan_pages", "HistoryEntry")
        path = self.context["router"].get_model_listing_urlpath(model)
        if path is None:
            return None
        return get_full_url(self.context["request"], f"{path}?plan={plan.pk}")
