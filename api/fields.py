"""The API's computed fields: read-only values computed from the whole object.

The endpoints add them (the models declare only plain APIFields).
"""

from rest_framework.fields import Field
from wagtail.api.utils import get_full_url
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.models import Page

from languages.facts import translation_facts
from plan_pages.blocks import section_headings
from plan_pages.models import ChapterPage, HistoryEntry


class InstanceField(Field):
    """A read-only API field computed from the whole object, not from one attribute."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance


class ChaptersField(InstanceField):
    """A plan's live, public chapters in tree order, each with its numbered sections.

    Enough for a table of contents or a static site build in one request: the
    sections come from the raw stream data, so no chapter body is loaded.
    """

    def to_representation(self, plan):
        chapters = (
            ChapterPage.objects.child_of(plan)
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
                    "detail_url": get_object_detail_url(
                        self.context["router"], self.context["request"], ChapterPage, chapter.pk
                    ),
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
        path = self.context["router"].get_model_listing_urlpath(HistoryEntry)
        if path is None:
            return None
        return get_full_url(self.context["request"], f"{path}?plan={plan.pk}")


class TranslationField(InstanceField):
    """What a reader should know about a translated page; null for a Norwegian page."""

    def to_representation(self, page):
        facts = translation_facts(page)
        if facts is None:
            return None
        source = facts.source_page
        return {
            "source_page": {
                "id": source.pk,
                "title": source.title,
                "locale": source.locale.language_code,
                "html_url": source.full_url,
                "detail_url": get_object_detail_url(
                    self.context["router"], self.context["request"], Page, source.pk
                ),
            },
            "source_version": facts.source_version,
            "source_updated_at": (
                facts.source_updated_at.isoformat() if facts.source_updated_at else None
            ),
            "stale": facts.stale,
            "machine_translated": facts.machine_translated,
            "untranslated": facts.untranslated,
        }
