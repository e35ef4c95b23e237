"""StreamField blocks as OpenAPI schemas: one component per block type, discriminated by `type`.

A block whose API output is its own has its schema in `blocks.BLOCK_SCHEMAS`,
keyed by its class. Other blocks are
read from their definition: a StructBlock is an object of its children, a
ListBlock an array, a StreamBlock an array of typed items. A block this module
cannot describe is an error, so no block reaches the API undocumented.
"""

from django.core.exceptions import ImproperlyConfigured
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .blocks import BLOCK_SCHEMAS
from .schemas import NULL, array, boolean, integer, nullable, obj, string


def block_value_schema(block: blocks.Block, component) -> dict:
    """The schema of `block.get_api_representation(value)`.

    `component(stream_block)` returns a reference to a stream's schema (nested streams).
    """
    for cls in type(block).__mro__:
        if cls in BLOCK_SCHEMAS:
            return BLOCK_SCHEMAS[cls]()
    description = str(block.meta.help_text or "") if hasattr(block.meta, "help_text") else ""
    if isinstance(block, blocks.StreamBlock):
        return component(block)
    if isinstance(block, blocks.StructBlock):
        return obj(
            {
                name: block_value_schema(child, component)
                for name, child in block.child_blocks.items()
            }
        )
    if isinstance(block, blocks.ListBlock):
        return array(block_value_schema(block.child_block, component))
    if isinstance(block, blocks.StaticBlock):
        return {**NULL, "description": "Always null."}
    if isinstance(block, blocks.RichTextBlock):
        return string(description or "Rich text as HTML, internal links resolved.")
    if isinstance(block, blocks.ChoiceBlock):
        values = [str(value) for value, _label in block.field.choices if value != ""]
        return string(description, enum=values if block.required else ["", *values])
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock, blocks.URLBlock, blocks.EmailBlock)):
        return string(description)
    if isinstance(block, blocks.BooleanBlock):
        return boolean(description)
    if isinstance(block, blocks.IntegerBlock):
        return _maybe_null(integer(description), block)
    if isinstance(block, (blocks.FloatBlock, blocks.DecimalBlock)):
        return _maybe_null({"type": "number", "description": description}, block)
    if isinstance(block, blocks.DateBlock):
        return _maybe_null(string(description, format="date"), block)
    if isinstance(block, ImageChooserBlock):
        return _maybe_null(integer("The image's id (images endpoint)."), block)
    if isinstance(block, blocks.ChooserBlock):
        return _maybe_null(integer("The chosen object's id."), block)
    raise ImproperlyConfigured(
        f"No API schema for {type(block).__name__} ({block.name!r}): "
        "add it to api.openapi.blocks.BLOCK_SCHEMAS."
    )


def _maybe_null(schema: dict, block) -> dict:
    return schema if block.required else nullable(schema)


def stream_item_schema(name: str, block: blocks.Block, value_schema: dict) -> dict:
    """One item of a stream: {"type": name, "value": …, "id": uuid}."""
    label = str(block.label or name)
    description = getattr(block.meta, "description", "") or ""
    return obj(
        {
            "type": string(enum=[name]),
            "value": value_schema,
            "id": string("The block's stable id.", format="uuid"),
        },
        description=f"{label}. {description}".strip() if description else label,
    )
