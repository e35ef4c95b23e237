"""The API's computed fields: read-only values computed from the whole object.

The endpoints add them, all in one way (ComputedFieldsMixin); the models
declare only plain APIFields.
"""

from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.utils import get_full_url
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.models import Page

from core.visibility import public
from languages.facts import translation_facts
from plan_pages.blocks import section_headings
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage


class InstanceField(Field):
    """A read-only API field computed from the whole object, not from one attribute.

    `models`: the model types it is for (with their subclasses); empty for every
    model its endpoint serves.
    """

    models: tuple = ()

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    @classmethod
    def serves(cls, model) -> bool:
        return not cls.models or issubclass(model, cls.models)


class ComputedFieldsMixin:
    """How every endpoint adds the fields the API computes: `computed_fields`.

    It maps a field's name to its InstanceField class. A name that `body_fields`
    or `meta_fields` lists keeps that place; any other comes after the body
    fields of the model (its `api_fields`, for a page). A field is added for the
    models it serves (`InstanceField.models`), never for Wagtail's bare Page: a
    listing of pages without `type` gives Wagtail's own fields.
    """

    computed_fields: dict[str, type[InstanceField]] = {}

    @classmethod
    def computed_for(cls, model) -> dict[str, type[InstanceField]]:
        if model is Page:
            return {}
        return {name: field for name, field in cls.computed_fields.items() if field.serves(model)}

    @classmethod
    def with_computed(cls, fields, computed) -> list[APIField]:
        return [
            APIField(field.name, serializer=computed[field.name]())
            if field.name in computed
            else field
            for field in fields
        ]

    @classmethod
    def get_meta_fields(cls, model):
        return cls.with_computed(super().get_meta_fields(model), cls.computed_for(model))

    @classmethod
    def get_body_fields(cls, model):
        computed = cls.computed_for(model)
        fields = super().get_body_fields(model)
        placed = {field.name for field in fields} | set(cls.get_meta_fields_names(model))
        fields += [APIField(name) for name in computed if name not in placed]
        return cls.with_computed(fields, computed)


class ChaptersField(InstanceField):
    """A plan's live, public chapters in tree order, each with its numbered sections.

    Enough for a table of contents or a static site build in one request: the
    sections come from the raw stream data, so no chapter body is loaded.
    """

    models = (PlanPage,)

    def to_representation(self, plan):
        chapters = (
            public(ChapterPage.objects.child_of(plan).live(), self.context.get("request"))
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

    models = (PlanPage,)

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
