"""The text a chapter shows, part by part: what search indexes, and where a hit is.

A reader who searches for a contact's name must find the chapter that shows
it, so a chapter's search document is the text the page shows: every block's
own searchable content (Wagtail's), plus the text of the snippets the contacts
and measures blocks show. Only live snippets count, as on the page (the
blocks' `get_context`); a snippet's row holds its published content, never a
draft, so nothing unpublished is ever indexed.

The text comes in parts that follow the headings the page gives an id to, so a
search result can link to the heading above the hit: a numbered section (its
anchor), a contacts block with a title, a measures block (its goal area).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.text import slugify
from wagtail.rich_text import get_text_for_indexing

from core.text import slugify_nb

from .blocks import live_measures


@dataclass
class Part:
    """Text under one heading: `anchor` is the heading's id ("" for the top of the page)."""

    anchor: str = ""
    heading: str = ""
    texts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(t for t in self.texts if t)


def chapter_text(chapter) -> str:
    """A chapter's body as the page shows it, for its search document."""
    parts = chapter_parts([chapter], with_intro=False)[chapter.pk]
    return "\n".join(text for part in parts for text in (part.heading, part.text) if text)


def plan_parts(plan) -> list[Part]:
    return [Part(texts=[plan.subtitle, plan.goal, get_text_for_indexing(plan.intro or "")])]


def chapter_parts(chapters, *, with_intro=True) -> dict[int, list[Part]]:
    """The parts of each chapter (by id).

    The blocks of every chapter are converted together, one conversion (and
    its few queries) per block type, however many chapters there are.
    """
    if not chapters:
        return {}
    stream_block = chapters[0].body.stream_block
    raw_bodies = {
        chapter.pk: [
            raw for raw in chapter.body.raw_data if raw["type"] in stream_block.child_blocks
        ]
        for chapter in chapters
    }
    raw_values = defaultdict(list)
    for raw_body in raw_bodies.values():
        for raw in raw_body:
            raw_values[raw["type"]].append(raw.get("value"))
    values = {
        block_type: iter(stream_block.child_blocks[block_type].bulk_to_python(raws))
        for block_type, raws in raw_values.items()
    }
    return {
        chapter.pk: _parts(
            [(raw, next(values[raw["type"]])) for raw in raw_body],
            stream_block,
            chapter.intro if with_intro else "",
        )
        for chapter, raw_body in ((c, raw_bodies[c.pk]) for c in chapters)
    }


def _parts(blocks, stream_block, intro) -> list[Part]:
    """Split a body's (raw, value) blocks into parts at each heading with an id."""
    section = Part(texts=[intro])
    parts = [section]
    for raw, value in blocks:
        block_type = raw["type"]
        if block_type == "section":
            anchor = value["anchor"] or slugify_nb(value["title"])
            section = Part(anchor, f"{value['number']} {value['title']}")
            parts.append(section)
        elif block_type == "contacts" and value["title"]:
            anchor = f"contacts-{slugify(raw.get('id') or value['title'])}"
            parts.append(Part(anchor, value["title"], _contacts_texts(value)))
        elif block_type == "measures":
            goal_area = value.get("goal_area")
            if goal_area is not None and goal_area.live:
                parts.append(
                    Part(f"measures-{goal_area.pk}", goal_area.title, _measures_texts(goal_area))
                )
        else:
            if block_type == "contacts":
                texts = _contacts_texts(value)
            else:
                texts = stream_block.child_blocks[block_type].get_searchable_content(value)
            if parts[-1] is not section:
                # Text after a contacts or measures block belongs to the section again.
                parts.append(Part(section.anchor, section.heading))
            parts[-1].texts.extend(texts)
    return [part for part in parts if part.heading or part.text]


def _contacts_texts(value) -> list[str]:
    """One text for the block's live contacts: "Legevakten, 116117; Politiet, 02800"."""
    contacts = []
    for contact in value.get("contacts") or []:
        if contact is None or not contact.live:
            continue
        phones = [f"{p.label} {p.number}".strip() for p in contact.phone_numbers.all()]
        fields = [contact.name, contact.description, *phones]
        fields += [contact.email, contact.web_address, contact.warning]
        contacts.append(", ".join(f for f in fields if f))
    return ["; ".join(contacts)]


def _measures_texts(goal_area) -> list[str]:
    """One text for the goal area's live measures: "what is done (who is responsible); …"."""
    measures = []
    for measure in live_measures(goal_area):
        responsible = measure.responsible_display
        measures.append(f"{measure.how} ({responsible})" if responsible else measure.how)
    return ["; ".join(measures)]
