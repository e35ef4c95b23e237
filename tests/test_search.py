"""The public search finds what the pages say, in the reader's language.

Snippets a chapter shows (contacts, measures and their actors) are searched with
the chapter; a result links to the heading above the match and shows the words
around it, matched words marked. Run on SQLite and on PostgreSQL (`.ci/run`).
"""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags
from wagtail.models import Locale

from plan_pages.models import ChapterPage
from snippets.models import Contact, Measure
from tests.factories import (
    ContactFactory,
    GoalAreaFactory,
    MeasureFactory,
    add_chapter,
    big_body,
    block,
    unique_word,
)
from tests.sources import the_chapter_with

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"

# Words a reader looks for that the seed plan shows only through snippets: contacts
# (the contacts chapter) and the measures' responsible actors (the measures chapter).
SNIPPET_WORDS = [
    "legevakt",
    "krisesenteret",
    "alarmtelefonen",
    "barnevernvakten",
    "konfliktrådet",
    "politiet",
]


def search(client, text, language="nb"):
    response = client.get(f"/{language}/sok/", {"q": text})
    assert response.status_code == 200
    return response


def results(response) -> list:
    return list(response.context["search_results"])


def result_pks(response) -> list[int]:
    return [page.pk for page in results(response)]


def hit_of(response, page):
    return next(result for result in results(response) if result.pk == page.pk).search_hit


def main_text(client, page) -> str:
    """The text a reader sees in the page's main content."""
    html = client.get(page.url).content.decode()
    return unescape(strip_tags(html[html.index("<main") : html.index("</main>")]))


def shows_word_beginning(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}", text, re.IGNORECASE) is not None


def shows_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def chapters_in(language: str):
    return ChapterPage.objects.live().public().filter(locale__language_code=language)


# --- the words the contacts and measures chapters show ---------------------------------


@pytest.mark.parametrize("word", SNIPPET_WORDS)
def test_a_word_a_chapter_shows_finds_that_chapter(client, chapters, word):
    showing = {c.pk for c in chapters.values() if shows_word_beginning(main_text(client, c), word)}
    assert showing, f"no chapter of the seed shows {word!r}"
    assert showing <= set(result_pks(search(client, word)))


def contact_named(chapters, word):
    """The contact whose name begins with `word`, its chapter and its contacts block."""
    for chapter in chapters.values():
        for child in chapter.body:
            if child.block_type != "contacts":
                continue
            for contact in child.value["contacts"]:
                if contact is not None and contact.name.lower().startswith(word):
                    return contact, chapter, child.value
    raise AssertionError(f"no contacts block of the seed shows a contact named {word!r}")


@pytest.mark.parametrize("word", ["legevakt", "krisesenteret", "alarmtelefonen", "barnevernvakten"])
def test_a_contacts_name_leads_to_the_contacts_heading_with_the_name_marked(client, chapters, word):
    contact, chapter, contacts_block = contact_named(chapters, word)
    response = search(client, word)
    hit = hit_of(response, chapter)

    assert hit.heading == contacts_block["title"]
    assert f'id="{hit.anchor}"' in client.get(chapter.url).content.decode()
    assert f'href="{chapter.url}#{hit.anchor}"' in response.content.decode()
    name_word = contact.name.split()[0]  # "Legevakten" for "legevakt"
    assert f"<mark>{name_word}</mark>" in hit.excerpt
    assert f"<mark>{name_word}</mark>" in response.content.decode()


@pytest.mark.parametrize("word", ["konfliktrådet", "politiet"])
def test_an_actor_leads_to_the_goal_area_of_its_measure(client, measures_chapter, word):
    goal_areas = [
        child.value["goal_area"]
        for child in measures_chapter.body
        if child.block_type == "measures"
        and any(
            shows_word(f"{m.how} {m.responsible_display}", word)
            for m in Measure.objects.live().filter(goal_area=child.value["goal_area"])
        )
    ]
    assert goal_areas, f"no measure of the seed names {word!r}"

    hit = hit_of(search(client, word), measures_chapter)
    assert hit.anchor == f"measures-{goal_areas[0].pk}"
    assert hit.heading == goal_areas[0].title
    assert f'id="{hit.anchor}"' in client.get(measures_chapter.url).content.decode()
    assert re.search(rf"<mark>{word}</mark>", hit.excerpt, re.IGNORECASE)


def test_the_api_search_finds_them_too(client, chapters):
    _contact, chapter, _block = contact_named(chapters, "legevakt")
    response = client.get("/api/v2/pages/", {"search": "legevakt", "locale": "nb"})
    assert response.status_code == 200
    assert chapter.pk in [item["id"] for item in response.json()["items"]]


# --- stemming (PostgreSQL) and languages -------------------------------------------------


@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="SQLite's full-text search (FTS5) has no Norwegian or English stemmer; "
    "there a word finds only the words it begins",
)
@pytest.mark.parametrize(
    "language, searched, shown",
    [
        ("nb", "politiets", "politiet"),
        ("nb", "legevaktene", "legevakten"),
        ("en", "meets", "meeting"),
    ],
)
def test_postgresql_finds_other_forms_of_a_word_in_the_pages_language(
    client, language, searched, shown
):
    assert not shown.startswith(searched)  # only stemming finds it
    showing = {c.pk for c in chapters_in(language) if shows_word(main_text(client, c), shown)}
    assert showing, f"no {language} chapter shows {shown!r}"

    response = search(client, searched, language)
    assert showing <= set(result_pks(response))
    for page in results(response):
        if page.pk in showing:  # the other form is marked, in the heading or the excerpt
            assert "<mark>" in page.search_hit.marked_heading + page.search_hit.excerpt


def test_each_language_searches_its_own_pages(client, chapters):
    """The English contact names find the English contacts chapter, not the Norwegian one."""
    english = Locale.objects.get(language_code="en")
    nb_chapter = the_chapter_with(chapters, "contacts")
    en_chapter = nb_chapter.get_translation(english)
    nb_text = main_text(client, nb_chapter)
    en_names = [
        contact.name
        for child in en_chapter.body
        if child.block_type == "contacts"
        for contact in child.value["contacts"]
        if contact is not None and contact.live
    ]
    word = next(
        w
        for name in en_names
        for w in sorted(name.split(), key=len, reverse=True)
        if not shows_word_beginning(nb_text, w)
    )

    response = search(client, word, "en")
    assert en_chapter.pk in result_pks(response)
    assert {page.locale_id for page in results(response)} == {english.pk}
    assert 'lang="en"' in response.content.decode()
    assert nb_chapter.pk not in result_pks(search(client, word, "nb"))

    # A word both languages' pages show ("SLT") finds each language's own.
    for language in ("nb", "en"):
        found = results(search(client, "SLT", language))
        assert found
        assert {page.locale.language_code for page in found} == {language}


# --- the result: heading, anchor and excerpt ---------------------------------------------


def test_a_result_links_to_its_section_and_marks_the_words_in_an_escaped_excerpt(client, plan):
    word = unique_word("utdrag")
    filler = " ".join(f"fyll{n}" for n in range(60))
    chapter = add_chapter(
        plan,
        body=[
            block("section", {"number": "9.1", "title": "Innledning", "anchor": "innledning"}),
            block("paragraph", "<p>Første avsnitt uten treff.</p>"),
            block("section", {"number": "9.2", "title": "Om tegn", "anchor": "om-tegn"}),
            block(
                "paragraph",
                f"<p>{filler} Tegn som &lt;b&gt; og &amp; står rundt {word} her, "
                f"og {word.upper()} igjen.</p>",
            ),
        ],
    )
    response = search(client, word)
    html = response.content.decode()
    hit = hit_of(response, chapter)

    assert (hit.anchor, hit.heading) == ("om-tegn", "9.2 Om tegn")
    assert 'id="om-tegn"' in client.get(chapter.url).content.decode()
    assert f'<a class="ds-link" href="{chapter.url}#om-tegn">9.2 Om tegn</a>' in html
    assert (
        f"&lt;b&gt; og &amp; står rundt <mark>{word}</mark> her, og <mark>{word.upper()}</mark>"
        in html
    )
    assert "<b> og" not in html
    # The words around the first match: a few before it, cut with an ellipsis.
    assert hit.excerpt.startswith("… fyll")
    assert "fyll59" in hit.excerpt
    assert "fyll0 " not in hit.excerpt
    assert "<title>1 treff for" in html


def test_a_match_in_the_title_only_shows_the_start_of_the_page(client, plan):
    word = unique_word("tittel")
    chapter = add_chapter(plan, title=f"Kapittel {word}", intro="Ingressen står øverst.")
    hit = hit_of(search(client, word), chapter)
    assert hit.anchor == ""
    assert hit.excerpt == "Ingressen står øverst."


# --- what is not public is not found ------------------------------------------------------


def first_contact(chapter):
    contacts_block = next(c for c in chapter.body if c.block_type == "contacts")
    return Contact.objects.get(pk=next(c for c in contacts_block.value["contacts"] if c).pk)


def test_a_draft_of_a_contact_is_found_only_once_published(client, chapters):
    chapter = the_chapter_with(chapters, "contacts")
    contact = first_contact(chapter)
    word = unique_word("kontaktord")
    contact.name = f"{contact.name} {word}"
    contact.description = f"Beskrivelse {word}"
    revision = contact.save_revision()

    assert result_pks(search(client, word)) == []
    assert word not in client.get(chapter.url).content.decode()

    revision.publish()
    assert result_pks(search(client, word)) == [chapter.pk]
    assert word in client.get(chapter.url).content.decode()

    Contact.objects.get(pk=contact.pk).unpublish()
    assert result_pks(search(client, word)) == []


def test_a_draft_of_a_measure_is_found_only_once_published(client, measures_chapter):
    goal_area = next(
        c.value["goal_area"] for c in measures_chapter.body if c.block_type == "measures"
    )
    measure = Measure.objects.live().filter(goal_area=goal_area).order_by("pk").first()
    word = unique_word("tiltaksord")
    measure.how = f"{measure.how} {word}"
    revision = measure.save_revision()
    MeasureFactory(goal_area=goal_area, how=f"Nytt utkast {word}", live=False)

    assert result_pks(search(client, word)) == []

    revision.publish()
    response = search(client, word)
    assert result_pks(response) == [measures_chapter.pk]
    assert hit_of(response, measures_chapter).anchor == f"measures-{goal_area.pk}"


def test_a_contact_never_published_or_deleted_is_not_found(client, plan):
    word = unique_word("kontakt")
    shown = ContactFactory(name=f"Synlig {word}")
    draft = ContactFactory(name=f"Utkast {word}x", live=False)
    deleted = ContactFactory(name=f"Slettet {word}y")
    chapter = add_chapter(
        plan,
        body=[
            block(
                "contacts",
                {"title": "Kontakter", "contacts": [shown.pk, draft.pk, deleted.pk]},
            )
        ],
    )
    assert result_pks(search(client, f"{word}y")) == [chapter.pk]
    deleted.delete()

    assert result_pks(search(client, word)) == [chapter.pk]
    assert result_pks(search(client, f"{word}x")) == []
    assert result_pks(search(client, f"{word}y")) == []


def test_a_measure_moved_to_a_goal_area_no_page_shows_is_no_longer_found(client, plan):
    word = unique_word("flyttet")
    shown_area = GoalAreaFactory()
    measure = MeasureFactory(goal_area=shown_area, how=f"Tiltak {word}")
    chapter = add_chapter(plan, body=[block("measures", {"goal_area": shown_area.pk})])
    assert result_pks(search(client, word)) == [chapter.pk]

    measure.goal_area = GoalAreaFactory()
    measure.save_revision().publish()
    assert result_pks(search(client, word)) == []


# --- queries -----------------------------------------------------------------------------


def count_queries(client, word):
    search(client, word)
    with CaptureQueriesContext(connection) as queries:
        response = search(client, word)
    return response, [q["sql"] for q in queries.captured_queries]


def test_search_page_queries_do_not_grow_with_its_results(client, plan):
    """Ten results with every block type cost the queries of one: one conversion per block type."""
    word = unique_word("mange")

    def add():
        body = [*big_body(1, with_history=False), block("paragraph", f"<p>Treff {word}.</p>")]
        add_chapter(plan, body=body)

    add()
    one, one_queries = count_queries(client, word)
    for _ in range(9):
        add()
    ten, ten_queries = count_queries(client, word)

    assert one.context["search_results"].paginator.count == 1
    assert ten.context["search_results"].paginator.count == 10
    assert all(page.search_hit and "<mark>" in page.search_hit.excerpt for page in results(ten))
    assert len(ten_queries) == len(one_queries), "\n".join(ten_queries)
