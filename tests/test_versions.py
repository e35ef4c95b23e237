"""Versions kept (archive): each version of the plan frozen as it was published."""

import hashlib
import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction, Revision, Site

from core.http_cache import directives
from home.models import SiteIdentity
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage, PublishedVersion
from plan_pages.versions import (
    IMMUTABLE_MAX_AGE,
    NOINDEX,
    VERSION_SEGMENT,
    strip_banner,
    version_path,
)
from tests.factories import unique_word
from tests.openapi import validate_response
from tests.roles import (
    add_test_chapter,
    approval_data,
    client_for,
    page_edit_data,
    workflow_action_url,
)
from tests.sources import api_prefix

pytestmark = pytest.mark.django_db

HISTORY_BODY = [("document_history", "")]
API = api_prefix()


@pytest.fixture(autouse=True)
def render_kept_versions(settings):
    """Rendering is off in the rest of the suite (cms/settings/test.py)."""
    settings.PLANPORTAL_RENDER_KEPT_VERSIONS = True


def approve_change(users, superuser, chapter, captured, *, intro):
    """Submit an edit of `chapter`'s intro as the SLT coordinator and approve it in both steps."""
    url, data = page_edit_data(chapter, superuser, body=HISTORY_BODY)
    data["intro"] = intro
    data["change_note"] = "Ny ingress."
    data["action-submit"] = "action-submit"
    with captured(execute=True):
        response = client_for(users["slt"]).post(url, data)
    assert response.status_code == 302
    for role in ["politirad", "kommunestyret"]:
        chapter = ChapterPage.objects.get(pk=chapter.pk)
        task_state = chapter.current_workflow_state.current_task_state
        with captured(execute=True):
            response = client_for(users[role]).post(
                workflow_action_url(chapter, "approve", task_state), approval_data()
            )
        assert response.status_code == 302
    return HistoryEntry.objects.get(
        sets_version=True, version=PlanPage.objects.get(pk=chapter.get_parent().pk).version
    )


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def test_approving_a_change_freezes_the_version(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    word = unique_word("vedtatt")
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro=f"Ny {word}."
    )
    versions = PublishedVersion.objects.filter(decision=entry)
    live_languages = set(
        PlanPage.objects.filter(translation_key=plan.translation_key)
        .live()
        .values_list("locale__language_code", flat=True)
    )
    assert {v.locale.language_code for v in versions} == live_languages
    nb = versions.get(locale__language_code="nb")
    assert nb.version == entry.version and nb.is_rendered and not nb.from_revisions
    assert nb.approved
    chapters = list(nb.chapters.all())
    live = list(ChapterPage.objects.child_of(plan).live().order_by("path"))
    assert [c.slug for c in chapters] == [c.slug for c in live]
    frozen = next(c for c in chapters if c.translation_key == history_chapter.translation_key)
    assert word in frozen.html
    assert frozen.html_sha256 == sha(frozen.html)
    assert frozen.api_sha256 == sha(frozen.api_json)
    assert word in frozen.api_json
    assert frozen.revision_id == ChapterPage.objects.get(pk=history_chapter.pk).live_revision_id
    assert nb.html_sha256 == sha(nb.html)

    with pytest.raises(ProtectedError):
        Revision.objects.filter(pk=frozen.revision_id).delete()


def _served(url):
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_a_version_is_served_as_stored_and_stays_byte_identical(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    first = approve_change(users, superuser, history_chapter, captured, intro="Første vedtak.")
    kept = PublishedVersion.objects.get(decision=first, locale__language_code="nb")
    chapter = kept.chapters.get(translation_key=history_chapter.translation_key)
    plan_url = plan.url
    index_url = version_path(plan_url, kept.version)
    chapter_url = version_path(plan_url, kept.version, chapter.slug)

    before = {url: _served(url) for url in (index_url, chapter_url)}
    # The current version: the stored bytes with the banner, cached like any page.
    body = before[chapter_url].content.decode()
    assert strip_banner(body) == chapter.html
    assert "version-banner" in body and NOINDEX not in body
    assert "immutable" not in directives(before[chapter_url])
    assert strip_banner(before[index_url].content.decode()) == kept.html
    stored_before = {c.pk: (c.html, c.html_sha256, c.api_json) for c in kept.chapters.all()}

    second = approve_change(users, superuser, history_chapter, captured, intro="Andre vedtak.")
    assert second.version != first.version

    kept.refresh_from_db()
    assert {c.pk: (c.html, c.html_sha256, c.api_json) for c in kept.chapters.all()} == stored_before
    for url, response in before.items():
        after = _served(url)
        # Byte-identical but for the banner (which now names the newer version).
        assert strip_banner(after.content.decode()) == strip_banner(response.content.decode())
        body = after.content.decode()
        assert NOINDEX in body
        assert second.version in body.split("planportal:version-banner")[1]
        cache = after["Cache-Control"]
        assert "immutable" in cache and "public" in cache
        assert f"max-age={IMMUTABLE_MAX_AGE}" in cache
        assert f"s-maxage={settings.PLANPORTAL_EDGE_CACHE_MAX_AGE}" in cache
    newer = PublishedVersion.objects.get(decision=second, locale__language_code="nb")
    assert "Andre vedtak." in newer.chapters.get(pk__isnull=False, slug=chapter.slug).html
    assert "Andre vedtak." not in chapter.html


def test_versions_in_other_languages_and_unknown_addresses(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="Vedtatt."
    )
    for kept in PublishedVersion.objects.filter(decision=entry).select_related("plan"):
        url = version_path(kept.plan.url, kept.version)
        response = _served(url)
        assert f'lang="{kept.locale.language_code}"' in response.content.decode()
        for chapter in kept.chapters.all():
            assert strip_banner(_served(f"{url}{chapter.slug}/").content.decode()) == chapter.html
        assert Client().get(f"{url}ingen-slik-side/").status_code == 404
    assert Client().get(version_path(plan.url, "99.0")).status_code == 404


def test_history_rows_link_to_their_version(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="Lenket."
    )
    page = _served(ChapterPage.objects.get(pk=history_chapter.pk).url).content.decode()
    assert f'href="{version_path(plan.url, entry.version)}"' in page
    seed_rows = HistoryEntry.objects.filter(plan=plan, revision__isnull=True).count()
    assert seed_rows
    assert page.count("Ingen arkivert kopi – før Planportal") == seed_rows


def test_a_private_plan_keeps_its_versions_private(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="Vedtatt."
    )
    url = version_path(plan.url, entry.version)
    assert Client().get(url).status_code == 200
    PageViewRestriction.objects.create(
        page=plan, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    response = Client().get(url)
    assert response.status_code == 200  # Wagtail's password form
    assert "hemmelig" not in response.content.decode()
    assert "private" in directives(response) and "public" not in directives(response)
    kept = PublishedVersion.objects.get(decision=entry, locale__language_code="nb")
    assert kept.chapters.first().html not in response.content.decode()


def test_the_api_lists_and_details_kept_versions_as_documented(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="I API-et."
    )
    client = Client()
    listing = client.get(f"{API}/versions/", {"plan": plan.pk, "locale": "nb"})
    assert listing.status_code == 200
    validate_response(listing)
    items = listing.json()["items"]
    kept = PublishedVersion.objects.get(decision=entry, locale__language_code="nb")
    assert [item["version"] for item in items] == [entry.version]
    item = items[0]
    assert item["html_sha256"] == kept.html_sha256
    assert urlsplit(item["html_url"]).path == version_path(plan.url, entry.version)
    assert "api" not in item and "api" not in item["chapters"][0]

    detail = client.get(item["meta"]["detail_url"])
    assert detail.status_code == 200
    validate_response(detail)
    body = detail.json()
    assert body["api"] == json.loads(kept.api_json)
    stored = {c.slug: c for c in kept.chapters.all()}
    for chapter in body["chapters"]:
        assert chapter["api"] == json.loads(stored[chapter["slug"]].api_json)
        assert chapter["api_sha256"] == sha(stored[chapter["slug"]].api_json)
    # Every language it was published in, each with its own plan.
    every = client.get(f"{API}/versions/", {"plan": plan.pk}).json()["items"]
    assert {i["locale"] for i in every} == set(
        PublishedVersion.objects.filter(decision=entry).values_list(
            "locale__language_code", flat=True
        )
    )


@pytest.mark.parametrize(
    "query",
    [{"version": "1"}, {"plan": "0"}, {"locale": "xx"}, {"order": "version"}, {"user": "1"}],
)
def test_bad_version_queries_get_a_named_400(query):
    response = Client().get(f"{API}/versions/", query)
    assert response.status_code == 400
    validate_response(response)
    assert response.json()["parameter"] == next(iter(query))


def test_versions_of_a_private_plan_are_not_in_the_api(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="Privat."
    )
    assert Client().get(f"{API}/versions/").json()["items"]
    PageViewRestriction.objects.create(
        page=plan, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    items = Client().get(f"{API}/versions/").json()["items"]
    assert all(i["plan"]["id"] != plan.pk for i in items)


def test_a_version_published_over_before_it_was_rendered_comes_from_its_revisions(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    """The worker was behind: the next publish came first. The kept pages are still the
    recorded revisions' text, never the newer one."""
    url, data = page_edit_data(history_chapter, superuser, body=HISTORY_BODY)
    data.update({"intro": "Først publisert.", "change_note": "Først.", "action-publish": "1"})
    with django_capture_on_commit_callbacks(execute=False) as pending:
        assert client_for(users["kommunikasjon"]).post(url, data).status_code == 302
    first = PublishedVersion.objects.get(
        locale__language_code="nb", version=PlanPage.objects.get(pk=plan.pk).version
    )
    assert not first.is_rendered and pending
    url, data = page_edit_data(history_chapter, superuser, body=HISTORY_BODY)
    data.update({"intro": "Så publisert.", "change_note": "Så.", "action-publish": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(users["kommunikasjon"]).post(url, data).status_code == 302

    for callback in pending:  # the first version's render, late
        callback()

    first.refresh_from_db()
    assert first.is_rendered and first.from_revisions and first.api_json == ""
    kept = first.chapters.get(translation_key=history_chapter.translation_key)
    assert "Først publisert." in kept.html and "Så publisert." not in kept.html
    assert kept.html_sha256 == sha(kept.html)


def test_rendering_a_version_costs_queries_per_page_not_per_row(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    """Recording is cheap (in the publish's transaction); rendering is the worker's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.freeze import record_version, render_version

    entry = HistoryEntry.objects.filter(plan=plan).first()
    entry.version, entry.sets_version = "99.0", True
    with CaptureQueriesContext(connection) as recording:
        recorded = record_version(entry)
    pages = sum(1 + r.chapters.count() for r in recorded)
    # A few per language (its record, its chapters read and stored in one query each),
    # none per chapter: the publish's transaction stays short.
    assert len(recording) <= 2 + 6 * len(recorded) < pages
    with CaptureQueriesContext(connection) as rendering:
        for published in recorded:
            assert render_version(published.pk)
    # Each page is rendered once as a reader gets it, plus its API detail: a bounded cost
    # per page, whatever the number of history rows or versions.
    assert len(rendering) < 30 * pages, (len(rendering), pages)


def test_a_page_in_a_kept_version_is_not_deleted_but_refused_with_a_message(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="Kept."
    )
    url = reverse("wagtailadmin_pages:delete", args=[history_chapter.pk])
    for method in ("get", "post"):
        response = getattr(client_for(superuser), method)(url, follow=True)
        assert response.status_code == 200
        assert "kan ikke slettes" in response.content.decode()
    assert ChapterPage.objects.filter(pk=history_chapter.pk).exists()
    # Nor through the listings' bulk delete: the same message, never an error.
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = client_for(superuser).post(f"{bulk}?id={history_chapter.pk}", follow=True)
    assert response.status_code == 200
    assert "kan ikke slettes" in response.content.decode()
    assert ChapterPage.objects.filter(pk=history_chapter.pk).exists()
    # A page never kept is deleted as before.
    fresh = add_test_chapter(plan)
    client_for(superuser).post(reverse("wagtailadmin_pages:delete", args=[fresh.pk]))
    assert not ChapterPage.objects.filter(pk=fresh.pk).exists()


def test_every_purge_bans_the_kept_versions_of_each_live_plan(plan):
    """Their banner names the current version, which every publish changes."""
    from edge import purge

    urls = purge.change_urls()
    plans = PlanPage.objects.live()
    assert plans
    for live in plans:
        assert purge.as_prefix(f"{live.get_full_url()}{VERSION_SEGMENT}/") in urls


def test_a_kept_page_keeps_its_theme_style_under_the_content_security_policy(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    """The stored page's inline <style> (the theme colour then) is allowed by its hash when it
    is served, however the theme has changed since."""
    from tests.test_security_headers import (
        assert_inline_elements_allowed_and_no_others,
        policy,
        sha256_source,
    )

    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.theme_colour = "#1A5C38"
    identity.save()
    captured = django_capture_on_commit_callbacks
    first = approve_change(users, superuser, history_chapter, captured, intro="Med tema.")
    kept = PublishedVersion.objects.get(decision=first, locale__language_code="nb")
    identity.theme_colour = ""
    identity.save()

    for url in (
        version_path(plan.url, kept.version),
        version_path(plan.url, kept.version, kept.chapters.first().slug),
    ):
        response = _served(url)
        html = response.content.decode()
        [style] = BeautifulSoup(html, "html.parser").find_all("style")
        assert "#1A5C38".lower() in style.string.lower()
        directives = policy(response)
        assert sha256_source(style.string) in directives["style-src"]
        assert_inline_elements_allowed_and_no_others(html, directives)
