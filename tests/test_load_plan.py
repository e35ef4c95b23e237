"""`manage.py load_plan`: idempotency, reset, migrations check, and fidelity to the seed.

Expected values are derived by parsing plan_loading/seed/handlingsplan.txt here,
never copied into the test: the seed is the source of truth.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, Revision, Site, WorkflowPage, WorkflowState
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from home.models import HomePage
from images.models import PlanImage
from plan_loading import plan_content as pc
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage, PublishedVersion
from snippets.models import Actor, Contact, ContactPhoneNumber, GoalArea, Measure
from tests.roles import client_for, page_edit_data, plan_workflow, snippet_edit_data
from tests.state import full_state

# --- Parsing the seed -------------------------------------------------------------

LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
CHAPTER_HEADING = re.compile(r"^(\d+) (\S.*)$")
SECTION_HEADING = re.compile(r"^(\d+\.\d+) (\S.*)$")
# "Name: [number](target)…": a contact and its phone number(s).
CONTACT_LINE = re.compile(r"^([^:\[\]]+): \[([\d /]+)\]\(([^)]*)\)(.*)$")


# The plan as the municipality wrote it; translations are checked in tests/test_languages.py.
SOURCE = {"locale__language_code": "nb"}


def plain(text: str) -> str:
    """Seed text as a reader sees it: link syntax reduced to its text, no `**`."""
    return LINK.sub(r"\1", text).replace("**", "")


@dataclass
class SeedLine:
    text: str
    after_blank: bool  # a blank line precedes it (tables start after one)

    @property
    def cells(self) -> list[str]:
        return [c.strip() for c in self.text.split("\t")]

    @property
    def is_row(self) -> bool:
        return "\t" in self.text

    @property
    def is_item(self) -> bool:
        return self.text.startswith("- ")


@dataclass
class SeedChapter:
    number: int
    title: str
    lines: list[SeedLine] = field(default_factory=list)

    def rows(self) -> list[tuple[list[str], list[str]]]:
        """(header cells, cells) of every data row; a row after a blank line is a header."""
        result, header = [], []
        for line in self.lines:
            if not line.is_row:
                continue
            if line.after_blank:
                header = line.cells
            else:
                result.append((header, line.cells))
        return result

    def header_rows(self) -> list[list[str]]:
        return [line.cells for line in self.lines if line.is_row and line.after_blank]

    def side_by_side_headers(self) -> set[tuple[str, ...]]:
        """Tables with empty cells are independent lists side by side, not real rows."""
        return {tuple(h) for h, cells in self.rows() if "" in cells}

    def table_rows(self) -> list[list[str]]:
        ragged = self.side_by_side_headers()
        return [cells for h, cells in self.rows() if tuple(h) not in ragged]

    def list_columns(self) -> list[list[str]]:
        ragged = self.side_by_side_headers()
        rows = [cells for h, cells in self.rows() if tuple(h) in ragged]
        width = max((len(r) for r in rows), default=0)
        return [[r[i] for r in rows if i < len(r) and r[i]] for i in range(width)]

    def list_groups(self) -> list[tuple[str, list[str]]]:
        """Each run of "- " items (blank lines inside allowed) with the line before it."""
        groups: list[tuple[str, list[str]]] = []
        previous = ""
        for line in self.lines:
            if line.is_item:
                if groups and groups[-1][0] == previous:
                    groups[-1][1].append(line.text[2:])
                else:
                    groups.append((previous, [line.text[2:]]))
            else:
                previous = line.text
        return groups

    def contact_lines(self) -> list[re.Match]:
        return [m for line in self.lines if (m := CONTACT_LINE.match(line.text))]

    def non_row_lines(self) -> list[str]:
        return [line.text for line in self.lines if not line.is_row and not line.is_item]


@dataclass
class Seed:
    front: list[str]
    chapters: list[SeedChapter]
    joins: list[tuple[str, str]]

    def chapter(self, number: int) -> SeedChapter:
        return next(c for c in self.chapters if c.number == number)


def parse_seed(text: str) -> Seed:
    lines = text.splitlines()
    toc = lines.index("Innholdsfortegnelse")
    # The table of contents ends where the numbering restarts at a heading without a link.
    start = next(i for i in range(toc + 1, len(lines)) if re.match(r"^1 [^\[]", lines[i]))
    front = [line.strip() for line in lines[:toc] if line.strip()]
    chapters: list[SeedChapter] = []
    joins: list[tuple[str, str]] = []
    blank = False
    for line in lines[start:]:
        if not line.strip():  # blank, or a stray space-only line
            blank = True
            continue
        heading = CHAPTER_HEADING.match(line)
        if heading and int(heading[1]) == len(chapters) + 1:
            chapters.append(SeedChapter(int(heading[1]), heading[2]))
            blank = True
            continue
        body = chapters[-1].lines
        previous = body[-1] if body else None
        if (
            previous is not None
            and not previous.is_row
            and not previous.is_item
            and "\t" not in line
            and re.search(r"\w$", previous.text)
            and line[0].islower()
        ):
            # A sentence page layout split over two lines: one paragraph.
            joins.append((previous.text, line))
            previous.text = f"{previous.text} {line}"
        else:
            body.append(SeedLine(line, blank))
        blank = False
    return Seed(front, chapters, joins)


@pytest.fixture
def seed(seed_text) -> Seed:
    return parse_seed(seed_text)


# --- Helpers --------------------------------------------------------------------------


def run_load_plan(*args) -> str:
    out = io.StringIO()
    call_command("load_plan", *args, stdout=out)
    return out.getvalue()


def source_revisions() -> int:
    """Revisions of the plan's source-language objects (translations are wagtail-localize's)."""
    page_ids = [str(pk) for pk in Page.objects.filter(**SOURCE).values_list("pk", flat=True)]
    total = Revision.page_revisions.filter(object_id__in=page_ids).count()
    for model in (Actor, GoalArea, Measure, Contact):
        total += sum(obj.revisions.count() for obj in model.objects.filter(**SOURCE))
    return total


def snapshot() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "actors": Actor.objects.count(),
        "goal_areas": GoalArea.objects.count(),
        "measures": Measure.objects.count(),
        "contacts": Contact.objects.count(),
        "phone_numbers": ContactPhoneNumber.objects.count(),
        "images": PlanImage.objects.count(),
        "history": HistoryEntry.objects.count(),
        "revisions": Revision.objects.count(),
        "source_revisions": source_revisions(),
        "sites": Site.objects.count(),
    }


def bodies() -> dict[int, list]:
    return {c.pk: list(c.body.raw_data) for c in ChapterPage.objects.filter(**SOURCE)}


def blocks_of(chapters: dict, block_type: str) -> list[tuple[int, object]]:
    return [
        (number, block.value)
        for number, chapter in chapters.items()
        for block in chapter.body
        if block.block_type == block_type
    ]


def html_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ")


def norm(text: str) -> str:
    """Collapse whitespace; no space before closing or after opening punctuation."""
    text = re.sub(r"\s+", " ", text.replace("\xad", "")).strip()
    text = re.sub(r" ([.,;:!?)»])", r"\1", text)
    return re.sub(r"([(«]) ", r"\1", text)


# --- The command ------------------------------------------------------------------------


def test_second_run_changes_nothing(db, seed_text, seed):
    """The suite's one proof of idempotence: every other test runs load_plan once."""
    before, before_bodies = snapshot(), bodies()
    output = run_load_plan()
    assert snapshot() == before
    assert bodies() == before_bodies  # block ids included
    assert "Ingen endringer" in output
    for verb in ("Opprettet:", "Oppdatert:", "Slettet:"):
        assert verb not in output
    assert_reports_missing_links_and_joins(output, seed_text, seed)


def assert_reports_missing_links_and_joins(output: str, seed_text: str, seed: Seed) -> None:
    """The output lists every link the seed gives no address and every joined sentence."""
    _, _, rest = output.partition("Lenker som mangler adresse i kilden")
    assert rest, output
    toc_end = seed_text.index(f"{seed.chapters[0].number} {seed.chapters[0].title}\n")
    toc_start = seed_text.index("Innholdsfortegnelse")
    content = seed_text[:toc_start] + seed_text[toc_end:]
    phone_numbers = {m[2] for c in seed.chapters for m in c.contact_lines()}
    for text, target in LINK.findall(content):
        if target != "#" or text in pc.LINK_TARGETS:  # the site gives that one its address
            continue
        if text in phone_numbers:
            for number in text.split("/"):
                assert number.strip() in rest
        else:
            assert f"- {text}\n" in rest, text
    assert rest.count("» + «") == len(seed.joins)


def test_every_object_is_published_with_one_revision(db):
    """The source-language plan; translations are wagtail-localize's to revise."""
    source = Locale.get_default()
    for model in (Actor, GoalArea, Measure, Contact):
        for obj in model.objects.filter(locale=source):
            assert obj.live and not obj.has_unpublished_changes, obj
            assert obj.revisions.count() == 1, obj
            assert obj.latest_revision_id == obj.live_revision_id
    for page in Page.objects.filter(depth__gt=1, locale=source):
        assert page.live and not page.has_unpublished_changes, page
        assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1, page


def test_a_page_nobody_edited_is_repaired_keeping_block_ids(db, chapters):
    """A change written without a user (not by a person in the CMS) is the loader's to repair."""
    chapter = chapters[2]
    data = list(chapter.body.raw_data)
    original_ids = [b["id"] for b in data]
    paragraph = next(b for b in data if b["type"] == "paragraph")
    paragraph["value"] = "<p>Endret av et skript.</p>"
    chapter.body = data
    chapter.save_revision().publish()
    revisions = Revision.objects.count()

    output = run_load_plan()

    chapter.refresh_from_db()
    assert f"Oppdatert: kapittel {chapter.number}" in output
    assert Revision.objects.count() == revisions + 1
    assert [b["id"] for b in chapter.body.raw_data] == original_ids
    assert "Endret av et skript" not in str(list(chapter.body.raw_data))


# --- Editors' work is kept ------------------------------------------------------------------


def chapter_state(chapter) -> dict:
    """What an editor's work on a chapter left: live content, revisions, history, version."""
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    plan = PlanPage.objects.get(**SOURCE)
    return {
        "intro": chapter.intro,
        "body": list(chapter.body.raw_data),
        "live_revision": chapter.live_revision_id,
        "revisions": Revision.page_revisions.filter(object_id=str(chapter.pk)).count(),
        "all_revisions": Revision.objects.count(),
        "history": list(HistoryEntry.objects.order_by("pk").values_list("pk", "version", "change")),
        "version": (plan.version, plan.version_date),
    }


def skipped_line(what: str) -> str:
    return f"Hoppet over (endret av redaktør): {what}"


def chapter_label(chapter) -> str:
    return f"kapittel {chapter.number} «{chapter.title}»"


def test_a_chapter_an_editor_published_is_kept(
    users, superuser, history_chapter, django_capture_on_commit_callbacks
):
    url, data = page_edit_data(history_chapter, superuser, body=[("document_history", "")])
    data["intro"] = "Ingress skrevet av kommunikasjonsrådgiveren."
    data["change_note"] = "Ny ingress."
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["kommunikasjon"]).post(url, data)
    assert response.status_code == 302
    edited = chapter_state(history_chapter)
    assert edited["intro"] == data["intro"]
    assert edited["history"][-1][2] == "Redaksjonell endring: Ny ingress."

    with django_capture_on_commit_callbacks(execute=True):
        output = run_load_plan()

    assert chapter_state(history_chapter) == edited
    assert skipped_line(chapter_label(history_chapter)) in output
    assert "Ingen endringer" in output


def approve(task_state, user):
    task_state.task.specific.on_action(
        task_state,
        user,
        "approve",
        decision_date=timezone.localdate(),
        case_reference="PS 1/26",
        comment="",
    )


def test_a_chapter_approved_in_the_workflow_is_kept(
    users, chapters, django_capture_on_commit_callbacks
):
    chapter = chapters[2]
    chapter.intro = "Ingress vedtatt av Politirådet og Kommunestyret."
    with django_capture_on_commit_callbacks(execute=True):
        chapter.save_revision(user=users["slt"])
        state = plan_workflow().start(chapter, users["slt"])
        approve(state.current_task_state.specific, users["politirad"])
        state.refresh_from_db()
        approve(state.current_task_state.specific, users["kommunestyret"])
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    approved = chapter_state(chapter)
    assert approved["intro"] == chapter.intro
    assert [change for _, _, change in approved["history"][-2:]] == [
        "Godkjent i Politiråd (PS 1/26).",
        "Godkjent i Kommunestyret (PS 1/26).",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        output = run_load_plan()

    assert chapter_state(chapter) == approved
    assert skipped_line(chapter_label(chapter)) in output


def contact_state(contact) -> tuple:
    contact = Contact.objects.get(pk=contact.pk)
    numbers = list(contact.phone_numbers.order_by("sort_order").values_list("number", "label"))
    return (
        contact.name,
        contact.email,
        numbers,
        contact.live_revision_id,
        contact.revisions.count(),
    )


def test_a_contact_an_editor_published_is_kept(
    users, superuser, django_capture_on_commit_callbacks
):
    contact = Contact.objects.filter(**SOURCE, email="").order_by("sort_order").first()
    url, data = snippet_edit_data("wagtailsnippets_snippets_contact", contact, superuser)
    data["email"] = "vakt@holmestrand.kommune.no"
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["kommunikasjon"]).post(url, data)
    assert response.status_code == 302
    edited = contact_state(contact)
    assert edited[1] == data["email"]

    with django_capture_on_commit_callbacks(execute=True):
        output = run_load_plan()

    assert contact_state(contact) == edited
    assert skipped_line(f"kontakt «{contact.name}»") in output


def test_a_translation_a_translator_edited_is_kept(
    users, chapters, django_capture_on_commit_callbacks
):
    chapter = chapters[1]
    english = chapter.get_translation(Locale.objects.get(language_code="en"))
    source = TranslationSource.objects.get_for_instance(chapter)
    translation = Translation.objects.get(source=source, target_locale=english.locale)
    segment = StringSegment.objects.filter(source=source).order_by("order").first()
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    words = "Reviewed by a translator."
    response = client_for(users["oversetter"]).put(
        url, urlencode({"value": words}), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200, response.content
    rows = StringTranslation.objects.filter(
        locale=english.locale, context__object_id=source.object_id
    )
    before = list(rows.order_by("pk").values_list("pk", "data", "last_translated_by"))
    assert (segment.string.data, words) in [
        (r.translation_of.data, r.data) for r in rows.select_related("translation_of")
    ]
    revisions = english.revisions.count()

    with django_capture_on_commit_callbacks(execute=True):
        output = run_load_plan()

    assert list(rows.order_by("pk").values_list("pk", "data", "last_translated_by")) == before
    assert english.revisions.count() == revisions
    assert f"Hoppet over (oversetter har arbeidet på den): en: {chapter.title}" in output


def test_a_translation_the_adviser_unpublished_stays_unpublished(
    users, chapters, django_capture_on_commit_callbacks
):
    chapter = chapters[1]
    english = chapter.get_translation(Locale.objects.get(language_code="en"))
    response = client_for(users["kommunikasjon"]).post(
        reverse("wagtailadmin_pages:unpublish", args=[english.pk])
    )
    assert response.status_code == 302
    english.refresh_from_db()
    assert not english.live
    revisions = english.revisions.count()

    with django_capture_on_commit_callbacks(execute=True):
        output = run_load_plan()

    english.refresh_from_db()
    assert not english.live
    assert english.revisions.count() == revisions
    assert f"Hoppet over (oversettelsen er endret av en person): en: {chapter.title}" in output


def test_a_history_row_a_superuser_corrected_is_kept(superuser, plan):
    row = HistoryEntry.objects.filter(plan=plan).order_by("pk").first()
    url, data = snippet_edit_data("wagtailsnippets_plan_pages_historyentry", row, superuser)
    data["change"] = "Rettet ordlyd i historikken."
    assert client_for(superuser).post(url, data).status_code == 302
    rows = list(HistoryEntry.objects.order_by("pk").values_list("pk", "change"))
    assert (row.pk, data["change"]) in rows

    output = run_load_plan()

    assert list(HistoryEntry.objects.order_by("pk").values_list("pk", "change")) == rows
    assert f"Hoppet over (rettet av en person): dokumenthistorikk ({len(pc.HISTORY)} rader)" in (
        output
    )


# --- --reset asks first ---------------------------------------------------------------------


def database_state() -> dict:
    """Everything load_plan could touch, drafts, logs and translations included."""
    return {
        **full_state(),
        **snapshot(),
        "bodies": bodies(),
        "locales": list(Locale.objects.order_by("pk").values_list("pk", "language_code")),
        "strings": list(
            StringTranslation.objects.order_by("pk").values_list(
                "pk", "data", "translation_type", "last_translated_by"
            )
        ),
        "workflow_pages": list(WorkflowPage.objects.values_list("page_id", "workflow_id")),
    }


def test_reset_rebuilds_the_plan(db, django_capture_on_commit_callbacks, settings, tmp_path):
    # The reset deletes the generated images' files when it commits; keep the
    # suite's shared files out of its reach.
    settings.MEDIA_ROOT = tmp_path
    before = snapshot()
    old_plan_pk = PlanPage.objects.get(**SOURCE).pk
    # wagtail-localize publishes translations when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        output = run_load_plan("--reset", "--yes")
    assert "Slettet:" in output
    after = snapshot()
    # A rebuilt translation may carry one more wagtail-localize revision than a first import.
    assert {k: v for k, v in after.items() if k != "revisions"} == {
        k: v for k, v in before.items() if k != "revisions"
    }
    assert PlanPage.objects.get(**SOURCE).pk != old_plan_pk


def test_reset_without_yes_refuses_and_changes_nothing(db):
    before = database_state()
    with pytest.raises(CommandError, match="--yes"):
        run_load_plan("--reset")
    assert database_state() == before


def test_reset_refuses_to_discard_editors_work_unless_told_twice(
    users, superuser, history_chapter, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url, data = page_edit_data(history_chapter, superuser, body=[("document_history", "")])
    data["intro"] = "Ingress skrevet av kommunikasjonsrådgiveren."
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["kommunikasjon"]).post(url, data)
    assert response.status_code == 302
    before = database_state()

    with pytest.raises(CommandError, match="--discard-editorial-work") as refused:
        run_load_plan("--reset", "--yes")
    assert database_state() == before
    message = str(refused.value)
    assert "Rader i dokumenthistorikken skrevet i CMS-et: 1" in message
    assert "Sider, snippets og bilder en person har arbeidet på: 1" in message
    kept = PublishedVersion.objects.count()
    assert kept and f"Arkiverte versjoner av planen (per språk): {kept}" in message

    with django_capture_on_commit_callbacks(execute=True):
        output = run_load_plan("--reset", "--yes", "--discard-editorial-work")
    assert "Slettet:" in output
    assert not PublishedVersion.objects.exists()
    plan = PlanPage.objects.get(**SOURCE)
    assert (plan.version, plan.version_date) == (pc.PLAN.version, pc.PLAN.version_date)
    assert HistoryEntry.objects.filter(plan=plan).count() == len(pc.HISTORY)
    chapter = ChapterPage.objects.get(**SOURCE, number=history_chapter.number)
    assert chapter.intro != data["intro"]


def test_missing_migrations_stop_the_command(db, monkeypatch):
    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda self, targets, clean_start=False: [object()]
    )
    before = snapshot()
    with pytest.raises(CommandError, match=r"manage\.py migrate"):
        run_load_plan()
    assert snapshot() == before


# --- What was built, against the seed ----------------------------------------------------


def test_site_moves_to_the_configured_public_address(db, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://plan.example.no"
    call_command("load_plan", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("plan.example.no", 443)
    assert PlanPage.objects.get(**SOURCE).full_url.startswith("https://plan.example.no/nb/")


def test_site_home_and_plan(db, plan, seed):
    home = HomePage.objects.get(**SOURCE)
    assert home.depth == 2 and home.live
    assert home.locale.language_code == "nb"
    site = Site.objects.get(is_default_site=True)
    # At the public address in settings.
    assert site.root_url == settings.WAGTAILADMIN_BASE_URL
    assert site.root_page_id == home.pk
    assert not Page.objects.filter(
        depth=2, slug="home", content_type__app_label="wagtailcore", content_type__model="page"
    ).exists()
    assert plan.get_parent().pk == home.pk and plan.slug == "handlingsplan"
    for attribute in ("document_type", "subtitle", "municipality", "period", "title"):
        assert getattr(plan, attribute) in seed.front, attribute
    assert f"Versjon {plan.version} {plan.version_date:%d.%m.%Y}" in seed.front
    intro = [norm(p.get_text()) for p in BeautifulSoup(plan.intro, "html.parser").find_all("p")]
    after_title = seed.front[seed.front.index(plan.title) + 1 :]
    assert intro == [norm(plain(line)) for line in after_title]
    # The seed's PDF link has no address: the plan's current PDF is given it.
    assert f'<a href="{pc.PDF_LINK}">{plan.title}</a>' in plan.intro
    assert plan.goal in seed.chapter(1).non_row_lines()


def test_chapters(chapters, seed):
    assert [(c.number, c.title) for c in chapters.values()] == [
        (c.number, c.title) for c in seed.chapters
    ]
    for chapter, seed_chapter in zip(chapters.values(), seed.chapters, strict=True):
        assert chapter.live
        sections = [(s["number"], s["title"]) for s in chapter.sections()]
        expected = [
            (m[1], m[2]) for line in seed_chapter.lines if (m := SECTION_HEADING.match(line.text))
        ]
        assert sections == expected


def test_stream_data_is_in_block_format(chapters):
    def check(value):
        if isinstance(value, list):
            for item in value:
                assert isinstance(item, dict) and item.get("type") == "item" and item.get("id")
                check(item["value"])
        elif isinstance(value, dict):
            for v in value.values():
                check(v)

    for chapter in chapters.values():
        for child in chapter.body.raw_data:
            assert child["id"] and child["type"]
            check(child["value"])
        chapter.body.stream_block.clean(chapter.body)  # valid by the blocks' own rules


def test_sign_list(chapters, seed):
    [(number, sign_list)] = blocks_of(chapters, "sign_list")
    groups = seed.chapter(number).list_groups()
    assert [(c["title"], list(c["signs"])) for c in sign_list["categories"]] == groups
    assert sum(len(c["signs"]) for c in sign_list["categories"]) == sum(
        len(items) for _, items in groups
    )
    lines = seed.chapter(number).non_row_lines()
    assert lines[lines.index(sign_list["title"]) + 1] == sign_list["intro"]


def test_push_pull(chapters, seed):
    [(number, push_pull)] = blocks_of(chapters, "push_pull")
    push, pull = seed.chapter(number).list_columns()
    assert list(push_pull["push_factors"]) == push
    assert list(push_pull["pull_factors"]) == pull


def test_guide_table(chapters, seed):
    [(number, guide)] = blocks_of(chapters, "guide_table")
    rows = seed.chapter(number).table_rows()
    assert len(guide["steps"]) == len(rows)
    for position, (step, (step_number, action, responsible)) in enumerate(
        zip(guide["steps"], rows, strict=True), start=1
    ):
        assert int(step_number) == position
        assert step["action"].source == f"<p>{action}</p>"
        assert step["responsible"] == responsible


def test_measures(chapters, seed):
    measure_blocks = blocks_of(chapters, "measures")
    [number] = {n for n, _ in measure_blocks}
    seed_chapter = seed.chapter(number)
    expected: list[tuple[str, list[tuple[str, str]]]] = []
    for line in seed_chapter.lines:
        if not line.is_row:
            expected.append((line.text, []))
        elif not line.after_blank:
            expected[-1][1].append(tuple(line.cells))
    actual = [
        (
            value["goal_area"].title,
            [
                (m.how, m.responsible_text)
                for m in value["goal_area"].measures.order_by("sort_order")
            ],
        )
        for _, value in measure_blocks
    ]
    assert actual == expected
    assert GoalArea.objects.filter(**SOURCE).count() == len(expected)
    assert Measure.objects.filter(**SOURCE).count() == len(seed_chapter.table_rows())
    for measure in Measure.objects.filter(**SOURCE):
        actors = list(measure.responsible_actors.all())
        assert actors, measure
        letters = re.sub(r"\W", "", measure.responsible_text.lower())
        for actor in actors:  # each actor is named in the "Ansvar" text
            assert re.sub(r"\W", "", actor.name.lower().split()[0]) in letters, actor


def test_contacts(chapters, seed):
    [(number, block)] = blocks_of(chapters, "contacts")
    lines = seed.chapter(number).contact_lines()
    assert block["title"] in seed.chapter(number).non_row_lines()
    assert [c.name for c in block["contacts"]] == [m[1] for m in lines]
    for contact, match in zip(block["contacts"], lines, strict=True):
        assert contact.category == Contact.Category.IMPORTANT_NUMBERS
        numbers = [n.strip() for n in match[2].split("/")]
        assert [p.number for p in contact.phone_numbers.order_by("sort_order")] == numbers
        rest = match[4]
        if contact.email:
            assert contact.email in rest and f"({contact.warning})" in rest
        else:
            assert not rest.strip()
    assert Contact.objects.filter(**SOURCE).count() == len(lines)
    assert ContactPhoneNumber.objects.filter(contact__locale__language_code="nb").count() == sum(
        len(m[2].split("/")) for m in lines
    )


def test_sources(chapters, seed):
    source_blocks = blocks_of(chapters, "sources")
    [number] = {n for n, _ in source_blocks}
    lines = seed.chapter(number).non_row_lines()
    flattened = []
    for _, value in source_blocks:
        if value["intro"]:
            flattened.append(value["intro"])
        for source in value["sources"]:
            flattened.append(source["title"])
            line = lines[len(flattened) - 1]
            link = LINK.fullmatch(line)
            if link is None:  # a bare address
                assert source["url"].rstrip("/").endswith(line)
            else:
                assert source["url"] == ("" if link[2] == "#" else link[2])
    assert flattened == [plain(line) for line in lines]


def test_history(plan, seed):
    rows = seed.chapters[-1].table_rows()
    entries = list(HistoryEntry.objects.filter(plan=plan).order_by("pk"))
    assert len(entries) == len(rows)
    assert [
        [f"{e.date:%d.%m.%Y}", e.version, e.change, e.responsible] for e in reversed(entries)
    ] == rows
    assert [e.date for e in entries] == sorted(e.date for e in entries)


def test_images(chapters, seed):
    for chapter in chapters.values():
        lines = seed.chapter(chapter.number).non_row_lines()
        if chapter.lead_image is None:
            continue
        image = chapter.lead_image
        assert chapter.lead_image_caption == image.title == image.description
        position = lines.index(chapter.lead_image_caption)
        assert lines[position + 1] == f"Foto: {image.photo_credit}"
        assert (image.width, image.height) == (1600, 900)
    figures = blocks_of(chapters, "image")
    assert figures
    for number, figure in figures:
        lines = seed.chapter(number).non_row_lines()
        assert figure["caption"] in lines
        assert lines[lines.index(figure["caption"]) + 1] == f"Foto: {figure['image'].photo_credit}"
    assert PlanImage.objects.count() == len({c.lead_image_id for c in chapters.values()} - {None})


# --- Fidelity of the rendered site ---------------------------------------------------------


@dataclass
class RenderedPage:
    text: str
    soup: BeautifulSoup

    @classmethod
    def fetch(cls, client, page) -> RenderedPage:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        soup = BeautifulSoup(response.content, "html.parser")
        body = soup.body
        for tag in body.find_all(["script", "style", "template"]):
            tag.decompose()
        return cls(norm(body.get_text(" ")), body)

    def element_texts(self, *names) -> list[str]:
        return [norm(e.get_text(" ")) for e in self.soup.find_all(names or True)]

    def has_row(self, cells: list[str]) -> bool:
        wanted = [norm(c) for c in cells if c]
        return any(
            all(c in norm(tr.get_text(" ")) for c in wanted) for tr in self.soup.find_all("tr")
        )

    def has_header_row(self, cells: list[str]) -> bool:
        wanted = [norm(c).lower() for c in cells if c]
        return any(
            all(c in norm(tr.get_text(" ")).lower() for c in wanted)
            for tr in self.soup.find_all("tr")
        )

    def has_tel_link(self, number: str) -> bool:
        return any(
            norm(a.get_text(" ")) == number or number in norm(a.get_text(" "))
            for a in self.soup.select('a[href^="tel:"]')
        )


def assert_lines_rendered(rendered: RenderedPage, lines: list[str], where: str) -> None:
    expected = Counter(norm(plain(line)) for line in lines)
    missing = [line for line, count in expected.items() if rendered.text.count(line) < count]
    assert not missing, f"{where}: missing {missing}"


def test_rendered_site_shows_the_whole_seed(client, plan, chapters, seed):
    home = RenderedPage.fetch(client, HomePage.objects.get(**SOURCE))
    for chapter in seed.chapters:
        assert norm(f"{chapter.number} {chapter.title}") in home.text

    plan_page = RenderedPage.fetch(client, plan)
    assert_lines_rendered(plan_page, seed.front, "planens forside")

    for seed_chapter in seed.chapters:
        rendered = RenderedPage.fetch(client, chapters[seed_chapter.number])
        where = f"kapittel {seed_chapter.number}"
        headings = rendered.element_texts("h1", "h2", "h3", "h4", "h5", "h6")
        assert norm(f"{seed_chapter.number} {seed_chapter.title}") in headings, where

        list_items = rendered.element_texts("li")
        for line in seed_chapter.lines:
            if line.is_item:
                assert norm(line.text[2:]) in list_items, (where, line.text)

        for header in seed_chapter.header_rows():
            if tuple(header) in seed_chapter.side_by_side_headers():
                for cell in header:
                    assert norm(cell) in headings, (where, cell)
            else:
                assert rendered.has_header_row(header), (where, header)
        for cells in seed_chapter.table_rows():
            assert rendered.has_row(cells), (where, cells)
        for column in seed_chapter.list_columns():
            for cell in column:
                assert norm(cell) in list_items, (where, cell)

        contact_lines = seed_chapter.contact_lines()
        for match in contact_lines:
            name, numbers, _target, rest = match.groups()
            assert norm(name) in rendered.text, (where, name)
            for number in numbers.split("/"):
                assert rendered.has_tel_link(number.strip()), (where, number)
            for part in re.findall(r"[^,()]+", rest):
                assert norm(part) in rendered.text, (where, part)

        contact_texts = {m[0] for m in contact_lines}
        others = [
            line
            for line in seed_chapter.non_row_lines()
            if line not in contact_texts and not SECTION_HEADING.match(line)
        ]
        assert_lines_rendered(rendered, others, where)
        for line in seed_chapter.lines:
            if section := SECTION_HEADING.match(line.text):
                assert norm(f"{section[1]} {section[2]}") in headings, (where, line.text)
