"""The headless API (/api/v2/): what anonymous clients get, and what they never get."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction

from plan_pages.models import ChapterPage, HistoryEntry, PlanPage
from snippets.models import Actor, Contact, ContactPhoneNumber, GoalArea, Measure
from tests.factories import (
    ContactFactory,
    GoalAreaFactory,
    MeasureFactory,
    add_chapter,
    add_history,
    block,
    sized_body,
    unique_word,
)
from tests.roles import plan_workflow
from tests.sources import api_prefix, shipped_languages

pytestmark = pytest.mark.django_db

API = api_prefix()
SNIPPET_ENDPOINTS = {
    "contacts": Contact,
    "measures": Measure,
    "actors": Actor,
    "goal-areas": GoalArea,
}


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, params, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


@pytest.fixture
def en_plan(db):
    return PlanPage.objects.get(locale__language_code="en")


# --- pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "en"])
def test_pages_listing_per_locale(client, language):
    data = get_json(client, f"{API}/pages/", locale=language, limit=100)
    # Every public page of the language's own tree (home, plan, chapters, the site's pages).
    home = Page.objects.get(depth=2, locale__language_code=language)
    expected = Page.objects.live().public().descendant_of(home, inclusive=True)
    assert data["meta"]["total_count"] == len(data["items"]) == expected.count()
    assert {item["id"] for item in data["items"]} == set(expected.values_list("pk", flat=True))
    assert {item["meta"]["locale"] for item in data["items"]} == {language}


@pytest.mark.parametrize("language", ["nb", "en"])
def test_plan_detail_has_front_matter_and_chapters_in_order(client, language):
    plan = PlanPage.objects.get(locale__language_code=language)
    data = get_json(client, f"{API}/pages/{plan.pk}/")
    for field in (
        "document_type",
        "subtitle",
        "municipality",
        "period",
        "version",
        "version_date",
        "goal",
        "intro",
        "lead_image",
        "lead_image_rendition",
        "lead_image_alt_text",
        "lead_image_caption",
        "lead_image_credit",
    ):
        assert field in data, field
    assert data["version"] == plan.version
    assert data["intro"].startswith("<p>")
    chapters = list(ChapterPage.objects.child_of(plan).live().public().order_by("path"))
    assert [c["id"] for c in data["chapters"]] == [c.pk for c in chapters]
    assert [c["number"] for c in data["chapters"]] == sorted(c.number for c in chapters)
    second = data["chapters"][1]
    assert second["html_url"].endswith(chapters[1].url)
    assert second["detail_url"].endswith(f"{API}/pages/{chapters[1].pk}/")
    assert [s["anchor"] for s in second["sections"]] == [
        s["anchor"] for s in chapters[1].sections()
    ]
    assert all(s["html_url"].endswith("#" + s["anchor"]) for s in second["sections"])
    assert data["history_url"].endswith(f"{API}/history/?plan={plan.pk}")
    if language == "nb":
        assert data["translation"] is None
    else:
        facts = data["translation"]
        source = PlanPage.objects.get(locale__language_code="nb")
        assert facts["source_page"]["id"] == source.pk
        assert facts["source_version"] == source.version
        assert facts["stale"] is False
        assert facts["machine_translated"] is True  # the shipped PO files are marked so
        assert facts["untranslated"] == 0


def test_plan_chapters_leave_out_drafts_and_private_chapters(client, plan):
    draft = add_chapter(plan, live=False)
    private = add_chapter(plan)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    shown = add_chapter(plan)
    ids = [c["id"] for c in get_json(client, f"{API}/pages/{plan.pk}/")["chapters"]]
    assert shown.pk in ids
    assert draft.pk not in ids
    assert private.pk not in ids


@pytest.mark.parametrize("language", ["nb", "en"])
def test_chapter_detail_body_is_typed_and_self_contained(client, language):
    plan = PlanPage.objects.get(locale__language_code=language)
    history = [entry.version for entry in plan.plan_history]
    chapters = ChapterPage.objects.child_of(plan).order_by("path")
    seen = set()
    for chapter in chapters:
        data = get_json(client, f"{API}/pages/{chapter.pk}/")
        assert data["number"] == chapter.number
        assert data["meta"]["locale"] == language
        for item in data["body"]:
            seen.add(item["type"])
            value = item["value"]
            if item["type"] == "contacts":
                contact = value["contacts"][0]
                assert contact["name"] and contact["phone_numbers"][0]["href"].startswith("tel:")
            elif item["type"] == "measures":
                assert value["goal_area"]["title"] and value["measures"][0]["how"]
            elif item["type"] == "document_history":
                assert [row["version"] for row in value] == history
            elif item["type"] == "paragraph":
                assert value.startswith("<")
    assert {"section", "paragraph", "contacts", "measures", "document_history"} <= seen


@pytest.mark.parametrize("language", ["nb", "en"])
def test_blocks_carry_contacts_measures_and_history_as_their_endpoints_give_them(client, language):
    plan = PlanPage.objects.get(locale__language_code=language)
    history = get_json(client, f"{API}/history/", plan=plan.pk, limit=100)["items"]
    seen = set()
    for chapter in ChapterPage.objects.child_of(plan).live():
        for item in get_json(client, f"{API}/pages/{chapter.pk}/")["body"]:
            value = item["value"]
            if item["type"] == "contacts":
                objects = value["contacts"]
            elif item["type"] == "measures":
                objects = [value["goal_area"], *value["measures"]]
            elif item["type"] == "document_history":
                assert value == history
                objects = value
            else:
                continue
            assert objects, item["type"]
            seen.add(item["type"])
            for obj in objects:
                assert obj == get_json(client, obj["meta"]["detail_url"])
    assert seen == {"contacts", "measures", "document_history"}


def test_blocks_show_only_live_snippets_in_their_own_language(client, plan):
    word = unique_word("blokk")
    english = Locale.objects.get(language_code="en")
    shown = ContactFactory(name=f"Synlig {word}", numbers=["02800"])
    untranslated = ContactFactory(name=f"English {word}", locale=english)
    draft = ContactFactory(name=f"Utkast {word}", live=False)
    withdrawn = ContactFactory(name=f"Trukket {word}")
    withdrawn.unpublish()
    goal_area = GoalAreaFactory(title=f"Område {word}")
    live_actor = Actor.objects.create(name=f"Aktør {word}")
    draft_actor = Actor.objects.create(name=f"Utkastaktør {word}", live=False)
    measure = MeasureFactory(goal_area=goal_area, actors=[live_actor, draft_actor])
    MeasureFactory(goal_area=goal_area, how=f"Utkast til tiltak {word}", live=False)
    hidden_goal_area = GoalAreaFactory(title=f"Skjult {word}", live=False)
    MeasureFactory(goal_area=hidden_goal_area)
    chapter = add_chapter(
        plan,
        body=[
            block(
                "contacts",
                {
                    "title": "Kontakter",
                    "contacts": [shown.pk, draft.pk, untranslated.pk, withdrawn.pk],
                },
            ),
            block("measures", {"goal_area": goal_area.pk}),
            block("measures", {"goal_area": hidden_goal_area.pk}),
        ],
    )
    contacts, measures, hidden = (
        b["value"] for b in get_json(client, f"{API}/pages/{chapter.pk}/")["body"]
    )
    assert [c["id"] for c in contacts["contacts"]] == [shown.pk, untranslated.pk]
    assert [c["meta"]["locale"] for c in contacts["contacts"]] == ["nb", "en"]
    assert contacts["contacts"][1] == get_json(client, f"{API}/contacts/{untranslated.pk}/")
    assert [m["id"] for m in measures["measures"]] == [measure.pk]
    assert [a["id"] for a in measures["measures"][0]["responsible_actors"]] == [live_actor.pk]
    assert hidden is None


def test_rich_text_is_html_with_internal_links_in_the_page_language(client, plan, chapters):
    chapter = add_chapter(
        plan,
        body=[
            block(
                "paragraph", f'<p>Se <a linktype="page" id="{chapters[2].pk}">kapittel 2</a>.</p>'
            )
        ],
    )
    body = get_json(client, f"{API}/pages/{chapter.pk}/")["body"]
    assert f'<a href="{chapters[2].url}">kapittel 2</a>' in body[0]["value"]
    assert "linktype" not in body[0]["value"]


def test_an_english_pages_link_to_a_norwegian_page_goes_to_its_english_translation(
    client, en_plan, chapters
):
    """The API serializes each page in its language (api.pages.LocalizedPageSerializer), not
    the request's: Wagtail links a page in rich text to its translation in the active
    language, so without that an English body would link to the Norwegian chapter."""
    target = chapters[2]
    en_target = target.get_translation(en_plan.locale)
    assert en_target.live and en_target.url != target.url
    chapter = add_chapter(
        en_plan,
        body=[block("paragraph", f'<p>See <a linktype="page" id="{target.pk}">chapter 2</a>.</p>')],
    )
    body = get_json(client, f"{API}/pages/{chapter.pk}/")["body"]
    assert f'<a href="{en_target.url}">chapter 2</a>' in body[0]["value"]


def test_chapter_lead_image_has_rendition_alt_and_credit(client, chapters):
    chapter = next(c for c in chapters.values() if c.lead_image_id)
    data = get_json(client, f"{API}/pages/{chapter.pk}/")
    field = next(f for f in ChapterPage.api_fields if f.name == "lead_image_rendition")
    expected = chapter.lead_image.get_rendition(field.serializer.filter_spec)
    rendition = data["lead_image_rendition"]
    assert rendition["url"] == expected.url
    assert (rendition["width"], rendition["height"]) == (expected.width, expected.height)
    assert rendition["alt"] == chapter.lead_image.description
    assert data["lead_image"]["id"] == chapter.lead_image_id
    assert data["lead_image_credit"] == chapter.lead_image.photo_credit


def test_home_page_has_call_to_read(client):
    home = PlanPage.objects.get(locale__language_code="nb").get_parent()
    data = get_json(client, f"{API}/pages/{home.pk}/")
    assert data["call_to_read"] == home.specific.call_to_read


@pytest.mark.parametrize(
    "path, language",
    [
        ("/nb/handlingsplan/forord/", "nb"),
        ("/en/action-plan/foreword/", "en"),
        ("/ar/action-plan/foreword/", "ar"),
        ("/en/action-plan/", "en"),
        ("/ar/", "ar"),
    ],
)
def test_find_by_html_path_in_every_language(client, path, language):
    response = client.get(f"{API}/pages/find/", {"html_path": path, "fields": "title"})
    assert response.status_code == 302
    data = get_json(client, response["Location"])
    assert data["meta"]["locale"] == language
    assert data["meta"]["html_url"].endswith(path)


@pytest.mark.parametrize(
    "path",
    [
        "/en/action-plan/no-such-chapter/",
        "/pl/handlingsplan/forord/",  # no Polish page: the Norwegian one is not it
        "/xx/handlingsplan/",
    ],
)
def test_find_unknown_path_is_404(client, path):
    data = get_json(client, f"{API}/pages/find/", status=404, html_path=path)
    assert "message" in data


def test_find_and_detail_hide_unpublished_and_private_pages(client, plan):
    draft = add_chapter(plan, live=False)
    withdrawn = add_chapter(plan)
    withdrawn.unpublish()
    private = add_chapter(plan)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    for page in (draft, withdrawn, private):
        path = "/nb" + page.get_url_parts()[2].removeprefix("/nb")
        get_json(client, f"{API}/pages/find/", status=404, html_path=path)
        get_json(client, f"{API}/pages/{page.pk}/", status=404)
        listed = get_json(client, f"{API}/pages/", type="plan_pages.ChapterPage", limit=100)
        assert page.pk not in [item["id"] for item in listed["items"]]


def test_draft_revision_of_live_chapter_stays_out_of_the_api(client, plan, chapters):
    chapter = ChapterPage.objects.get(pk=chapters[2].pk)
    word = unique_word("utkast")
    chapter.body.append(("paragraph", f"<p>Hemmelig {word}</p>"))
    chapter.title = f"Utkast {word}"
    chapter.save_revision()
    texts = [
        client.get(f"{API}/pages/{chapter.pk}/").content.decode(),
        client.get(f"{API}/pages/{plan.pk}/").content.decode(),
        client.get(f"{API}/pages/", {"search": word}).content.decode(),
        client.get(
            f"{API}/pages/", {"type": "plan_pages.ChapterPage", "fields": "*"}
        ).content.decode(),
    ]
    assert all(word not in text for text in texts)


# --- snippets ----------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", SNIPPET_ENDPOINTS)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_snippet_listing_and_detail_per_locale(client, endpoint, language):
    model = SNIPPET_ENDPOINTS[endpoint]
    params = {"limit": 100} if language == "nb" else {"limit": 100, "locale": language}
    data = get_json(client, f"{API}/{endpoint}/", **params)
    expected = model.objects.filter(live=True, locale__language_code=language)
    if model is Measure:
        expected = expected.filter(goal_area__live=True)
    assert data["meta"]["total_count"] == expected.count() > 0
    assert {item["meta"]["locale"] for item in data["items"]} == {language}
    first = data["items"][0]
    detail = get_json(client, first["meta"]["detail_url"])
    assert detail == first


def test_contacts_carry_phone_numbers_email_web_address_and_warning(client):
    contact = ContactFactory(
        name="Barnevernet",
        email="post@example.no",
        web_address="https://example.no/",
        warning="Ikke send sensitiv informasjon på e-post.",
        numbers=["954 42 020"],
    )
    data = get_json(client, f"{API}/contacts/{contact.pk}/")
    assert data["phone_numbers"] == [
        {"number": "954 42 020", "label": "", "href": "tel:+4795442020"}
    ]
    assert data["email"] == "post@example.no"
    assert data["web_address"] == "https://example.no/"
    assert data["warning"] == "Ikke send sensitiv informasjon på e-post."
    assert data["category"] == "important"


def test_snippet_filters_and_ordering(client):
    goal_area = GoalAreaFactory()
    measures = [MeasureFactory(goal_area=goal_area, sort_order=n) for n in (3, 1, 2)]
    data = get_json(client, f"{API}/measures/", goal_area=goal_area.pk)
    assert [m["id"] for m in data["items"]] == [measures[1].pk, measures[2].pk, measures[0].pk]
    data = get_json(client, f"{API}/measures/", goal_area=goal_area.pk, order="-sort_order")
    assert [m["id"] for m in data["items"]] == [measures[0].pk, measures[2].pk, measures[1].pk]
    other = ContactFactory(category=Contact.Category.OTHER)
    data = get_json(client, f"{API}/contacts/", category="other")
    assert other.pk in [c["id"] for c in data["items"]]
    assert {c["category"] for c in data["items"]} == {"other"}


def test_translation_of_lists_the_translations(client):
    source = Contact.objects.filter(locale__language_code="nb", live=True).first()
    data = get_json(client, f"{API}/contacts/", translation_of=source.pk)
    expected = Contact.objects.filter(translation_key=source.translation_key, live=True).exclude(
        pk=source.pk
    )
    assert sorted(c["id"] for c in data["items"]) == sorted(c.pk for c in expected)
    assert {c["meta"]["locale"] for c in data["items"]} == set(shipped_languages())
    data = get_json(client, f"{API}/contacts/", translation_of=source.pk, locale="en")
    assert [c["meta"]["locale"] for c in data["items"]] == ["en"]


def test_unpublished_snippets_and_draft_revisions_stay_out(client):
    word = unique_word("utkast")
    draft = ContactFactory(name=f"Utkast {word}", live=False)
    withdrawn = ContactFactory(name=f"Trukket {word}")
    withdrawn.unpublish()
    live = Contact.objects.filter(locale__language_code="nb", live=True).first()
    live.name = f"Nytt navn {word}"
    live.phone_numbers.add(ContactPhoneNumber(number="478 92 261", label=f"Ny {word}"))
    live.save_revision()
    measure = Measure.objects.filter(locale__language_code="nb", live=True).first()
    measure.how = f"Utkast til tiltak {word}"
    measure.save_revision()
    draft_measure = MeasureFactory(how=f"Nytt tiltak {word}", live=False)
    hidden_goal_area = GoalAreaFactory(title=f"Område {word}", live=False)
    MeasureFactory(goal_area=hidden_goal_area, how=f"Under skjult område {word}")
    draft_actor = Actor.objects.create(name=f"Aktør {word}", live=False)

    texts = [
        client.get(f"{API}/{endpoint}/", {"limit": 100}).content.decode()
        for endpoint in SNIPPET_ENDPOINTS
    ]
    assert all(word not in text for text in texts)
    for endpoint, obj in [
        ("contacts", draft),
        ("contacts", withdrawn),
        ("measures", draft_measure),
        ("goal-areas", hidden_goal_area),
        ("actors", draft_actor),
    ]:
        get_json(client, f"{API}/{endpoint}/{obj.pk}/", status=404)
    assert word not in client.get(f"{API}/contacts/{live.pk}/").content.decode()
    assert word not in client.get(f"{API}/measures/{measure.pk}/").content.decode()


# --- history -----------------------------------------------------------------------------


def test_history_of_the_plan_in_any_language(client, plan, en_plan):
    nb = get_json(client, f"{API}/history/", plan=plan.pk)
    en = get_json(client, f"{API}/history/", plan=en_plan.pk)
    assert nb == en
    assert [row["version"] for row in nb["items"]] == [e.version for e in plan.plan_history]
    assert set(nb["items"][0]) == {"id", "meta", "date", "version", "change", "responsible", "plan"}
    detail = get_json(client, nb["items"][0]["meta"]["detail_url"])
    assert detail == nb["items"][0]


def test_history_only_of_live_public_plans(client, plan):
    add_history(plan, 1)
    rows = HistoryEntry.objects.filter(plan=plan).count()
    assert get_json(client, f"{API}/history/", plan=plan.pk)["meta"]["total_count"] == rows
    PageViewRestriction.objects.create(page=plan, restriction_type="password", password="x")
    get_json(client, f"{API}/history/", status=400, plan=plan.pk)
    assert get_json(client, f"{API}/history/")["meta"]["total_count"] == 0
    entry = HistoryEntry.objects.filter(plan=plan).first()
    get_json(client, f"{API}/history/{entry.pk}/", status=404)


def test_submitted_but_unapproved_revision_writes_no_public_history(client, plan, chapters, users):
    before = get_json(client, f"{API}/history/", plan=plan.pk)
    chapter = ChapterPage.objects.get(pk=chapters[2].pk)
    chapter.intro = "Foreslått ny ingress"
    revision = chapter.save_revision(user=users["slt"])
    plan_workflow().start(chapter, users["slt"])
    state = ChapterPage.objects.get(pk=chapter.pk).current_workflow_state
    assert state.current_task_state.revision == revision  # in review, not yet decided
    assert get_json(client, f"{API}/history/", plan=plan.pk) == before
    assert "Foreslått" not in client.get(f"{API}/pages/{chapter.pk}/").content.decode()


# --- no user data anywhere -----------------------------------------------------------------


def test_no_user_fields_in_any_anonymous_response(
    client, plan, en_plan, chapters, users, superuser
):
    users = {**users, "super": superuser}
    for entry in HistoryEntry.objects.all():
        entry.user = users["kommunikasjon"]
        entry.save()
    urls = [
        f"{API}/pages/?limit=100&fields=*",
        f"{API}/pages/?type=plan_pages.ChapterPage&fields=*&limit=100",
        f"{API}/pages/{plan.pk}/",
        f"{API}/pages/{en_plan.pk}/",
        *[f"{API}/pages/{c.pk}/" for c in chapters.values()],
        *[f"{API}/{e}/?limit=100" for e in SNIPPET_ENDPOINTS],
        f"{API}/history/?limit=100",
        f"{API}/history/{HistoryEntry.objects.first().pk}/",
        f"{API}/images/?fields=*",
        f"{API}/documents/?fields=*",
    ]
    for url in urls:
        text = get_json(client, url) and client.get(url).content.decode()
        keys = set()

        def walk(value, keys=keys):
            if isinstance(value, dict):
                keys.update(value)
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(json.loads(text))
        assert not {k for k in keys if "user" in k or k in ("owner", "email_address")}, url
        for user in users.values():
            assert user.username not in text, url
            assert user.email not in text, url


# --- bad parameters: a named 400, never a 500 -------------------------------------------------


@pytest.mark.parametrize(
    "url, params, parameter",
    [
        ("pages/", {"limit": "-1"}, "limit"),
        ("pages/", {"offset": "-5"}, "offset"),
        ("pages/", {"limit": "abc"}, "limit"),
        ("pages/", {"limit": "100000"}, "limit"),
        ("pages/", {"locale": "xx"}, "locale"),
        ("pages/", {"fields": "nonexistent"}, "fields"),
        ("pages/", {"fields": "body(*)"}, "fields"),
        ("pages/", {"fields": "title,,"}, "fields"),
        ("pages/", {"order": "nonexistent"}, "order"),
        ("pages/", {"type": "foo.Bar"}, "type"),
        ("pages/", {"type": "snippets.Contact"}, "type"),
        ("pages/", {"translation_of": "abc"}, "translation_of"),
        ("pages/", {"translation_of": "999999"}, "translation_of"),
        ("pages/", {"child_of": "-3"}, "child_of"),
        ("pages/", {"descendant_of": "x"}, "descendant_of"),
        ("pages/", {"ancestor_of": "root"}, "ancestor_of"),
        ("pages/", {"unknown": "1"}, "unknown"),
        ("pages/", {"type": "plan_pages.ChapterPage", "number": "abc"}, "number"),
        ("pages/", {"type": "plan_pages.PlanPage", "version_date": "yesterday"}, "version_date"),
        ("pages/", {"site": "nowhere.example"}, "site"),
        # Found by the schemathesis run: a NUL byte is a PostgreSQL error if it gets that far.
        ("pages/find/", {"id": "1", "site": "a\x00b"}, "site"),
        ("pages/", {"search": "\x00"}, "search"),
        # A search is words, and at most so many of them (home.search.MAX_SEARCH_LENGTH).
        ("pages/", {"search": "ord " * 100}, "search"),
        ("images/", {"search": "x" * 1000}, "search"),
        # Ids beyond what the database holds.
        ("pages/", {"child_of": "99999999999999999999"}, "child_of"),
        ("history/", {"plan": "99999999999999999999"}, "plan"),
        ("pages/", {"type": "plan_pages.ChapterPage", "number": "99999999999999"}, "number"),
        ("pages/", {"site": "localhost:99999999999999999999"}, "site"),
        ("pages/", {"format": "api"}, "format"),
        ("documents/", {"offset": "8069795412550157189775360"}, "offset"),
        ("pages/", {"search": "x", "search_operator": "xor"}, "search_operator"),
        ("pages/", {"rich_text_format": "pdf"}, "rich_text_format"),
        ("pages/find/", {"id": "abc"}, "id"),
        ("pages/find/", {"html_path": "/nb/", "bogus": "1"}, "bogus"),
        ("pages/5/", {"limit": "1"}, "limit"),
        ("images/", {"order": "nonexistent"}, "order"),
        ("images/", {"width": "wide"}, "width"),
        ("documents/", {"offset": "x"}, "offset"),
        ("contacts/", {"locale": "xx"}, "locale"),
        ("contacts/", {"order": "email"}, "order"),
        ("contacts/", {"category": "nope"}, "category"),
        ("contacts/", {"translation_of": "abc"}, "translation_of"),
        ("contacts/", {"translation_of": "999999"}, "translation_of"),
        ("contacts/", {"limit": "-1"}, "limit"),
        ("contacts/", {"offset": "-5"}, "offset"),
        ("contacts/", {"fields": "nonexistent"}, "fields"),
        ("contacts/", {"name": "Politiet"}, "name"),
        ("measures/", {"goal_area": "abc"}, "goal_area"),
        ("actors/", {"order": "random"}, "order"),
        ("goal-areas/", {"limit": "1.5"}, "limit"),
        ("history/", {"plan": "abc"}, "plan"),
        ("history/", {"plan": "999999"}, "plan"),
        ("history/", {"order": "user"}, "order"),
        ("history/", {"fields": "user"}, "fields"),
        ("history/", {"user": "1"}, "user"),
        ("history/", {"locale": "en"}, "locale"),
    ],
)
def test_bad_parameters_are_named_400s(client, url, params, parameter):
    data = get_json(client, f"{API}/{url}", status=400, **params)
    assert data["parameter"] == parameter
    assert data["message"]


# --- search: the text is plain words, whatever its punctuation ---------------------------------

SEARCH_SYNTAX = [
    '"',
    'foo"bar',
    "AND (",
    "NEAR(a b)",
    "*",
    "'",
    "^",
    "-",
    "a:b",
    '"a" OR',
    "\\",
    "()",
]


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("text", SEARCH_SYNTAX)
def test_search_syntax_is_never_an_error(client, endpoint, text):
    data = get_json(client, f"{API}/{endpoint}/", search=text)
    assert isinstance(data["items"], list)


@pytest.mark.parametrize("operator", ["and", "or"])
def test_search_finds_the_words_among_query_syntax(client, chapters, operator):
    word = unique_word("apisok")
    chapter = chapters[2]
    chapter.intro = f"Ingress med {word}."
    chapter.save_revision().publish()
    for text in (f'"{word}', f'{word}"', f"({word}", f'"{word}" *', f"-{word}:", f"^{word}\\"):
        data = get_json(client, f"{API}/pages/", search=text, search_operator=operator)
        ids = [item["id"] for item in data["items"]]
        assert chapter.pk in ids, text
        if operator == "and":
            assert ids == [chapter.pk], text


def test_a_search_without_words_finds_nothing(client):
    data = get_json(client, f"{API}/pages/", search='" ( *')
    assert data["meta"]["total_count"] == 0


# --- the OpenAPI document ---------------------------------------------------------------------


@pytest.mark.parametrize("restriction_type", ["password", "login", "groups"])
def test_schema_and_docs_with_a_private_collection(client, restriction_type):
    """A private collection hides its images and documents, and the document is still served."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Interne bilder")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=restriction_type, password="hemmelig"
    )
    image = get_image_model().objects.first()
    image.collection = private
    image.save()

    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200, response.content[:500]
    assert f"{API}/documents/" in response.json()["paths"]
    assert client.get("/api/docs/").status_code == 200
    assert image.pk not in [item["id"] for item in get_json(client, f"{API}/images/")["items"]]


# --- queries do not grow with content ------------------------------------------------------


def count_queries(client, url, **params):
    assert client.get(url, params).status_code == 200  # renditions made
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_chapter_detail_queries_do_not_grow_with_blocks(client, plan):
    add_history(plan, 3)
    small = add_chapter(plan, body=sized_body(10))
    large = add_chapter(plan, body=sized_body(100))
    small_count = count_queries(client, f"{API}/pages/{small.pk}/")
    large_count = count_queries(client, f"{API}/pages/{large.pk}/")
    assert large_count == small_count
    body = get_json(client, f"{API}/pages/{large.pk}/")["body"]
    assert len(body) == 100
    assert sum(len(b["value"]["contacts"]) for b in body if b["type"] == "contacts") >= 10


@pytest.mark.parametrize("endpoint", ["contacts", "measures", "actors", "goal-areas"])
def test_snippet_listing_queries_do_not_grow_with_rows(client, endpoint):
    make = {
        "contacts": lambda: ContactFactory(numbers=["02800", "116 111"]),
        "measures": lambda: MeasureFactory(actors=[Actor.objects.filter(live=True).first()]),
        "actors": lambda: Actor.objects.create(name=unique_word("aktor")),
        "goal-areas": lambda: GoalAreaFactory(),
    }[endpoint]
    counts = []
    for n in (4, 8):
        while True:
            total = get_json(client, f"{API}/{endpoint}/", limit=100)["meta"]["total_count"]
            if total >= n + 30:
                break
            make()
        counts.append(count_queries(client, f"{API}/{endpoint}/", limit=n))
    assert counts[0] == counts[1]
    more = count_queries(client, f"{API}/{endpoint}/", limit=40)
    assert more == counts[0]


@pytest.mark.parametrize("page_type", ["plan_pages.ChapterPage", "plan_pages.PlanPage", ""])
def test_pages_listing_queries_do_not_grow_with_items(client, page_type):
    params = {"type": page_type, "fields": "*"} if page_type else {"fields": "*"}
    small = count_queries(client, f"{API}/pages/", limit=2, **params)
    large = count_queries(client, f"{API}/pages/", limit=10, **params)
    assert small == large
