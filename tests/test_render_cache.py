"""The render cache (core.render_cache): a public page rendered once per public change."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from core import render_cache
from home.models import SiteIdentity
from plan_pages.models import ChapterPage
from snippets.models import Contact
from tests.factories import unique_word
from tests.roles import client_for, save_history_chapter, snippet_edit_data

pytestmark = pytest.mark.django_db

CONTACT_ADMIN = "wagtailsnippets_snippets_contact"


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def test_an_anonymous_reader_gets_the_page_rendered_for_the_one_before(foreword):
    first, rendered = get(Client(), foreword.url)
    second, kept = get(Client(), foreword.url)
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    # Routing and Wagtail's restrictions still ask the database; the rendering does not.
    assert kept < rendered


def test_the_rendering_does_not_depend_on_how_many_blocks_the_page_has(chapters):
    kept = []
    for chapter in sorted(chapters.values(), key=lambda c: len(c.body)):
        get(Client(), chapter.url)
        kept.append(get(Client(), chapter.url)[1])
    assert len(set(kept)) == 1, kept


def test_a_signed_in_user_and_a_preview_are_always_rendered(users, foreword):
    reader = client_for(users["kommunikasjon"])
    get(reader, foreword.url)
    _, rendered = get(reader, foreword.url)
    get(Client(), foreword.url)  # kept for anonymous readers
    assert get(reader, foreword.url)[1] == rendered
    assert not render_cache.shares_rendering(
        type("Preview", (), {"is_preview": True, "method": "GET", "COOKIES": {}})()
    )


def test_a_client_with_a_session_cookie_is_always_rendered(foreword, settings):
    with_cookie = Client()
    with_cookie.cookies[settings.SESSION_COOKIE_NAME] = "anything"
    get(with_cookie, foreword.url)
    _, rendered = get(with_cookie, foreword.url)
    get(Client(), foreword.url)  # kept for anonymous readers
    assert get(with_cookie, foreword.url)[1] == rendered


def test_a_published_change_is_served_at_once(
    history_chapter, users, django_capture_on_commit_callbacks
):
    get(Client(), history_chapter.url)
    intro = f"Ny ingress {unique_word()}."
    with django_capture_on_commit_callbacks(execute=True):
        save_history_chapter(
            history_chapter, users["kommunikasjon"], intro=intro, note="Retting.", action="publish"
        )
    assert intro in text_of(get(Client(), history_chapter.url)[0])


def test_a_published_contact_is_served_at_once_on_a_chapter_that_shows_it(
    chapters, users, superuser, django_capture_on_commit_callbacks
):
    showing = next(
        (chapter, block.value["contacts"][0])
        for chapter in chapters.values()
        for block in chapter.body
        if block.block_type == "contacts" and block.value["contacts"]
    )
    chapter, contact = showing
    get(Client(), chapter.url)
    url, data = snippet_edit_data(CONTACT_ADMIN, Contact.objects.get(pk=contact.pk), superuser)
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data["name"] = f"Kontakt {unique_word()}"
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["kommunikasjon"]).post(url, data)
    assert response.status_code == 302
    assert data["name"] in text_of(get(Client(), chapter.url)[0])


def test_a_draft_keeps_the_generation(history_chapter, users, django_capture_on_commit_callbacks):
    before = render_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        save_history_chapter(
            history_chapter, users["kommunikasjon"], intro="Et utkast.", note="Utkast."
        )
    assert render_cache.generation() == before


def test_a_change_is_served_to_its_own_transaction_before_it_commits(history_chapter):
    get(Client(), history_chapter.url)
    chapter = ChapterPage.objects.get(pk=history_chapter.pk)
    chapter.intro = f"Ny ingress {unique_word()}."
    with transaction.atomic():
        chapter.save_revision().publish()
        assert chapter.intro in text_of(get(Client(), history_chapter.url)[0])


def test_a_kept_rendering_brings_the_csp_hash_of_its_inline_style(
    plan, django_capture_on_commit_callbacks
):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.theme_colour = "#1A5C38"
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()
    first, _ = get(Client(), plan.url)
    second, _ = get(Client(), plan.url)
    style = BeautifulSoup(second.content, "html.parser").find("style")
    assert style is not None
    policy = second["Content-Security-Policy"]
    assert policy == first["Content-Security-Policy"] and "'sha256-" in policy


def test_a_failing_cache_renders_the_page(foreword, monkeypatch):
    expected, _ = get(Client(), foreword.url)
    cache.clear()

    # Only the render cache's keys fail (Wagtail's own site cache needs it for any page).
    def failing(method):
        def call(key, *args, **kwargs):
            if key.startswith("planportal:"):
                raise ConnectionError("the cache is down")
            return method(key, *args, **kwargs)

        return call

    for name in ("get", "set", "add"):
        monkeypatch.setattr(cache, name, failing(getattr(cache, name)))
    assert get(Client(), foreword.url)[0].content == expected.content


def test_off_renders_every_request(foreword, settings):
    settings.PLANPORTAL_RENDER_CACHE_SECONDS = 0
    get(Client(), foreword.url)
    _, rendered = get(Client(), foreword.url)
    assert get(Client(), foreword.url)[1] == rendered


def test_another_release_does_not_serve_what_this_one_rendered(foreword, monkeypatch):
    get(Client(), foreword.url)
    _, kept = get(Client(), foreword.url)
    monkeypatch.setattr(render_cache, "release", lambda: "another-release")
    _, after_deploy = get(Client(), foreword.url)
    assert after_deploy > kept
