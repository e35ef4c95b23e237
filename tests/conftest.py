"""Fixtures shared by the whole suite.

The plan is loaded once per test database with the real `load_plan`
command; every test then runs inside a transaction that is rolled back, so
each one starts from the plan exactly as loaded.
"""

import io

import pytest
from django.core.management import call_command

from tests import sources


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
    return sources.seed_text()


@pytest.fixture
def plan(db):
    from plan_pages.models import PlanPage

    return PlanPage.objects.get(locale__language_code="nb")


@pytest.fixture
def chapters(plan):
    from plan_pages.models import ChapterPage

    return {c.number: c for c in ChapterPage.objects.child_of(plan).specific().order_by("path")}


@pytest.fixture
def foreword(chapters):
    """The plan's first chapter ("Forord" in the seed)."""
    return chapters[min(chapters)]


@pytest.fixture
def history_chapter(chapters):
    """The chapter that shows the document history (chapter 9 in the seed)."""
    return sources.the_chapter_with(chapters, "document_history")


@pytest.fixture
def measures_chapter(chapters):
    """The chapter whose body shows the goal areas' measures (chapter 6 in the seed)."""
    return sources.the_chapter_with(chapters, "measures")


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
    """One demo user per role, keyed by the short role key (tests.roles.ROLE_GROUPS).

    The one way tests get a role's user; `tests.roles.make_user` only makes the
    others (a second member of a role, a user in two groups or none)."""
    from tests.roles import make_role_users

    return make_role_users()


@pytest.fixture
def superuser(db):
    from tests.roles import make_user

    return make_user("superbruker", superuser=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: the database is rolled back after each test,
    what the cache kept of it (core.render_cache's renderings, rate limits) is not."""
    from django.core.cache import cache

    cache.clear()
