"""Text helpers for the plan's Norwegian content."""

from anyascii import anyascii
from django.utils.text import slugify


def slugify_nb(value: str) -> str:
    """A URL slug that keeps Norwegian letters readable: "Hva gjør du" -> "hva-gjor-du"."""
    return slugify(anyascii(value))
