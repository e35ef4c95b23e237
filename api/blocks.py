"""StreamField blocks in the API: one entry per block class, its output and its schema side by side.

The domain's blocks (plan_pages.blocks) define no API output of their own.
Wagtail writes a block as its definition says (a StructBlock as an object of
its children, a ListBlock as a list, and so on); a block whose API value is
something else has a `BlockShape` in BLOCK_SHAPES, keyed by its class, which
says how the API writes it and the OpenAPI schema of what it writes. The page
serializer's StreamField (`StreamField` below) walks the stream and uses the
entry of each block that has one; api.openapi.streamfield reads the schema of
every block from the same entry, or off its definition.

Snippets and history rows inside a page body are the API's own objects: each
is written by its endpoint's serializer (Wagtail's serializer factory, in the
page's serializer context), so a contact in a page body is exactly what
`contacts/<id>/` gives, and its schema is a `$ref` to that endpoint's detail
component. Only live objects appear (a draft contact or measure never does;
measures only under a live goal area, with their live actors).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from wagtail import blocks
from wagtail.api.v2 import serializers
from wagtail.images.models import SourceImageIOError
from wagtail.models import Locale

from api.openapi.schemas import array, integer, nullable, obj, string
from plan_pages.blocks import (
    ContactsBlock,
    DocumentHistoryBlock,
    ImageBlock,
    MeasuresBlock,
    SectionHeadingBlock,
    live_measures,
    section_anchor,
)
from plan_pages.models import HistoryEntry
from snippets.models import Contact, GoalArea, Measure


@dataclass(frozen=True)
class BlockShape:
    """How the API writes one block class, and the OpenAPI schema of what it writes."""

    # (block, value, serializer context) -> the block's `value` in the API.
    represent: Callable[[blocks.Block, Any, dict], Any]
    # (api.openapi.views.PlanportalAutoSchema) -> the schema of that value.
    schema: Callable[[Any], dict]


# --- the walk ------------------------------------------------------------------------


class StreamField(serializers.StreamField):
    """A page's StreamField, written block by block (the page serializer's field for it)."""

    def to_representation(self, value):
        return block_representation(value.stream_block, value, self.context)


def shape_for(block) -> BlockShape | None:
    for cls in type(block).__mro__:
        if cls in BLOCK_SHAPES:
            return BLOCK_SHAPES[cls]
    return None


def block_representation(block, value, context):
    """The block's value in the API: its entry's, else Wagtail's, with children walked."""
    shape = shape_for(block)
    if shape is not None:
        return shape.represent(block, value, context)
    if isinstance(block, blocks.StreamBlock):
        return [
            {
                "type": child.block.name,
                "value": block_representation(child.block, child.value, context),
                "id": child.id,
            }
            for child in value or ()
        ]
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_representation(block.child_blocks[name], child_value, context)
            for name, child_value in value.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [block_representation(block.child_block, item, context) for item in value]
    return block.get_api_representation(value, context)


# --- the API's own objects -------------------------------------------------------------


@cache
def detail_serializer_class(router, model):
    """The serializer of `model`'s endpoint, with the fields its detail view gives by default."""
    endpoint = router.get_model_endpoint(model)[1]
    return endpoint._get_serializer_class(router, model, [], show_details=True)


def as_endpoint_gives(model, objects, context) -> list:
    """Each object as `<endpoint>/<id>/` gives it, in the page's serializer context."""
    objects = list(objects)
    attach_locales(objects, context)
    # One serializer per model and request: DRF builds a serializer's fields (from the
    # model's, field by field) on each new instance, which cost more than writing the
    # few objects a block holds.
    serializers_ = context.setdefault("_endpoint_serializers", {})
    serializer = serializers_.get(model)
    if serializer is None:
        serializer = serializers_[model] = detail_serializer_class(context["router"], model)(
            context=context
        )
    return [serializer.to_representation(obj) for obj in objects]


def attach_locales(objects, context) -> None:
    """Each translatable object's locale without a query per object (its `meta.locale`).

    Chosen snippets come from the blocks' bulk loading without their locale. It
    is nearly always the page's own, which the page has loaded; any other comes
    from one query for every locale, made at most once per request.
    """
    locales = context.setdefault("_locales", {})
    page = context.get("page")
    if page is not None:
        locales.setdefault(page.locale_id, page.locale)
    for item in objects:
        locale_id = getattr(item, "locale_id", None)
        if locale_id is None or type(item).locale.is_cached(item):
            continue
        if locale_id not in locales:
            locales.update((locale.pk, locale) for locale in Locale.objects.all())
        item.locale = locales[locale_id]


def endpoint_object(auto_schema, model) -> dict:
    """The schema of an object of `model` as its endpoint's detail view gives it (a `$ref`)."""
    return auto_schema.object_reference(model, detail=True)


# --- the entries -----------------------------------------------------------------------


def section_value(block, value, context):
    return {
        "number": value["number"],
        "title": value["title"],
        "anchor": section_anchor(value),
    }


def section_schema(auto_schema) -> dict:
    return obj(
        {
            "number": string("The section's number.", example="2.1"),
            "title": string(),
            "anchor": string(
                "The section's id on the chapter page (made from the title if unset)."
            ),
        }
    )


def image_value(block, value, context):
    image = value["image"]
    if image is None:
        return None
    try:
        rendition = image.get_rendition("width-960")  # prefetched by ImageBlock.bulk_to_python
    except SourceImageIOError:
        return None  # its file is missing, or over the pixel limit (images.pixels): left out
    return {
        "image": image.pk,
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": value["alt_text"] or image.description,
        "caption": value["caption"],
        "credit": image.photo_credit,
    }


def image_schema(auto_schema) -> dict:
    return nullable(
        obj(
            {
                "image": integer("The image's id (images endpoint)."),
                "url": string("A rendition 960 pixels wide."),
                "width": integer(),
                "height": integer(),
                "alt": string("Alternative text: this block's, else the image's."),
                "caption": string(),
                "credit": string("Photo credit."),
            },
            description="Null when the image has been deleted.",
        )
    )


def measures_value(block, value, context):
    goal_area = value.get("goal_area")
    if goal_area is None or not goal_area.live:
        return None
    return {
        "goal_area": as_endpoint_gives(GoalArea, [goal_area], context)[0],
        # Live measures with their live actors, prefetched by MeasuresBlock.bulk_to_python.
        "measures": as_endpoint_gives(Measure, live_measures(goal_area), context),
    }


def measures_schema(auto_schema) -> dict:
    return nullable(
        obj(
            {
                "goal_area": endpoint_object(auto_schema, GoalArea),
                "measures": array(
                    endpoint_object(auto_schema, Measure),
                    "The goal area's published measures, in order, as the measures "
                    "endpoint gives them.",
                ),
            },
            description="Null when the goal area is not published.",
        )
    )


def contacts_value(block, value, context):
    contacts = [c for c in value.get("contacts") or () if c is not None and c.live]
    return {"title": value["title"], "contacts": as_endpoint_gives(Contact, contacts, context)}


def contacts_schema(auto_schema) -> dict:
    return obj(
        {
            "title": string(),
            "contacts": array(
                endpoint_object(auto_schema, Contact),
                "The chosen contacts that are published, in order, as the contacts "
                "endpoint gives them.",
            ),
        }
    )


def document_history_value(block, value, context):
    return as_endpoint_gives(HistoryEntry, DocumentHistoryBlock.entries(context), context)


def document_history_schema(auto_schema) -> dict:
    return array(
        endpoint_object(auto_schema, HistoryEntry),
        "The plan's document history, newest first, as the history endpoint gives it.",
    )


BLOCK_SHAPES = {
    SectionHeadingBlock: BlockShape(section_value, section_schema),
    ImageBlock: BlockShape(image_value, image_schema),
    MeasuresBlock: BlockShape(measures_value, measures_schema),
    ContactsBlock: BlockShape(contacts_value, contacts_schema),
    DocumentHistoryBlock: BlockShape(document_history_value, document_history_schema),
}
