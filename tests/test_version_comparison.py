"""What changed between kept versions (plan_pages.changes): computed once, served as stored."""

import copy

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import PageViewRestriction

from archive.tasks import compare_published_version
from core.http_cache import directives
from plan_pages import changes
from plan_pages.changes import (
    CHANGES_SEGMENT,
    EQUAL,
    INSERTED,
    REMOVED,
    align,
    changes_path,
    compare,
    word_count,
    word_diff,
)
from plan_pages.models import ChapterPage, PlanPage, PublishedVersion, VersionComparison
from plan_pages.versions import IMMUTABLE_MAX_AGE, version_path
from tests.factories import unique_word
from tests.test_versions import approve_change

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def render_kept_versions(settings):
    """The archive's work (rendering, comparing) is off in the rest of the suite."""
    settings.PLANPORTAL_RENDER_KEPT_VERSIONS = True


# --- the word diff ---------------------------------------------------------------------------


def _side(ops, op) -> str:
    return "".join(text for o, text in ops if o in (EQUAL, op))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Tiltaket gjelder alle skoler.", "Tiltaket gjelder alle ungdomsskoler i kommunen."),
        ("", "Ny tekst."),
        ("Gammel tekst.", ""),
        ("Samme tekst.", "Samme tekst."),
        ("Ring 116 117,\nså politiet.", "Ring 02800,\nså legevakten og politiet!"),
    ],
)
def test_the_word_diff_gives_back_both_texts(old, new):
    ops = word_diff(old, new)
    assert _side(ops, REMOVED) == old
    assert _side(ops, INSERTED) == new


def test_the_word_diff_marks_whole_words():
    ops = word_diff("Tiltaket gjelder alle skoler.", "Tiltaket gjelder alle ungdomsskoler.")
    assert ops == [
        [EQUAL, "Tiltaket gjelder alle "],
        [REMOVED, "skoler"],
        [INSERTED, "ungdomsskoler"],
        [EQUAL, "."],
    ]


def test_a_change_split_only_by_spaces_is_one_change():
    ops = word_diff("før a b etter", "før c d etter")
    assert ops == [[EQUAL, "før "], [REMOVED, "a b"], [INSERTED, "c d"], [EQUAL, " etter"]]
    assert word_count(ops, REMOVED) == 2 and word_count(ops, INSERTED) == 2


def test_words_are_counted_not_spaces_or_punctuation():
    ops = word_diff("En, to.", "En, to, tre og fire.")
    assert word_count(ops, INSERTED) == 3
    assert word_count(ops, REMOVED) == 0


# --- alignment by block id ---------------------------------------------------------------------


def _chapter(key, blocks, title="Kapittel", intro=""):
    return {
        "key": key,
        "number": 1,
        "title": title,
        "intro": intro,
        "blocks": [{"id": i, "type": "paragraph", "text": t} for i, t in blocks],
    }


def test_blocks_are_aligned_by_id_moved_apart_from_edited():
    old_blocks = [
        ("a", "Første."),
        ("b", "Andre."),
        ("c", "Tredje ledd."),
        ("e", "E."),
        ("f", "F."),
    ]
    # "a" moved to the end with its text; "b" edited where it is; "c" removed; "d" added.
    new_blocks = [("b", "Andre, endret."), ("d", "Ny."), ("e", "E."), ("f", "F."), ("a", "Første.")]
    diff = compare(
        {"fields": [], "chapters": [_chapter("k", old_blocks)]},
        {"fields": [], "chapters": [_chapter("k", new_blocks)]},
    )
    [chapter] = diff["chapters"]
    blocks = {b["id"]: b for b in chapter["blocks"]}
    assert blocks["a"]["status"] == "moved" and not blocks["a"]["changed"]
    assert blocks["b"]["status"] == "kept" and blocks["b"]["changed"]
    assert blocks["b"]["ops"] == [[EQUAL, "Andre"], [INSERTED, ", endret"], [EQUAL, "."]]
    assert blocks["c"]["status"] == "removed" and blocks["c"]["ops"] == [[REMOVED, "Tredje ledd."]]
    assert blocks["d"]["status"] == "added"
    # Only what changed, in the new order, a removed block after the one it followed.
    assert [b["id"] for b in chapter["blocks"]] == ["b", "c", "d", "a"]
    assert diff["summary"]["words_added"] == 2  # "endret", "Ny"
    assert diff["summary"]["words_removed"] == 2  # "Tredje ledd"


def test_a_text_moved_to_another_block_is_removed_and_added_not_moved():
    old = {"fields": [], "chapters": [_chapter("k", [("a", "Tekst.")])]}
    new = {"fields": [], "chapters": [_chapter("k", [("z", "Tekst.")])]}
    blocks = compare(old, new)["chapters"][0]["blocks"]
    assert {b["id"]: b["status"] for b in blocks} == {"z": "added", "a": "removed"}


def test_chapters_added_removed_moved_and_unchanged():
    one, two, three = (_chapter(k, [(k, f"Tekst {k}.")]) for k in ("1", "2", "3"))
    four = _chapter("4", [("4", "Fire.")])
    old = {"fields": [["goal", "Målet."]], "chapters": [one, two, three]}
    new = {"fields": [["goal", "Målet vårt."]], "chapters": [two, one, four]}
    diff = compare(old, new)
    statuses = {c["key"]: c["status"] for c in diff["chapters"]}
    # Of "1" and "2" swapped, one is moved; the other stays (the longest common order).
    assert sorted(statuses.values()) == ["added", "moved", "removed"]
    assert statuses["3"] == "removed" and statuses["4"] == "added"
    assert diff["summary"]["chapters_unchanged"] == 1
    assert diff["fields"] == [
        {"name": "goal", "ops": [[EQUAL, "Målet"], [INSERTED, " vårt"], [EQUAL, "."]]}
    ]


def test_align_puts_a_removed_item_after_the_one_before_it():
    rows = align([{"id": "a"}, {"id": "x"}, {"id": "b"}], [{"id": "a"}, {"id": "b"}], "id")
    assert [(status, (old or new)["id"]) for status, old, new in rows] == [
        ("kept", "a"),
        ("removed", "x"),
        ("kept", "b"),
    ]


# --- through the workflow ----------------------------------------------------------------------


def _kept(entry, language="nb"):
    return PublishedVersion.objects.get(decision=entry, locale__language_code=language)


@pytest.fixture
def two_versions(users, superuser, plan, history_chapter, django_capture_on_commit_callbacks):
    """Two approved versions: the history chapter's intro changed by two words."""
    captured = django_capture_on_commit_callbacks
    old_word, new_word = unique_word("gammel"), unique_word("ny")
    first = approve_change(
        users, superuser, history_chapter, captured, intro=f"Tiltakene gjelder {old_word} nå."
    )
    second = approve_change(
        users, superuser, history_chapter, captured, intro=f"Tiltakene gjelder {new_word} nå."
    )
    return _kept(first), _kept(second), old_word, new_word


def _get(url, status=200):
    response = Client().get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def test_approving_a_change_compares_it_with_the_version_before(plan, two_versions):
    old, new, old_word, new_word = two_versions
    comparison = VersionComparison.objects.get(new=new, old=old)
    assert comparison.diff["summary"]["words_added"] == 1
    assert comparison.diff["summary"]["words_removed"] == 1
    # Once per pair: the second version's task compared it with every earlier kept one.
    assert not VersionComparison.objects.filter(new=old).exclude(old__plan=old.plan).exists()

    url = changes_path(version_path(plan.url, new.version))
    response = _get(url)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(" ", strip=True) == (
        f"Endringer fra versjon {old.version} til {new.version}"
    )
    [inserted] = [ins for ins in soup.select("main ins") if new_word in ins.get_text()]
    [removed] = [d for d in soup.select("main del") if old_word in d.get_text()]
    # Named for screen readers, not only shown by colour or a line.
    assert inserted.select_one(".ds-sr-only").get_text(strip=True) == "Satt inn:"
    assert removed.select_one(".ds-sr-only").get_text(strip=True) == "Fjernet:"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    cache = directives(response)
    assert {"public", "immutable"} <= cache
    assert f"max-age={IMMUTABLE_MAX_AGE}" in response["Cache-Control"]
    assert soup.html["lang"] == "nb"
    # The same page at the older version's explicit address.
    explicit = _get(changes_path(version_path(plan.url, new.version), old.version))
    assert explicit.content == response.content


def test_the_comparison_page_is_in_the_plans_language(plan, two_versions):
    _old, new, *_ = two_versions
    arabic = (
        PublishedVersion.objects.filter(decision=new.decision, locale__language_code="ar")
        .select_related("plan")
        .first()
    )
    assert arabic is not None, "the seed plan is published in Arabic"
    assert VersionComparison.objects.filter(new=arabic, old__plan=arabic.plan).exists()
    response = _get(changes_path(version_path(arabic.plan.url, arabic.version)))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    old = VersionComparison.objects.get(new=arabic).old
    with translation.override("ar"):
        heading = gettext("Endringer fra versjon %(old)s til %(new)s") % {
            "old": old.version,
            "new": arabic.version,
        }
    assert "Endringer" not in heading, "translated in the Arabic catalogue"
    assert soup.h1.get_text(" ", strip=True) == heading


def test_the_page_is_served_from_the_stored_diff_in_a_few_queries(
    plan, two_versions, monkeypatch, django_assert_max_num_queries, django_assert_num_queries
):
    old, new, *_ = two_versions
    url = changes_path(version_path(plan.url, new.version))
    _get(url)  # caches warmed (site, chrome)

    def not_per_request(*args, **kwargs):
        raise AssertionError("the diff is computed when a version is kept, not per request")

    monkeypatch.setattr(changes, "word_diff", not_per_request)
    monkeypatch.setattr(changes, "compare", not_per_request)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        _get(url)
    assert len(small) <= 15

    # A bigger diff costs no more queries.
    bigger = copy.deepcopy(VersionComparison.objects.get(new=new, old=old).diff)
    bigger["chapters"] = bigger["chapters"] * 5
    VersionComparison.objects.filter(new=new, old=old).update(diff=bigger)
    with django_assert_num_queries(len(small)):
        _get(url)


def test_a_page_while_the_comparison_is_not_computed_yet(plan, two_versions):
    _old, new, *_ = two_versions
    VersionComparison.objects.filter(new=new).delete()
    response = _get(changes_path(version_path(plan.url, new.version)))
    assert "Endringene er ikke beregnet ennå." in response.content.decode()
    # No cache keeps it: the result shows as soon as the worker has stored it.
    assert "no-store" in directives(response) and "public" not in directives(response)

    compare_published_version.enqueue(new.pk)
    assert (
        "ikke beregnet"
        not in _get(changes_path(version_path(plan.url, new.version))).content.decode()
    )


def test_unknown_versions_and_pairs_are_404(plan, two_versions):
    old, new, *_ = two_versions
    new_url = version_path(plan.url, new.version)
    old_url = version_path(plan.url, old.version)
    _get(changes_path(version_path(plan.url, "99.0")), 404)
    _get(changes_path(new_url, "99.0"), 404)
    _get(changes_path(new_url, new.version), 404)  # itself
    _get(changes_path(old_url, new.version), 404)  # a newer one
    _get(f"{new_url}{CHANGES_SEGMENT}/ikke-en-versjon/", 404)
    _get(f"{changes_path(new_url, old.version)}mer/", 404)
    earliest = min(
        plan.published_versions.values_list("version", flat=True), key=changes.parse_version
    )
    _get(changes_path(version_path(plan.url, earliest)), 404)  # nothing kept before it


def test_a_private_plans_versions_have_no_public_comparison(plan, two_versions):
    _old, new, _old_word, new_word = two_versions
    url = changes_path(version_path(plan.url, new.version))
    PageViewRestriction.objects.create(
        page=plan, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    response = Client().get(url)
    assert new_word not in response.content.decode()
    assert "public" not in directives(response)
    # And none is computed for a version kept while it is private.
    VersionComparison.objects.filter(new=new).delete()
    assert compare_published_version.enqueue(new.pk).return_value == 0
    assert not VersionComparison.objects.filter(new=new).exists()


def test_history_rows_link_to_their_changes(plan, history_chapter, two_versions):
    _old, new, *_ = two_versions
    page = _get(ChapterPage.objects.get(pk=history_chapter.pk).url).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    links = {a["href"] for a in soup.select("a.document-history__changes")}
    assert changes_path(version_path(plan.url, new.version)) in links
    assert all(
        a.get_text(strip=True) == "Se endringene"
        for a in soup.select("a.document-history__changes")
    )
    # The first version kept has nothing before it to compare with.
    kept = plan.published_versions.values_list("version", flat=True)
    earliest = min(kept, key=changes.parse_version)
    assert changes_path(version_path(plan.url, earliest)) not in links
    assert len(links) == len(kept) - 1


# --- blocks and snippets as kept ---------------------------------------------------------------


def _publish(page, captured):
    with captured(execute=True):
        page.save_revision().publish()
    plan = PlanPage.objects.get(pk=page.get_parent().pk)
    return PublishedVersion.objects.get(plan=plan, version=plan.version)


def test_a_moved_block_and_an_edited_one_through_real_publishes(
    plan, foreword, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    chapter = ChapterPage.objects.get(pk=foreword.pk)
    raw = list(chapter.body.raw_data)
    paragraphs = [i for i, b in enumerate(raw) if b["type"] == "paragraph"]
    assert len(paragraphs) >= 2, "the seed's foreword has paragraphs"
    first = _publish(chapter, captured)

    word = unique_word("endret")
    moved, edited = raw[paragraphs[0]], copy.deepcopy(raw[paragraphs[1]])
    edited["value"] = edited["value"].replace("</p>", f" {word}</p>", 1)
    body = [b for i, b in enumerate(raw) if i not in (paragraphs[0], paragraphs[1])]
    body.insert(0, edited)
    body.append(moved)
    chapter = ChapterPage.objects.get(pk=foreword.pk)
    chapter.body = body
    second = _publish(chapter, captured)

    diff = VersionComparison.objects.get(new=second, old=first).diff
    [changed] = [c for c in diff["chapters"] if c["key"] == str(foreword.translation_key)]
    blocks = {b["id"]: b for b in changed["blocks"]}
    assert blocks[moved["id"]]["status"] == "moved" and not blocks[moved["id"]]["changed"]
    assert blocks[edited["id"]]["changed"]
    assert [INSERTED, f" {word}"] in blocks[edited["id"]]["ops"]
    assert diff["summary"]["words_added"] == 1 and diff["summary"]["words_removed"] == 0


def test_measures_are_compared_as_each_version_showed_them(
    plan, measures_chapter, measure, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    before = measure.how
    first = _publish(ChapterPage.objects.get(pk=measures_chapter.pk), captured)
    word = unique_word("tiltak")
    measure.how = f"{before} {word}"
    with captured(execute=True):
        measure.save_revision().publish()
    second = _publish(ChapterPage.objects.get(pk=measures_chapter.pk), captured)
    # The first version keeps the measure as it showed it, not as it is now.
    first.refresh_from_db()
    assert word not in str(first.kept_text)
    diff = VersionComparison.objects.get(new=second, old=first).diff
    [changed] = [c for c in diff["chapters"] if c["key"] == str(measures_chapter.translation_key)]
    [block] = changed["blocks"]
    assert block["type"] == "measures" and [INSERTED, f" {word}"] in block["ops"]
