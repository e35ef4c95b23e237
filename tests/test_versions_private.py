"""Kept versions withdrawn when their pages are made private later (plan_pages.versions).

Checked at every request against the view restrictions as they are now: nothing kept is
deleted, and a reader who may see the private page may see its kept versions.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.models import PageViewRestriction

from core.http_cache import directives
from plan_pages.changes import changes_path
from plan_pages.models import ChapterPage, PublishedVersion, VersionComparison
from plan_pages.versions import feed_path, pdf_path, strip_banner, version_path
from roles.definitions import POLICE_COUNCIL
from tests.roles import client_for
from tests.sources import api_prefix
from tests.test_versions import approve_change

pytestmark = pytest.mark.django_db

API = api_prefix()


@pytest.fixture(autouse=True)
def render_kept_versions(settings):
    settings.PLANPORTAL_RENDER_KEPT_VERSIONS = True


def kept_pages(plan, kept, chapter_key):
    """{address: stored bytes} of a kept version's plan page and one of its chapters."""
    chapter = kept.chapters.get(translation_key=chapter_key)
    return {
        version_path(plan.url, kept.version): kept.html,
        version_path(plan.url, kept.version, chapter.slug): chapter.html,
    }


def assert_withdrawn(response, stored):
    """Wagtail's answer to a reader a restriction refuses: to the login, nothing kept."""
    assert response.status_code == 302, response.status_code
    assert "login" in response["Location"]
    assert stored not in response.content.decode()


def assert_served_privately(response, stored):
    assert response.status_code == 200
    assert strip_banner(response.content.decode()) == stored
    cache = directives(response)
    assert "private" in cache and "no-store" in cache
    assert not cache & {"public", "immutable"}


@pytest.mark.parametrize("where", ["plan", "ancestor"])
def test_a_plan_made_private_withdraws_every_kept_version_but_for_its_readers(
    users, superuser, plan, history_chapter, where, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    first = approve_change(users, superuser, history_chapter, captured, intro="Første.")
    second = approve_change(users, superuser, history_chapter, captured, intro="Andre.")
    key = history_chapter.translation_key
    pages = {}
    for entry in (first, second):
        kept = PublishedVersion.objects.get(decision=entry, locale__language_code="nb")
        pages.update(kept_pages(plan, kept, key))
    older = PublishedVersion.objects.get(decision=first, locale__language_code="nb")
    anonymous = Client()
    for url in pages:
        assert anonymous.get(url).status_code == 200
    assert "immutable" in directives(anonymous.get(version_path(plan.url, older.version)))

    restriction = PageViewRestriction.objects.create(
        page=plan if where == "plan" else plan.get_parent(),
        restriction_type=PageViewRestriction.GROUPS,
    )
    restriction.groups.set([Group.objects.get(name=POLICE_COUNCIL)])

    reader, outsider = client_for(users["politirad"]), client_for(users["oversetter"])
    for url, stored in pages.items():
        assert_withdrawn(anonymous.get(url), stored)
        assert_withdrawn(outsider.get(url), stored)
        assert_served_privately(reader.get(url), stored)
    # The pages whose history rows link to them are private too.
    assert anonymous.get(ChapterPage.objects.get(pk=history_chapter.pk).url).status_code == 302
    # The API, as Wagtail's for pages: neither listed nor detailed to whom the restriction
    # refuses; its readers get them, privately.
    for client in (anonymous, outsider):
        listed = client.get(f"{API}/versions/").json()["items"]
        assert all(item["plan"]["id"] != plan.pk for item in listed)
        assert client.get(f"{API}/versions/{older.pk}/").status_code == 404
        assert client.get(f"{API}/versions/", {"plan": plan.pk}).status_code == 400
    listed = reader.get(f"{API}/versions/", {"plan": plan.pk, "locale": "nb"})
    assert {item["version"] for item in listed.json()["items"]} == {first.version, second.version}
    detail = reader.get(f"{API}/versions/{older.pk}/")
    assert detail.status_code == 200
    assert "public" not in directives(detail) and "public" not in directives(listed)

    # Withdrawn, not deleted: public again, served as kept.
    restriction.delete()
    for url, stored in pages.items():
        assert strip_banner(anonymous.get(url).content.decode()) == stored


def test_a_chapter_made_private_withdraws_every_version_that_kept_it(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    """A chapter's title is on every page of its version (the contents, the menu, the other
    chapters' links) and its text in the version's PDF and comparisons: made private since,
    the whole version is withdrawn from whom the restriction refuses, not its page alone."""
    captured = django_capture_on_commit_callbacks
    first = approve_change(users, superuser, history_chapter, captured, intro="Første.")
    second = approve_change(users, superuser, history_chapter, captured, intro="Andre.")
    older, newer = (
        PublishedVersion.objects.get(decision=entry, locale__language_code="nb")
        for entry in (first, second)
    )
    chapter = newer.chapters.get(translation_key=history_chapter.translation_key)
    # The chapter before it links to it by its title.
    other = newer.chapters.get(position=chapter.position - 1)
    assert chapter.title in newer.html and chapter.title in other.html
    newer.pdf.save("plan.pdf", ContentFile(b"%PDF-1.7 kept"), save=True)
    assert VersionComparison.objects.filter(new=newer, old=older).exists()
    urls = [
        version_path(plan.url, newer.version),
        version_path(plan.url, newer.version, chapter.slug),
        version_path(plan.url, newer.version, other.slug),
        version_path(plan.url, older.version, other.slug),
        changes_path(version_path(plan.url, newer.version)),
        pdf_path(plan.url, newer.version),
        pdf_path(plan.url),
    ]
    anonymous = Client()
    for url in urls:
        assert anonymous.get(url).status_code == 200, url

    PageViewRestriction.objects.create(
        page=history_chapter, restriction_type=PageViewRestriction.LOGIN
    )
    reader = client_for(users["oversetter"])  # a signed-in user passes a login restriction
    for url in urls:
        withdrawn = anonymous.get(url)
        assert withdrawn.status_code == 302 and "login" in withdrawn["Location"], url
        served = reader.get(url)
        assert served.status_code == 200, url
        cache = directives(served)
        assert "private" in cache and "no-store" in cache and not cache & {"public"}, url
    assert strip_banner(reader.get(urls[2]).content.decode()) == other.html

    # The API: neither listed nor detailed to whom the restriction refuses.
    listed = anonymous.get(f"{API}/versions/", {"plan": plan.pk, "locale": "nb"}).json()
    assert listed["items"] == []
    for kept in (older, newer):
        assert anonymous.get(f"{API}/versions/{kept.pk}/").status_code == 404
    listed = reader.get(f"{API}/versions/", {"plan": plan.pk, "locale": "nb"})
    assert {item["version"] for item in listed.json()["items"]} == {older.version, newer.version}
    detail = reader.get(f"{API}/versions/{newer.pk}/").json()
    assert {c["slug"] for c in detail["chapters"]} == set(
        newer.chapters.values_list("slug", flat=True)
    )
    assert "public" not in directives(listed)
    # The feed leaves them out as the API does.
    for client, shown in ((anonymous, False), (reader, True)):
        feed = client.get(feed_path(plan.url)).content.decode()
        for kept in (older, newer):
            assert (version_path(plan.url, kept.version) in feed) is shown

    # Withdrawn, not deleted.
    PageViewRestriction.objects.filter(page=history_chapter).delete()
    assert strip_banner(anonymous.get(urls[2]).content.decode()) == other.html
