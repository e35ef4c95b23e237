"""Cache-Control for the edge cache (edge.middleware, core.http_cache): what a shared cache may keep.

Anonymous public answers are `public` with a long `s-maxage`; anything personal (a signed-in
user, a session, a private page, a preview, a form) is `private, no-store`, never public; an
anonymous GET of a public page sets no cookie (the cache stores nothing with Set-Cookie).
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_max_age
from wagtail.models import Locale, PageViewRestriction

from core.http_cache import directives
from tests.roles import client_for
from tests.sources import api_prefix, shipped_languages

pytestmark = pytest.mark.django_db

RESTRICTION_PASSWORD = "hemmelig-passord"


def s_maxage(response) -> int | None:
    for directive in response.get("Cache-Control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "s-maxage":
            return int(value)
    return None


def assert_public(response, *, max_age, edge_max_age):
    assert response.status_code == 200, response.status_code
    names = directives(response)
    assert "public" in names and not names & {"private", "no-store", "no-cache"}, names
    assert get_max_age(response) == max_age
    assert s_maxage(response) == edge_max_age
    assert not response.cookies, response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def assert_private(response):
    names = directives(response)
    assert {"private", "no-store"} <= names, response.get("Cache-Control")
    assert "public" not in names and s_maxage(response) is None


def public_pages(plan, chapters) -> list:
    """The home page, the plan and every chapter, in Norwegian and every shipped translation."""
    pages = [plan.get_parent().specific, plan, *chapters.values()]
    localized = []
    for code in ("nb", *shipped_languages()):
        locale = Locale.objects.get(language_code=code)
        for page in pages:
            translated = page.get_translation_or_none(locale)
            assert translated is not None and translated.live, (page, code)
            localized.append(translated)
    return localized


def test_every_public_page_in_every_language_is_public_at_the_edge(client, plan, chapters):
    for page in public_pages(plan, chapters):
        response = client.get(page.url)
        assert_public(
            response,
            max_age=settings.PLANPORTAL_PAGE_CACHE_MAX_AGE,
            edge_max_age=settings.PLANPORTAL_EDGE_CACHE_MAX_AGE,
        )


@pytest.mark.parametrize("name", ["sitemap", "robots_txt"])
def test_the_sitemap_and_robots_are_public_at_the_edge(client, name):
    assert_public(
        client.get(reverse(name)),
        max_age=settings.PLANPORTAL_PAGE_CACHE_MAX_AGE,
        edge_max_age=settings.PLANPORTAL_EDGE_CACHE_MAX_AGE,
    )


def test_the_api_keeps_its_browser_age_and_gets_the_edge_age(client, plan, chapters):
    prefix = api_prefix()
    for url in (
        f"{prefix}/pages/?locale=nb",
        f"{prefix}/pages/{plan.pk}/",
        f"{prefix}/pages/{chapters[min(chapters)].pk}/",
        f"{prefix}/contacts/?locale=nb",
    ):
        assert_public(
            client.get(url),
            max_age=settings.PLANPORTAL_API_CACHE_MAX_AGE,
            edge_max_age=settings.PLANPORTAL_EDGE_CACHE_MAX_AGE,
        )


def test_search_results_live_at_the_edge_only_as_long_as_in_a_browser(client, plan):
    with translation.override("nb"):
        url = reverse("search")
    response = client.get(url, {"q": plan.title.split()[0]})
    assert_public(
        response,
        max_age=settings.PLANPORTAL_PAGE_CACHE_MAX_AGE,
        edge_max_age=settings.PLANPORTAL_PAGE_CACHE_MAX_AGE,
    )


def test_a_signed_in_editor_gets_nothing_a_cache_may_keep(users, plan, chapters):
    editor = client_for(users["kommunikasjon"])
    chapter = chapters[min(chapters)]
    for url in (
        plan.get_parent().url,
        plan.url,
        chapter.url,
        reverse("sitemap"),
        f"{api_prefix()}/pages/{chapter.pk}/",
        reverse("wagtailadmin_pages:view_draft", args=[chapter.pk]),
    ):
        response = editor.get(url)
        assert response.status_code == 200, url
        assert_private(response)


def test_a_stale_session_cookie_alone_makes_a_page_private(plan):
    """The cache passes every request with the session cookie; the app agrees."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    response = client.get(plan.url)
    assert response.status_code == 200
    assert_private(response)


@pytest.fixture(params=[PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def restricted_plan(request, plan):
    """The plan made private, by password or to signed-in users: its chapters with it."""
    restriction = PageViewRestriction.objects.create(
        page=plan, restriction_type=request.param, password=RESTRICTION_PASSWORD
    )
    return restriction


def test_a_private_page_and_its_descendants_are_never_public(
    client, restricted_plan, plan, chapters
):
    for page in (plan, chapters[min(chapters)]):
        response = client.get(page.url)
        # The password form, or the redirect to the login.
        expected = 200 if restricted_plan.restriction_type == PageViewRestriction.PASSWORD else 302
        assert response.status_code == expected
        assert_private(response)


def test_a_private_page_opened_with_its_password_is_never_public(plan, chapters):
    restriction = PageViewRestriction.objects.create(
        page=plan, restriction_type=PageViewRestriction.PASSWORD, password=RESTRICTION_PASSWORD
    )
    client = Client()
    chapter = chapters[min(chapters)]
    with translation.override("nb"):
        action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, plan.pk])
    form = client.get(chapter.url)
    assert_private(form)
    answer = client.post(action, {"password": RESTRICTION_PASSWORD, "return_url": chapter.url})
    assert answer.status_code == 302
    assert_private(answer)

    response = client.get(chapter.url)
    assert response.status_code == 200
    assert chapter.title in response.content.decode()
    assert_private(response)


def test_an_api_preview_is_never_stored(client, users, chapters):
    from api.preview import issue_token

    chapter = chapters[min(chapters)]
    token = issue_token(chapter, users["kommunikasjon"]).token
    response = client.get(f"{api_prefix()}/pages/{chapter.pk}/", {"preview_token": token})
    assert response.status_code == 200
    assert response["X-Planportal-Preview"] == "1"
    assert_private(response)


def test_a_missing_page_is_not_kept(client, plan):
    response = client.get(f"{plan.url}finnes-ikke/")
    assert response.status_code == 404
    assert_private(response)


def test_the_health_probes_stay_uncached(client):
    for name in ("healthz", "readyz"):
        response = client.get(reverse(name))
        assert_private(response)
