"""The admin's list of kept versions (Rapporter → Arkiverte versjoner), per role, read only."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone

from archive.admin_views import DIGEST_SHOWN
from plan_pages.models import PublishedVersion
from plan_pages.versions import version_path
from roles.definitions import ROLES as ROLE_DEFINITIONS
from tests.roles import ROLE_GROUPS, assert_refused, client_for
from tests.test_versions import approve_change

pytestmark = pytest.mark.django_db

INDEX = "published_versions:index"
PERMISSION = "plan_pages.view_publishedversion"
# Decided in roles.definitions: who reads the document history sees the versions.
READERS = {
    key
    for key, group in ROLE_GROUPS.items()
    if any(r.name == group and PERMISSION in r.model_permissions for r in ROLE_DEFINITIONS)
}


@pytest.fixture(autouse=True)
def render_kept_versions(settings):
    settings.PLANPORTAL_RENDER_KEPT_VERSIONS = True


@pytest.fixture
def kept(users, superuser, history_chapter, django_capture_on_commit_callbacks):
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="Arkivert."
    )
    return PublishedVersion.objects.get(decision=entry, locale__language_code="nb")


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_the_readers_are_the_adviser_the_coordinator_and_the_approvers():
    assert {"kommunikasjon", "slt", "politirad", "kommunestyret"} == READERS


@pytest.mark.parametrize("role", sorted(ROLE_GROUPS))
def test_each_role_sees_the_list_as_decided(users, kept, role):
    client = client_for(users[role])
    index = client.get(reverse(INDEX))
    inspect = client.get(reverse("published_versions:inspect", args=[kept.pk]))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    if role in READERS:
        assert index.status_code == inspect.status_code == 200
        assert "Arkiverte versjoner" in menu and reverse(INDEX) in menu
    else:
        assert_refused(index)
        assert_refused(inspect)
        assert reverse(INDEX) not in menu


def test_anonymous_is_sent_to_the_login(kept):
    for url in (reverse(INDEX), reverse("published_versions:inspect", args=[kept.pk])):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_list_shows_each_kept_version_with_its_facts(users, plan, kept):
    response = client_for(users["kommunikasjon"]).get(reverse(INDEX))
    rows = soup(response).select("tbody tr")
    versions = PublishedVersion.objects.filter(decision=kept.decision)
    assert len(rows) == versions.count()
    row = next(r for r in rows if "Norsk bokmål" in r.get_text())
    text = " ".join(row.get_text(" ").split())
    assert kept.version in text and plan.title in text
    assert kept.html_sha256[:DIGEST_SHOWN] in text and kept.html_sha256 not in text
    assert kept.api_sha256[:DIGEST_SHOWN] in text
    assert "Vedtatt" in text and kept.decision.change in text
    rendered_at = timezone.localtime(kept.rendered_at)
    assert f"Ja, {rendered_at:%d.%m.%Y %H:%M}" in text
    assert "True" not in text and "False" not in text
    public = version_path(plan.url, kept.version)
    assert row.find("a", href=public)
    inspect = reverse("published_versions:inspect", args=[kept.pk])
    assert row.find("a", href=inspect)
    assert formats.date_format(kept.date, "d.m.Y") in text


def test_the_list_filters_by_language_and_plan(users, plan, kept):
    client = client_for(users["politirad"])
    english = PublishedVersion.objects.get(decision=kept.decision, locale__language_code="en")
    by_language = client.get(reverse(INDEX), {"locale": english.locale_id})
    assert [v.pk for v in by_language.context["object_list"]] == [english.pk]
    by_plan = client.get(reverse(INDEX), {"plan": plan.pk})
    assert [v.pk for v in by_plan.context["object_list"]] == [kept.pk]


def test_the_detail_lists_the_chapters_with_their_kept_addresses(users, plan, kept):
    response = client_for(users["slt"]).get(reverse("published_versions:inspect", args=[kept.pk]))
    page = soup(response)
    chapters = list(kept.chapters.all())
    rows = page.select("table tbody tr")
    assert [r.find_all("td")[1].get_text(strip=True) for r in rows] == [c.title for c in chapters]
    for row, chapter in zip(rows, chapters, strict=True):
        assert row.find("a", href=version_path(plan.url, kept.version, chapter.slug))
        assert chapter.html_sha256[:DIGEST_SHOWN] in row.get_text()
    assert kept.html_sha256 in page.get_text()


def test_nobody_adds_edits_or_deletes_a_kept_version_not_even_a_superuser(superuser, kept):
    client = client_for(superuser)
    index = client.get(reverse(INDEX))
    assert index.status_code == 200
    for name, args in (("add", []), ("edit", [kept.pk]), ("delete", [kept.pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"published_versions:{name}", args=args)
    prefix = reverse(INDEX)
    for path in ("new/", f"edit/{kept.pk}/", f"delete/{kept.pk}/"):
        assert client.get(f"{prefix}{path}").status_code == 404
        assert client.post(f"{prefix}{path}", {}).status_code == 404
    html = index.content.decode()
    assert f"{prefix}new/" not in html and f"{prefix}edit/" not in html
    assert PublishedVersion.objects.filter(pk=kept.pk, html=kept.html).exists()
