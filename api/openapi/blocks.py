"""The schema of each block whose API output is its own (not read off its definition).

Keyed by block class: api.openapi.streamfield looks a block up here first.
"""

from plan_pages.blocks import ContactsBlock, DocumentHistoryBlock, ImageBlock, MeasuresBlock

from .schemas import array, integer, nullable, obj, phone_numbers, string


def _image_block() -> dict:
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


def _measures_block() -> dict:
    actor = obj({"id": integer(), "name": string()})
    measure = obj(
        {
            "id": integer(),
            "how": string("What is done."),
            "responsible": string("Who is responsible, as the plan says it."),
            "responsible_actors": array(actor),
        }
    )
    return nullable(
        obj(
            {
                "goal_area": obj({"id": integer(), "title": string()}),
                "measures": array(measure, "The goal area's published measures, in order."),
            },
            description="Null when the goal area is not published.",
        )
    )


def _contacts_block() -> dict:
    contact = obj(
        {
            "id": integer(),
            "name": string(),
            "description": string(),
            "phone_numbers": phone_numbers(),
            "email": string(),
            "web_address": string(),
            "warning": string(),
            "category": string(),
            "category_label": string("The category, in the contact's language."),
        }
    )
    return obj(
        {
            "title": string(),
            "contacts": array(contact, "The chosen contacts that are published, in order."),
        }
    )


def _document_history_block() -> dict:
    return array(
        obj(
            {
                "date": string(format="date"),
                "version": string(),
                "change": string(),
                "responsible": string(),
            }
        ),
        "The plan's document history, newest first.",
    )


BLOCK_SCHEMAS = {
    ImageBlock: _image_block,
    MeasuresBlock: _measures_block,
    ContactsBlock: _contacts_block,
    DocumentHistoryBlock: _document_history_block,
}
