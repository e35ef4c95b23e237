"""Versions kept: a translation published after its version was kept (archive.freeze).

Translations are made and published with wagtail-localize's own machinery: its "Translate"
form and the translation editor's "Publish", as the communications adviser.
"""

import pytest
from django.test import Client
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.operations import translate_object

from plan_pages.models import ChapterPage, PlanPage, PublishedVersion
from plan_pages.versions import strip_banner, version_path
from tests.test_translation_drafts import publish_translation, submit_translation
from tests.test_versions import approve_change
from tests.translations import publish_on_commit

pytestmark = pytest.mark.django_db

NEW_LANGUAGE = "pl"


@pytest.fixture(autouse=True)
def render_kept_versions(settings):
    settings.PLANPORTAL_RENDER_KEPT_VERSIONS = True


@pytest.fixture
def kept(users, superuser, plan, history_chapter, django_capture_on_commit_callbacks):
    """The plan's version kept after an approved change, before any Polish translation."""
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="Vedtatt."
    )
    assert not PublishedVersion.objects.filter(locale__language_code=NEW_LANGUAGE).exists()
    return PublishedVersion.objects.get(decision=entry, locale__language_code="nb")


def served(url):
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_a_plan_translated_later_is_kept_for_the_current_version_and_never_overwritten(
    users, plan, kept, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    adviser = users["kommunikasjon"]
    polish = Locale.objects.get(language_code=NEW_LANGUAGE)
    publish_on_commit(
        captured, lambda: submit_translation(adviser, plan, NEW_LANGUAGE, include_subtree=True)
    )
    pl_plan = plan.get_translation(polish).specific
    assert not PublishedVersion.objects.filter(plan=pl_plan).exists()

    # The adviser publishes the Polish plan: its copy of the current version is kept and
    # rendered by the worker, from the same decision as the Norwegian one.
    publish_on_commit(
        captured, lambda: publish_translation(adviser, pl_plan, "wagtailadmin_pages:edit")
    )
    pl_kept = PublishedVersion.objects.get(plan=pl_plan)
    assert (pl_kept.version, pl_kept.decision_id, pl_kept.date, pl_kept.approved) == (
        kept.version,
        kept.decision_id,
        kept.date,
        kept.approved,
    )
    assert pl_kept.locale == polish and pl_kept.is_rendered
    pl_plan.refresh_from_db()
    assert pl_kept.revision_id == pl_plan.live_revision_id
    # Its chapters were not published in Polish yet: the copy has none of them.
    assert not pl_kept.chapters.exists()
    url = version_path(pl_plan.url, kept.version)
    stored = served(url)
    assert strip_banner(stored) == pl_kept.html
    assert 'lang="pl"' in stored

    # A chapter published in Polish afterwards, and a re-publish of the plan with a fix:
    # the kept copy stays as it was (immutable), the live pages show them.
    pl_foreword = ChapterPage.objects.child_of(pl_plan).order_by("path").first()
    publish_on_commit(
        captured, lambda: publish_translation(adviser, pl_foreword, "wagtailadmin_pages:edit")
    )
    assert ChapterPage.objects.get(pk=pl_foreword.pk).live
    publish_on_commit(
        captured, lambda: publish_translation(adviser, pl_plan, "wagtailadmin_pages:edit")
    )
    assert PlanPage.objects.get(pk=pl_plan.pk).live_revision_id != pl_kept.revision_id
    assert PublishedVersion.objects.filter(plan=pl_plan).count() == 1
    again = PublishedVersion.objects.get(pk=pl_kept.pk)
    assert (again.html, again.html_sha256, again.rendered_at) == (
        pl_kept.html,
        pl_kept.html_sha256,
        pl_kept.rendered_at,
    )
    assert not again.chapters.exists()
    assert strip_banner(served(url)) == strip_banner(stored)
    assert Client().get(f"{url}{pl_foreword.slug}/").status_code == 404


def test_a_chapter_published_in_a_plan_opened_later_keeps_its_language(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    """The Polish plan was private when the version was kept (so not kept); opened
    afterwards, the publish of one of its chapters keeps the Polish copy of the version."""
    captured = django_capture_on_commit_callbacks
    adviser = users["kommunikasjon"]
    polish = Locale.objects.get(language_code=NEW_LANGUAGE)
    publish_on_commit(
        captured, lambda: submit_translation(adviser, plan, NEW_LANGUAGE, include_subtree=True)
    )
    pl_plan = plan.get_translation(polish).specific
    publish_on_commit(
        captured, lambda: publish_translation(adviser, pl_plan, "wagtailadmin_pages:edit")
    )
    # (wagtail-localize copies the source's restrictions to a translation on its publish)
    restriction = PageViewRestriction.objects.create(
        page=pl_plan, restriction_type=PageViewRestriction.LOGIN
    )
    entry = approve_change(users, superuser, history_chapter, captured, intro="Vedtatt.")
    assert PublishedVersion.objects.filter(decision=entry, locale__language_code="nb").exists()
    assert not PublishedVersion.objects.filter(plan=pl_plan).exists()

    restriction.delete()
    pl_foreword = ChapterPage.objects.child_of(pl_plan).order_by("path").first()
    publish_on_commit(
        captured, lambda: publish_translation(adviser, pl_foreword, "wagtailadmin_pages:edit")
    )
    pl_kept = PublishedVersion.objects.get(plan=pl_plan)
    assert pl_kept.version == entry.version and pl_kept.is_rendered
    chapter = pl_kept.chapters.get()
    assert chapter.page_id == pl_foreword.pk
    assert chapter.revision_id == ChapterPage.objects.get(pk=pl_foreword.pk).live_revision_id
    url = version_path(pl_plan.url, entry.version, chapter.slug)
    assert strip_banner(served(url)) == chapter.html


def test_an_alias_of_the_plan_is_not_kept(
    users, plan, foreword, kept, django_capture_on_commit_callbacks
):
    """A chapter translated first makes the Polish plan a live alias of the Norwegian one
    (wagtail-localize): it shows the Norwegian text and the API does not serve it."""
    captured = django_capture_on_commit_callbacks
    polish = Locale.objects.get(language_code=NEW_LANGUAGE)
    publish_on_commit(captured, lambda: translate_object(foreword, [polish]))
    pl_plan = plan.get_translation(polish)
    assert pl_plan.live and pl_plan.alias_of_id == plan.pk
    pl_foreword = foreword.get_translation(polish)
    publish_on_commit(
        captured,
        lambda: publish_translation(users["kommunikasjon"], pl_foreword, "wagtailadmin_pages:edit"),
    )
    assert ChapterPage.objects.get(pk=pl_foreword.pk).live
    assert not PublishedVersion.objects.filter(plan=pl_plan).exists()


def test_a_translation_of_a_version_never_kept_in_norwegian_is_not_kept(
    users, plan, django_capture_on_commit_callbacks
):
    """The seed's version (from before the CMS) has no kept copy: nor has its translation."""
    captured = django_capture_on_commit_callbacks
    adviser = users["kommunikasjon"]
    publish_on_commit(
        captured, lambda: submit_translation(adviser, plan, NEW_LANGUAGE, include_subtree=True)
    )
    pl_plan = plan.get_translation(Locale.objects.get(language_code=NEW_LANGUAGE))
    publish_on_commit(
        captured, lambda: publish_translation(adviser, pl_plan, "wagtailadmin_pages:edit")
    )
    assert PlanPage.objects.get(pk=pl_plan.pk).live
    assert not PublishedVersion.objects.filter(plan=pl_plan).exists()
