"""Fixtures shared by the whole suite.

The plan is loaded once per test database with the real `load_plan`
command; every test then runs inside a transaction that is rolled back, so
each one starts from the plan exactly as loaded.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

SEED_PATH = Path(__file__).resolve().parent.parent / "plan_loading" / "seed" / "handlingsplan.txt"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("sync_locales", stdout=io.StringIO())
        call_command("load_plan", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def source_language():
    """Every test starts in the source language: a request through the test client
    leaves its page's language active in this thread (LocaleMiddleware), which
    would otherwise decide the language of the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture
def plan(db):
    from plan_pages.models import PlanPage

    return PlanPage.objects.get(locale__language_code="nb")


@pytest.fixture
def chapters(plan):
    from plan_pages.models import ChapterPage

    return {c.number: c for c in ChapterPage.objects.child_of(plan).specific().order_by("path")}


def the_chapter_with(chapters, block_type):
    """The one chapter whose body has a block of this type."""
    found = [c for c in chapters.values() if any(b.block_type == block_type for b in c.body)]
    assert len(found) == 1, f"{len(found)} chapters have a {block_type} block"
    return found[0]


@pytest.fixture
def history_chapter(chapters):
    """The chapter that shows the document history (chapter 9 in the seed)."""
    return the_chapter_with(chapters, "document_history")


@pytest.fixture
def measures_chapter(chapters):
    """The chapter whose body shows the goal areas' measures (chapter 6 in the seed)."""
    return the_chapter_with(chapters, "measures")


@pytest.fixture
def measure(measures_chapter):
    """The first live Norwegian measure the measures chapter shows."""
    from snippets.models import Measure

    goal_area_ids = {
        b.value["goal_area"].pk for b in measures_chapter.body if b.block_type == "measures"
    }
    measure = (
        Measure.objects.live()
        .filter(goal_area_id__in=goal_area_ids, locale__language_code="nb")
        .order_by("pk")
        .first()
    )
    assert measure is not None
    return measure


@pytest.fixture
def users(db):
    """One demo user per role, keyed by role (see tests/roles.py)."""
    from tests.roles import make_role_users

    return make_role_users()


@pytest.fixture
def superuser(db):
    from tests.roles import make_user

    return make_user("superbruker", superuser=True)
