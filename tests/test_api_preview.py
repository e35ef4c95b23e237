"""Preview tokens for the headless API (api.preview).

Drafts, never-published and unpublished pages, private pages and unpublished
snippets are absent from every endpoint for anonymous clients and for a wrong,
tampered or expired token, and present, uncached, with a valid one. Tokens come
from the admin preview's "headless" mode, which only those who may open Wagtail's
preview of the object reach.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import nested_form_data, streamfield

from api.preview import (
    PREVIEW_HEADER,
    SALT,
    issue_token,
    verify_token,
)
from core.preview import HEADLESS_PREVIEW_MODE
from plan_pages.models import ChapterPage, PlanPage
from snippets.models import Actor, Contact, GoalArea, Measure
from tests.factories import ContactFactory, GoalAreaFactory, MeasureFactory, unique_word
from tests.roles import (
    add_test_chapter,
    assert_refused,
    client_for,
    form_data,
    page_edit_data,
    plan_workflow,
    snippet_edit_data,
)
from tests.sources import api_prefix

pytestmark = pytest.mark.django_db

API = api_prefix()

SNIPPET_ADMIN = {
    Contact: "wagtailsnippets_snippets_contact",
    Measure: "wagtailsnippets_snippets_measure",
    Actor: "wagtailsnippets_snippets_actor",
    GoalArea: "wagtailsnippets_snippets_goalarea",
}


@pytest.fixture
def editor(users):
    """Kommunikasjonsrådgiver: edits and publishes pages and every snippet."""
    return users["kommunikasjon"]


# --- what is previewed ---------------------------------------------------------------


@dataclass
class Case:
    endpoint: str
    obj: object
    word: str  # in the draft only (or, for a private page, in the page hidden from the public)
    live: bool  # whether anonymous clients get a live version of the object at all

    @property
    def url(self) -> str:
        return f"{API}/{self.endpoint}/{self.obj.pk}/"


def never_published_chapter(plan, chapters):
    word = unique_word("aldripublisert")
    chapter = add_test_chapter(plan, live=False, title=f"Utkast {word}", intro=f"Ingress {word}")
    return Case("pages", chapter, word, live=False)


def unpublished_chapter(plan, chapters):
    word = unique_word("avpublisert")
    chapter = add_test_chapter(plan, intro=f"Tidligere ingress {word}")
    ChapterPage.objects.get(pk=chapter.pk).unpublish()
    return Case("pages", chapter, word, live=False)


def live_chapter_with_draft(plan, chapters):
    word = unique_word("nyttutkast")
    chapter = ChapterPage.objects.get(pk=chapters[2].pk)
    chapter.title = f"Utkasttittel {word}"
    chapter.intro = f"Utkastingress {word}"
    chapter.body.append(("paragraph", f"<p>Hemmelig utkast {word}</p>"))
    chapter.save_revision()
    return Case("pages", chapter, word, live=True)


def private_chapter(plan, chapters):
    word = unique_word("privat")
    chapter = add_test_chapter(plan, intro=f"Privat ingress {word}")
    PageViewRestriction.objects.create(page=chapter, restriction_type="password", password="x")
    return Case("pages", chapter, word, live=False)


def plan_with_draft(plan, chapters):
    word = unique_word("planutkast")
    draft = PlanPage.objects.get(pk=plan.pk)
    draft.goal = f"Nytt mål {word}"
    draft.save_revision()
    return Case("pages", draft, word, live=True)


def unpublished_measure(plan, chapters):
    word = unique_word("tiltaksutkast")
    return Case("measures", MeasureFactory(how=f"Nytt tiltak {word}", live=False), word, False)


def live_measure_with_draft(plan, chapters):
    word = unique_word("tiltaksendring")
    measure = Measure.objects.live().filter(locale__language_code="nb").order_by("pk").first()
    measure.how = f"Endret tiltak {word}"
    measure.save_revision()
    return Case("measures", measure, word, live=True)


def unpublished_contact(plan, chapters):
    word = unique_word("kontaktutkast")
    contact = ContactFactory(name="Trekkes tilbake")
    contact.unpublish()
    contact = Contact.objects.get(pk=contact.pk)
    contact.name = f"Nytt navn {word}"
    contact.save_revision()
    return Case("contacts", contact, word, live=False)


def never_published_actor(plan, chapters):
    word = unique_word("aktorutkast")
    return Case("actors", Actor.objects.create(name=f"Aktør {word}", live=False), word, False)


def goal_area_with_draft(plan, chapters):
    word = unique_word("omradeutkast")
    goal_area = GoalAreaFactory(title="Publisert område")
    goal_area.title = f"Område {word}"
    goal_area.save_revision()
    return Case("goal-areas", goal_area, word, live=True)


CASES = [
    never_published_chapter,
    unpublished_chapter,
    live_chapter_with_draft,
    private_chapter,
    plan_with_draft,
    unpublished_measure,
    live_measure_with_draft,
    unpublished_contact,
    never_published_actor,
    goal_area_with_draft,
]


@pytest.fixture(params=CASES, ids=[c.__name__ for c in CASES])
def case(request, plan, chapters):
    return request.param(plan, chapters)


# --- tokens that must not work ---------------------------------------------------------


def another_object(case):
    """Another object of the same endpoint (a token for it must not open this one)."""
    if case.endpoint == "pages":
        return Page.objects.filter(depth__gt=1).exclude(pk=case.obj.pk).first().specific
    model = type(case.obj)
    return model.objects.exclude(pk=case.obj.pk).order_by("pk").first()


def same_id_other_model(case):
    """An object of another model with the same id: what a token for it would carry."""
    other = Contact if case.endpoint != "contacts" else ChapterPage
    return other(pk=case.obj.pk)


def expired_token(obj, user, max_age):
    with patch("django.core.signing.time.time", return_value=time.time() - max_age - 5):
        return issue_token(obj, user).token


def flip_last_character(token):
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def bad_tokens(case, user, settings):
    """(name, token) pairs that must each be answered as if there were no token."""
    good = issue_token(case.obj, user).token
    payload = signing.TimestampSigner(salt=SALT).unsign_object(good)  # what a real one says
    return [
        ("another object's", issue_token(another_object(case), user).token),
        ("same id, other model", issue_token(same_id_other_model(case), user).token),
        ("expired", expired_token(case.obj, user, settings.PLANPORTAL_API_PREVIEW_TOKEN_MAX_AGE)),
        ("tampered signature", flip_last_character(good)),
        (
            "signed with another key",
            signing.TimestampSigner(key="x" * 50, salt=SALT).sign_object(payload),
        ),
        ("signed for another purpose", signing.dumps(payload)),
        ("empty", ""),
        ("garbage", "not-a-token"),
        ("colons", "a:b:c"),
        ("non-ascii", "æøå:ÆØÅ:" + "ü" * 40),
        ("very long", good * 100),
    ]


def detail(client, url, token=None, **headers):
    params = {} if token is None else {"preview_token": token}
    response = client.get(url, params, **headers)
    assert response.status_code in (200, 404), (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response


def listing_texts(client, case):
    """Every listing (and find/) a client could read the object's text from."""
    if case.endpoint == "pages":
        urls = [
            (f"{API}/pages/", {"limit": 100, "fields": "*"}),
            (f"{API}/pages/", {"type": "plan_pages.ChapterPage", "fields": "*", "limit": 100}),
            (f"{API}/pages/", {"search": case.word}),
            (f"{API}/pages/", {"type": "plan_pages.PlanPage", "fields": "*"}),
        ]
    else:
        urls = [(f"{API}/{case.endpoint}/", {"limit": 100})]
    texts = []
    for url, params in urls:
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
        texts.append(response.content.decode())
    return texts


# --- anonymous clients and bad tokens -----------------------------------------------------


def test_drafts_are_absent_for_anonymous_clients(client, case):
    response = detail(client, case.url)
    if case.live:
        assert response.status_code == 200
        assert case.word not in response.content.decode()
        assert response.json()["id"] == case.obj.pk
    else:
        assert response.status_code == 404
        assert set(response.json()) == {"message"}
        assert case.word not in response.content.decode()
    assert PREVIEW_HEADER not in response.headers
    for text in listing_texts(client, case):
        assert case.word not in text


def test_wrong_tampered_or_expired_tokens_get_what_anonymous_clients_get(
    client, case, editor, settings
):
    anonymous = detail(client, case.url)
    for name, token in bad_tokens(case, editor, settings):
        response = detail(client, case.url, token)
        assert response.status_code == anonymous.status_code, name
        assert response.content == anonymous.content, name
        assert case.word not in response.content.decode(), name
        assert PREVIEW_HEADER not in response.headers, name
        if case.live:  # served as the public, cacheable live version
            assert "public" in response["Cache-Control"], name
            assert response.headers["ETag"] == anonymous.headers["ETag"], name


def test_a_valid_token_serves_the_draft_uncached(client, case, editor):
    token = issue_token(case.obj, editor).token
    response = detail(client, case.url, token)
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == case.obj.pk
    assert case.word in response.content.decode()
    assert response.headers[PREVIEW_HEADER] == "1"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control and "max-age" not in cache_control
    assert "ETag" not in response.headers
    assert "Last-Modified" not in response.headers
    # Conditional requests never get a 304 for a preview.
    again = detail(
        client,
        case.url,
        token,
        HTTP_IF_NONE_MATCH="*",
        HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT",
    )
    assert again.status_code == 200
    assert again.content == response.content
    # The token opens this object only: the listings stay live-only.
    for text in listing_texts(client, case):
        assert case.word not in text


def test_the_token_is_refused_by_listings_and_find(client, case, editor):
    token = issue_token(case.obj, editor).token
    urls = [f"{API}/{case.endpoint}/"]
    if case.endpoint == "pages":
        urls.append(f"{API}/pages/find/?id={case.obj.pk}")
    for url in urls:
        response = client.get(url, {"preview_token": token})
        assert response.status_code == 400, url
        data = response.json()
        assert data["parameter"] == "preview_token"
        assert "preview_token" in data["message"]
        assert case.word not in response.content.decode()


@pytest.mark.parametrize(
    "url", ["images/", "documents/", "history/", "pages/?type=plan_pages.ChapterPage"]
)
def test_endpoints_without_previews_refuse_the_parameter(client, url, editor, plan):
    token = issue_token(plan, editor).token
    separator = "&" if "?" in url else "?"
    response = client.get(f"{API}/{url}{separator}preview_token={token}")
    assert response.status_code == 400
    assert response.json()["parameter"] == "preview_token"


def test_non_draft_endpoints_refuse_the_parameter_on_detail_too(client, editor, plan):
    from plan_pages.models import HistoryEntry

    entry = HistoryEntry.objects.filter(plan=plan).first()
    response = client.get(
        f"{API}/history/{entry.pk}/", {"preview_token": issue_token(plan, editor).token}
    )
    assert response.status_code == 400
    assert response.json()["parameter"] == "preview_token"


def test_a_null_character_is_a_named_400_not_a_500(client, chapters):
    response = client.get(f"{API}/pages/{chapters[1].pk}/", {"preview_token": "abc\x00def"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "preview_token"


def test_a_token_of_a_deactivated_or_deleted_issuer_is_ignored(client, plan, editor, users):
    case = never_published_chapter(plan, {})
    token = issue_token(case.obj, editor).token
    assert case.word in detail(client, case.url, token).content.decode()

    editor.is_active = False
    editor.save()
    assert detail(client, case.url, token).status_code == 404

    other = users["slt"]
    token = issue_token(case.obj, other).token
    assert detail(client, case.url, token).status_code == 200
    other.groups.clear()  # no admin access any more
    assert detail(client, case.url, token).status_code == 404
    other.delete()
    assert detail(client, case.url, token).status_code == 404


def test_tokens_expire_after_the_configured_age(client, plan, editor, settings):
    settings.PLANPORTAL_API_PREVIEW_TOKEN_MAX_AGE = 60
    case = never_published_chapter(plan, {})
    with patch("django.core.signing.time.time", return_value=time.time() - 50):
        recent = issue_token(case.obj, editor)
    with patch("django.core.signing.time.time", return_value=time.time() - 70):
        old = issue_token(case.obj, editor)
    assert case.word in detail(client, case.url, recent.token).content.decode()
    assert detail(client, case.url, old.token).status_code == 404
    assert recent.expires_at - old.expires_at >= timedelta(seconds=19)
    assert verify_token(recent.token, Page, case.obj.pk)
    assert not verify_token(old.token, Page, case.obj.pk)


def test_a_page_token_serves_the_specific_page_with_its_body(client, plan, chapters, editor):
    """The preview is the whole API representation, typed blocks and all, not a stub."""
    case = live_chapter_with_draft(plan, chapters)
    data = detail(client, case.url, issue_token(case.obj, editor).token).json()
    assert data["meta"]["type"] == "plan_pages.ChapterPage"
    assert data["title"] == f"Utkasttittel {case.word}"
    assert data["intro"] == f"Utkastingress {case.word}"
    assert data["body"][-1] == {
        "type": "paragraph",
        "value": f"<p>Hemmelig utkast {case.word}</p>",
        "id": data["body"][-1]["id"],
    }
    live = detail(client, case.url).json()
    assert live["title"] != data["title"]
    assert len(live["body"]) == len(data["body"]) - 1


def test_a_measure_preview_names_only_live_actors(client, editor):
    live_actor = Actor.objects.live().first()
    draft_actor = Actor.objects.create(name=f"Utkastaktør {unique_word('a')}", live=False)
    measure = MeasureFactory(live=False, actors=[live_actor, draft_actor])
    data = detail(client, f"{API}/measures/{measure.pk}/", issue_token(measure, editor).token)
    assert data.json()["responsible_actors"] == [{"id": live_actor.pk, "name": live_actor.name}]


# --- the admin preview's headless mode ---------------------------------------------------


def preview_url(obj, mode=HEADLESS_PREVIEW_MODE):
    if isinstance(obj, Page):
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[obj.pk])
    else:
        url = reverse(f"{SNIPPET_ADMIN[type(obj)]}:preview_on_edit", args=[obj.pk])
    return f"{url}?mode={mode}"


def post_preview_form(client, obj, viewer, superuser, **changes):
    """What the editor's live preview does first: post the edit form's current data."""
    if isinstance(obj, Page):
        _url, data = page_edit_data(obj, viewer)
    else:
        _url, data = snippet_edit_data(SNIPPET_ADMIN[type(obj)], obj, superuser)
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data.update(changes)
    response = client.post(preview_url(obj).split("?")[0], data)
    assert response.status_code == 200
    assert response.json()["is_valid"] is True, response.json()


def token_page(response):
    """The token, its expiry and the links, read from the rendered token page."""
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    soup = WagtailTestUtils.get_soup(html)
    assert soup.html["lang"] == "nb"
    assert "Lagre utkast først" in html
    token = soup.find(id="preview-token")
    if token is None:
        return None
    api_link = soup.find(id="preview-api-url")
    frontend_link = soup.find(id="preview-frontend-url")
    return {
        "token": token.get_text(),
        "expires": soup.find(id="preview-token-expires"),
        "api_url": api_link["href"],
        "frontend_url": frontend_link["href"] if frontend_link else None,
        "html": html,
    }


def assert_api_url(page, path):
    """The page's API link: this object's detail URL, with the page's token."""
    url = urlsplit(page["api_url"])
    assert url.path == path
    assert parse_qs(url.query) == {"preview_token": [page["token"]]}
    assert page["api_url"] in page["html"]  # shown, not only linked


def api_path(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.mark.parametrize(
    "make_case", [never_published_chapter, live_chapter_with_draft, private_chapter]
)
def test_editor_gets_a_working_token_from_the_page_preview(
    client, make_case, plan, chapters, editor, superuser
):
    case = make_case(plan, chapters)
    admin = client_for(editor)
    post_preview_form(admin, case.obj, editor, superuser)
    before = datetime.now(ZoneInfo(settings.TIME_ZONE))
    page = token_page(admin.get(preview_url(case.obj)))

    assert_api_url(page, f"{API}/pages/{case.obj.pk}/")
    assert verify_token(page["token"], Page, case.obj.pk)
    expires = datetime.fromisoformat(page["expires"]["datetime"])
    assert expires.utcoffset() == before.utcoffset()  # shown in Norwegian time
    expected = before + timedelta(seconds=settings.PLANPORTAL_API_PREVIEW_TOKEN_MAX_AGE)
    assert abs((expires - expected).total_seconds()) < 5
    assert expires.strftime("%H:%M") in page["expires"].get_text()
    front_end = urlsplit(page["frontend_url"])
    assert front_end.path == urlsplit(settings.PLANPORTAL_HEADLESS_PREVIEW_URL).path
    assert parse_qs(front_end.query) == {
        "page": [str(case.obj.pk)],
        "locale": ["nb"],
        "preview_token": [page["token"]],
    }

    response = client.get(api_path(page["api_url"]))  # anonymous, as a front-end would
    assert response.status_code == 200
    assert case.word in response.content.decode()
    assert response.headers[PREVIEW_HEADER] == "1"


@pytest.mark.parametrize(
    "make_case",
    [unpublished_measure, unpublished_contact, never_published_actor, goal_area_with_draft],
)
def test_editor_gets_a_working_token_from_the_snippet_preview(
    client, make_case, plan, chapters, editor, superuser, settings
):
    case = make_case(plan, chapters)
    admin = client_for(editor)
    post_preview_form(admin, case.obj, editor, superuser)
    page = token_page(admin.get(preview_url(case.obj)))
    assert_api_url(page, case.url)
    # The test settings' front-end URL has no {model}: it is for pages only.
    assert page["frontend_url"] is None
    response = client.get(api_path(page["api_url"]))
    assert response.status_code == 200
    assert case.word in response.content.decode()

    settings.PLANPORTAL_HEADLESS_PREVIEW_URL = "/front/{model}/{id}/?locale={locale}&token={token}"
    page = token_page(admin.get(preview_url(case.obj)))
    front_end = urlsplit(page["frontend_url"])
    assert front_end.path == f"/front/{case.endpoint}/{case.obj.pk}/"
    assert parse_qs(front_end.query) == {"locale": ["nb"], "token": [page["token"]]}


def test_no_front_end_link_without_the_setting(plan, chapters, editor, superuser, settings):
    settings.PLANPORTAL_HEADLESS_PREVIEW_URL = ""
    case = never_published_chapter(plan, chapters)
    admin = client_for(editor)
    post_preview_form(admin, case.obj, editor, superuser)
    page = token_page(admin.get(preview_url(case.obj)))
    assert page["frontend_url"] is None
    # A bad template: no link, no error.
    settings.PLANPORTAL_HEADLESS_PREVIEW_URL = "/front/?x={unknown}"
    page = token_page(admin.get(preview_url(case.obj)))
    assert page["frontend_url"] is None


def test_preview_of_a_page_not_yet_saved_asks_to_save_first(plan, editor):
    admin = client_for(editor)
    add_url = reverse("wagtailadmin_pages:add", args=["plan_pages", "chapterpage", plan.pk])
    form = admin.get(add_url)
    assert form.status_code == 200
    data = form_data(form.content.decode(), form_id="page-edit-form")
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data["title"] = "Nytt kapittel"
    data["slug"] = "nytt-kapittel"
    data["number"] = "99"
    data.update(nested_form_data({"body": streamfield([])}))
    url = reverse("wagtailadmin_pages:preview_on_add", args=["plan_pages", "chapterpage", plan.pk])
    assert admin.post(url, data).json()["is_valid"] is True
    response = admin.get(url, {"mode": HEADLESS_PREVIEW_MODE})
    assert token_page(response) is None
    assert "Dette innholdet er ikke lagret ennå" in response.content.decode()


def test_the_token_serves_the_saved_draft_not_the_unsaved_form(
    client, plan, chapters, editor, superuser
):
    """The default mode shows the form as typed; the token, the latest saved draft."""
    case = live_chapter_with_draft(plan, chapters)
    assert case.obj.default_preview_mode == ""  # the workflow preview still shows the page
    assert dict(case.obj.preview_modes)[HEADLESS_PREVIEW_MODE] == "Headless-forhåndsvisning (API)"
    admin = client_for(editor)
    unsaved = unique_word("ulagret")
    post_preview_form(admin, case.obj, editor, superuser, intro=f"Ulagret ingress {unsaved}")
    html = admin.get(preview_url(case.obj, mode="")).content.decode()
    assert unsaved in html
    assert 'id="preview-token"' not in html

    page = token_page(admin.get(preview_url(case.obj)))
    text = client.get(api_path(page["api_url"])).content.decode()
    assert case.word in text
    assert unsaved not in text


@pytest.mark.parametrize("model", [Actor, GoalArea])
def test_actor_and_goal_area_have_a_plain_preview_too(model, editor, superuser):
    obj = model.objects.live().filter(locale__language_code="nb").first()
    admin = client_for(editor)
    post_preview_form(admin, obj, editor, superuser)
    response = admin.get(preview_url(obj, mode=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(obj) in html
    assert "Forhåndsvisning av" in html
    assert 'id="preview-token"' not in html


# --- who gets a token --------------------------------------------------------------------


def test_anonymous_users_get_no_preview(client, plan, chapters):
    case = never_published_chapter(plan, chapters)
    response = client.get(preview_url(case.obj))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    measure = unpublished_measure(plan, chapters)
    response = client.get(preview_url(measure.obj))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_users_without_edit_permission_get_no_preview(plan, chapters, users):
    page_case = never_published_chapter(plan, chapters)
    contact_case = unpublished_contact(plan, chapters)
    for role in ("politirad", "kommunestyret"):
        admin = client_for(users[role])
        for obj in (page_case.obj, contact_case.obj):
            response = admin.get(preview_url(obj))
            assert_refused(response)
            assert 'id="preview-token"' not in response.content.decode()
    # SLT may edit measures but not contacts.
    assert_refused(client_for(users["slt"]).get(preview_url(contact_case.obj)))


@pytest.fixture
def chapter_in_review(chapters, users):
    """Chapter 3 with a draft submitted to "Planbehandling" by the SLT coordinator."""
    word = unique_word("tilbehandling")
    chapter = ChapterPage.objects.get(pk=chapters[3].pk)
    chapter.intro = f"Foreslått ingress {word}"
    chapter.save_revision(user=users["slt"])
    plan_workflow().start(chapter, users["slt"])
    task_state = chapter.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_preview", args=[chapter.pk, task_state.task_id])
    return chapter, word, url


def test_a_reviewer_gets_a_token_from_the_workflow_preview(client, users, chapter_in_review):
    chapter, word, url = chapter_in_review
    reviewer = client_for(users["politirad"])
    # Reviewers do not edit: no editor preview ...
    assert_refused(reviewer.get(preview_url(chapter)))
    # ... but the workflow preview shows the draft, and its headless mode a token.
    assert word in reviewer.get(url).content.decode()
    page = token_page(reviewer.get(url, {"mode": HEADLESS_PREVIEW_MODE}))
    response = client.get(api_path(page["api_url"]))
    assert response.status_code == 200
    assert response.json()["intro"] == f"Foreslått ingress {word}"
    assert word not in client.get(f"{API}/pages/{chapter.pk}/").content.decode()


def test_a_body_whose_step_it_is_not_gets_no_token(users, chapter_in_review):
    _chapter, _word, url = chapter_in_review
    response = client_for(users["kommunestyret"]).get(url, {"mode": HEADLESS_PREVIEW_MODE})
    assert_refused(response)
    assert 'id="preview-token"' not in response.content.decode()


def test_tokens_in_the_token_page_are_per_object(plan, chapters, editor, superuser, client):
    first = never_published_chapter(plan, chapters)
    second = never_published_chapter(plan, chapters)
    admin = client_for(editor)
    post_preview_form(admin, first.obj, editor, superuser)
    token = token_page(admin.get(preview_url(first.obj)))["token"]
    assert client.get(second.url, {"preview_token": token}).status_code == 404
    assert first.word in client.get(first.url, {"preview_token": token}).content.decode()
