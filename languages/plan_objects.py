"""The plan's translatable objects in the order they can be translated."""

from collections.abc import Iterator

from wagtail.models import Locale

from home.models import HomePage
from plan_pages.models import ChapterPage, PlanPage
from snippets.models import Actor, Contact, GoalArea, Measure

# Dependencies first: a chapter's choosers need the snippets translated, a
# page needs its parent translated.
SNIPPET_MODELS = (Actor, GoalArea, Measure, Contact)


def source_objects(locale: Locale) -> Iterator:
    """Every object of the plan in the source locale, in the order they can be translated."""
    for model in SNIPPET_MODELS:
        yield from model.objects.filter(locale=locale).order_by("sort_order", "pk")
    for home in HomePage.objects.filter(locale=locale).order_by("path"):
        yield home
        for plan in PlanPage.objects.child_of(home).order_by("path"):
            yield plan
            yield from ChapterPage.objects.child_of(plan).order_by("path")
