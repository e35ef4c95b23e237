"""What the loaded plan holds, read from where it comes from.

Tests compare with these instead of copying values: the seed text (chapter
numbers, phone numbers), the shipped translations (which languages the plan is
loaded in), the loaded chapters (which one shows a given block), and the URL
configuration (where the API is).
"""

import re

from plan_loading.plan_content import SEED_PATH

# "1 Forord" in the table of contents ("2.1 …" is a section, not a chapter).
_CHAPTER_LINE = re.compile(r"^(\d+) \S", re.M)
# "Politiet: [02800](#)", "[33 06 43 00/ 975 14 101](#)", "[954 42 020](tel:95442020)".
_PHONE_LINK = re.compile(r"\[([\d /]+)\]\((?:#|tel:\d+)\)")


def api_prefix() -> str:
    """Where the API's endpoints are ("/api/v2"), as the URL configuration has it."""
    from django.urls import reverse

    return reverse("wagtailapi:pages:listing").removesuffix("/pages/")


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def seed_chapter_numbers(text: str) -> list[int]:
    """The chapters the seed's table of contents lists, in order."""
    toc = text.split("Innholdsfortegnelse", 1)[1]
    numbers: list[int] = []
    for match in _CHAPTER_LINE.finditer(toc):
        number = int(match[1])
        if number in numbers:  # the first chapter's own heading: the contents have ended
            break
        numbers.append(number)
    return numbers


def seed_phone_numbers(text: str) -> list[str]:
    """Every phone number the seed links, as written ("33 06 43 00/ 975 14 101" is two)."""
    return [n.strip() for link in _PHONE_LINK.findall(text) for n in link.split("/")]


def shipped_languages() -> tuple[str, ...]:
    """The languages the plan ships translated into (a folder of PO files each)."""
    from plan_loading.shipped import PO_ROOT

    return tuple(sorted(p.name for p in PO_ROOT.iterdir() if p.is_dir()))


def the_chapter_with(chapters, block_type):
    """The one chapter whose body has a block of this type."""
    found = [c for c in chapters.values() if any(b.block_type == block_type for b in c.body)]
    assert len(found) == 1, f"{len(found)} chapters have a {block_type} block"
    return found[0]
