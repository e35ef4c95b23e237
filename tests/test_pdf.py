"""The plan as an accessible PDF per kept version and language (archive.pdf).

Read from the real output: its text (poppler's pdftotext) and its structure tree (pikepdf).
The expected text is the seed's, parsed as the site's fidelity test parses it
(tests/test_load_plan.py); the PDFs are made once per module (`kept_pdfs`).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import subprocess
import time
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from urllib.parse import urlsplit

import pikepdf
import polib
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import PageViewRestriction

from archive import freeze
from archive import pdf as archive_pdf
from core.http_cache import directives
from plan_pages.models import ChapterPage, PlanPage, PublishedVersion
from plan_pages.versions import IMMUTABLE_MAX_AGE, pdf_file_name, pdf_path
from tests.factories import unique_word
from tests.openapi import validate_response
from tests.sources import api_prefix, seed_text
from tests.test_load_plan import CONTACT_LINE, parse_seed, plain
from tests.test_versions import approve_change

PDF_LANGUAGES = ("nb", "ar")
# Bidirectional controls pdftotext puts around right-to-left runs; soft hyphens.
_INVISIBLE = re.compile(r"[\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def squash(text: str) -> str:
    """Text without what line breaking changes: whitespace, hyphens (a hyphenated word may
    break after its hyphen, which pdftotext then drops), invisible marks."""
    return re.sub(r"[\s\-]+", "", _INVISIBLE.sub("", text))


def pdftotext(content: bytes, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode("utf-8")


@dataclass
class KeptPdf:
    content: bytes
    language: str
    version: str
    date: str
    title: str
    chapters: list[tuple[int, str]]
    seconds: float
    pages: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.pages = pdftotext(self.content).split("\f")[:-1]

    def running_text(self) -> list[str]:
        """The header and footer every page but the cover carries, in the PDF's language."""
        with translation.override(self.language):
            header = f"{self.title} · {gettext('Versjon')} {self.version}"
            footer = gettext("Side %(page)s av %(pages)s")
        count = len(self.pages)
        return [header] + [footer % {"page": n, "pages": count} for n in range(1, count + 1)]

    def body_text(self) -> str:
        """The pages' text without the running header and footer, squashed."""
        text = squash("".join(self.pages))
        for running in self.running_text():
            text = text.replace(squash(running), "")
        return text


@pytest.fixture(scope="module")
def kept_pdfs(django_db_setup, django_db_blocker) -> dict[str, KeptPdf]:
    """The seed's current version kept as a publish records it, and its PDF in Norwegian
    and Arabic; the database is rolled back, the bytes kept."""
    made = {}
    with django_db_blocker.unblock(), transaction.atomic():
        plan = PlanPage.objects.get(locale__language_code="nb")
        entry = plan.history_entries.get(version=plan.version)
        for published in freeze.record_version(entry):
            language = published.locale.language_code
            if language not in PDF_LANGUAGES:
                continue
            started = time.perf_counter()
            content = archive_pdf.render_pdf(published)
            made[language] = KeptPdf(
                content=content,
                language=language,
                version=published.version,
                date=f"{published.date:%d.%m.%Y}",
                title=published.plan.title,
                chapters=[(c.number, c.title) for c in published.chapters.all()],
                seconds=time.perf_counter() - started,
            )
        transaction.set_rollback(True)
    return made


@pytest.fixture
def nb_pdf(db, kept_pdfs) -> KeptPdf:
    return kept_pdfs["nb"]


@pytest.fixture
def ar_pdf(db, kept_pdfs) -> KeptPdf:
    return kept_pdfs["ar"]


def structure(content: bytes) -> list[tuple[str, int | None, pikepdf.Dictionary]]:
    """(type, page number, element) of each structure element, in document order."""
    pdf = pikepdf.open(BytesIO(content))
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    found = []

    def walk(element):
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            page = element.get("/Pg")
            found.append((str(element.S)[1:], pages.get(page.objgen) if page else None, element))
        kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                walk(kid)
        elif isinstance(kids, pikepdf.Dictionary):
            walk(kids)

    walk(pdf.Root.StructTreeRoot)
    return found


def link_uris(content: bytes) -> list[str]:
    pdf = pikepdf.open(BytesIO(content))
    return [
        str(annotation.A.URI)
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation and "/URI" in annotation.A
    ]


# --- what the PDF says -------------------------------------------------------------------


def seed_facts() -> list[str]:
    """Every text of the seed the site's fidelity test finds on the pages, as a reader
    reads it: each line, each table cell, each contact's name, numbers and details."""
    seed = parse_seed(seed_text())
    facts = []
    for chapter in seed.chapters:
        facts.append(f"{chapter.number} {chapter.title}")
        for line in chapter.lines:
            if line.is_row:
                facts.extend(cell for cell in line.cells if cell)
            elif line.is_item:
                facts.append(line.text[2:])
            elif contact := CONTACT_LINE.match(line.text):
                name, numbers, _target, rest = contact.groups()
                facts.append(name)
                facts.extend(n.strip() for n in numbers.split("/"))
                facts.extend(re.findall(r"[^,()]+", rest))
            else:
                facts.append(plain(line.text))
    return [plain(f) for f in facts if f.strip()]


def test_the_norwegian_pdf_holds_every_seed_fact(nb_pdf):
    seed = parse_seed(seed_text())
    text = nb_pdf.body_text()
    folded = text.casefold()
    # The front page's lines, but its version line: the cover names the kept version.
    version_line = re.compile(r"^Versjon \S+ \S+$")
    front = [plain(line) for line in seed.front if not version_line.match(line)]
    missing = [line for line in front if squash(line) not in text]
    missing += [fact for fact in seed_facts() if squash(fact).casefold() not in folded]
    assert not missing, missing
    assert squash(f"Versjon {nb_pdf.version} {nb_pdf.date}") in text


def test_phone_numbers_are_tel_links(nb_pdf):
    seed = parse_seed(seed_text())
    numbers = [
        number.strip()
        for chapter in seed.chapters
        for contact in chapter.contact_lines()
        for number in contact[2].split("/")
    ]
    assert numbers
    tel_digits = {re.sub(r"\D", "", uri) for uri in link_uris(nb_pdf.content) if uri[:4] == "tel:"}
    for number in numbers:
        digits = re.sub(r"\D", "", number)
        assert any(t.endswith(digits) for t in tel_digits), number


def test_the_cover_has_the_municipality_title_version_and_address(nb_pdf, plan):
    cover = nb_pdf.pages[0]
    assert plan.municipality in cover
    assert squash(plan.title) in squash(cover)
    version_url = f"{plan.get_site().root_url}{plan.url}versjon/{nb_pdf.version}/"
    assert version_url in link_uris(nb_pdf.content)
    assert squash(version_url) in squash(cover)


def test_running_header_and_page_numbers(nb_pdf):
    header, *footers = nb_pdf.running_text()
    for number, page in enumerate(nb_pdf.pages[1:], start=2):
        assert squash(header) in squash(page), number
        assert squash(footers[number - 1]) in squash(page), number


# --- its structure -------------------------------------------------------------------------


def test_tagged_pdf_ua_with_language_headings_tables_and_links(nb_pdf):
    pdf = pikepdf.open(BytesIO(nb_pdf.content))
    assert str(pdf.Root.Lang) == "nb"
    assert pdf.Root.MarkInfo.Marked
    with pdf.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"].startswith(nb_pdf.title)
    elements = structure(nb_pdf.content)
    types = [kind for kind, _page, _element in elements]
    levels = [int(kind[1]) for kind in types if re.fullmatch(r"H[1-6]", kind)]
    # The cover's title, then each chapter: an h1 each, and no level skipped below them.
    assert levels.count(1) == 1 + len(nb_pdf.chapters)
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    for kind in ("Table", "THead", "TH", "TD", "L", "LI", "Link", "Figure"):
        assert kind in types, kind


def test_the_table_of_contents_gives_each_chapters_page(nb_pdf):
    """The page each contents line gives is where the chapter's h1 is, and its text."""
    contents = next(p for p in nb_pdf.pages[1:] if "Innholdsfortegnelse" in p)
    given = {
        int(m[1]): int(m[2]) for m in re.finditer(r"^(\d+) .*?\.{3,}\s*(\d+)\s*$", contents, re.M)
    }
    assert list(given) == [number for number, _title in nb_pdf.chapters]
    heading_pages = [page for kind, page, _e in structure(nb_pdf.content) if kind == "H1"][1:]
    assert heading_pages == list(given.values())
    for number, title in nb_pdf.chapters:
        page_text = nb_pdf.pages[given[number] - 1]
        assert squash(f"{number} {title}") in squash(page_text), number


# --- Arabic ---------------------------------------------------------------------------------


def test_the_arabic_pdf_is_right_to_left_in_logical_order(ar_pdf, settings):
    pdf = pikepdf.open(BytesIO(ar_pdf.content))
    assert str(pdf.Root.Lang) == "ar"
    catalogue = polib.pofile(settings.BASE_DIR / "locale" / "ar" / "LC_MESSAGES" / "django.po")
    contents = catalogue.find("Innholdsfortegnelse").msgstr
    assert " " in contents  # more than one word: their order is tested
    text = _INVISIBLE.sub("", "".join(ar_pdf.pages))
    assert contents in text
    # Each chapter title's words, in reading order within each word. Not the words with a
    # lam-alef ligature or a shadda: pdftotext reverses the letters of one glyph that stands
    # for two in right-to-left text; the PDF maps them in logical order (below).
    ligature = re.compile(r"ل[اأإآ]|[\u064b-\u0652]")
    words = [
        letters
        for _number, title in ar_pdf.chapters
        for word in title.split()
        if (letters := re.sub(r"[^\u0621-\u064a]", "", word)) and not ligature.search(word)
    ]
    assert words
    for word in words:
        assert word in text, word
    # Every glyph for a lam and an alef says lam first.
    ligatures = {
        text
        for font_map in to_unicode_maps(ar_pdf.content)
        for text in font_map.values()
        if len(text) == 2 and "ل" in text and set(text) & set("اأإآ")
    }
    assert ligatures
    assert all(ligature.fullmatch(text) for text in ligatures), ligatures


def to_unicode_maps(content: bytes) -> list[dict[str, str]]:
    """Each font's glyph-to-text map (ToUnicode `bfchar` entries)."""
    pdf = pikepdf.open(BytesIO(content))
    maps = {}
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            if font.objgen in maps or "/ToUnicode" not in font:
                continue
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            maps[font.objgen] = {
                glyph: bytes.fromhex(text).decode("utf-16-be")
                for glyph, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", cmap)
            }
    return list(maps.values())


def test_a_versions_pdf_is_made_from_its_recorded_revisions(plan, chapters, superuser):
    """Not from today's live pages: a publish after the version changes nothing in it."""
    entry = plan.history_entries.get(version=plan.version)
    kept = next(v for v in freeze.record_version(entry) if v.plan_id == plan.pk)
    chapter = next(c for c in chapters.values() if c.intro)
    recorded_intro = chapter.intro
    word = unique_word("senere")
    chapter.intro = f"Endret {word}."
    chapter.save_revision(user=superuser).publish()
    assert ChapterPage.objects.get(pk=chapter.pk).intro == chapter.intro
    text = squash(pdftotext(archive_pdf.render_pdf(kept)))
    assert word not in text
    assert squash(recorded_intro) in text


# --- the fetcher ------------------------------------------------------------------------------


def test_the_fetcher_serves_our_files_and_refuses_everything_else(settings):
    fetcher = archive_pdf.OwnFilesFetcher("http://testserver/")
    stylesheet = fetcher.fetch(f"http://testserver{settings.STATIC_URL}css/pdf.css")
    assert stylesheet.content_type == "text/css"
    assert b"@page" in stylesheet.read()
    for url in (
        "https://example.org/style.css",
        "http://testserver.example.org/static/css/pdf.css",
        "http://testserver/nb/handlingsplan/",
        f"http://testserver{settings.STATIC_URL}../cms/settings/base.py",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ):
        with pytest.raises(archive_pdf.RefusedURL):
            fetcher.fetch(url)


# --- made by the worker, served ------------------------------------------------------------


def stored_bytes(kept: PublishedVersion) -> bytes:
    with kept.pdf.open("rb") as stored:
        return stored.read()


@pytest.fixture
def pdfs_on(settings):
    settings.PLANPORTAL_RENDER_KEPT_VERSIONS = True
    settings.PLANPORTAL_MAKE_VERSION_PDFS = True


def test_an_approval_makes_each_languages_pdf_in_the_worker_and_serves_it(
    pdfs_on, users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="Vedtatt."
    )
    versions = list(
        PublishedVersion.objects.filter(decision=entry).select_related("plan", "locale")
    )
    assert len(versions) > 1
    for kept in versions:
        assert kept.pdf, kept.locale.language_code
        content = stored_bytes(kept)
        assert hashlib.sha256(content).hexdigest() == kept.pdf_sha256
        assert str(pikepdf.open(BytesIO(content)).Root.Lang) == kept.locale.language_code
    nb = next(v for v in versions if v.locale.language_code == "nb")
    # From the recorded revision: the approved intro is in it.
    assert "Vedtatt." in pdftotext(stored_bytes(nb))
    # Stored under a name nobody can guess (the file server serves media to anyone).
    assert nb.pdf.name.endswith(f"/{pdf_file_name(nb)}")
    assert len(nb.pdf.name.split("/")) == 3
    # Never made twice.
    name = nb.pdf.name
    assert archive_pdf.make_pdf(nb.pk) is False
    nb.refresh_from_db()
    assert nb.pdf.name == name

    client = Client()
    for url in (pdf_path(plan.url, nb.version), pdf_path(plan.url)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{pdf_file_name(nb)}"'
        assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == nb.pdf_sha256
    version_response = client.get(pdf_path(plan.url, nb.version))
    assert "immutable" in directives(version_response)
    assert f"max-age={IMMUTABLE_MAX_AGE}" in version_response["Cache-Control"]
    assert "immutable" not in directives(client.get(pdf_path(plan.url)))

    listing = client.get(f"{api_prefix()}/versions/", {"plan": plan.pk, "locale": "nb"})
    validate_response(listing)
    item = listing.json()["items"][0]
    assert urlsplit(item["pdf"]).path == pdf_path(plan.url, nb.version)
    assert item["pdf_sha256"] == nb.pdf_sha256
    detail = client.get(item["meta"]["detail_url"])
    validate_response(detail)
    assert detail.json()["pdf"] == item["pdf"]


def test_make_version_pdfs_queues_the_missing_ones(plan, django_capture_on_commit_callbacks):
    """Versions kept before PDFs were made get theirs (private plans still none)."""
    entry = plan.history_entries.get(version=plan.version)
    recorded = freeze.record_version(entry)
    kept = next(v for v in recorded if v.plan_id == plan.pk)
    PublishedVersion.objects.filter(pk=kept.pk).update(rendered_at=entry.created_at)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_version_pdfs", stdout=out)
    assert out.getvalue().startswith("1 ")
    kept.refresh_from_db()
    assert kept.pdf and kept.pdf_sha256
    # Those still waiting for their pages are the render task's to queue.
    assert all(not v.pdf for v in PublishedVersion.objects.exclude(pk=kept.pk))

    # A plan made private later: its PDFs answer like the plan, to nobody anonymous.
    client = Client()
    assert client.get(pdf_path(plan.url, kept.version)).status_code == 200
    PageViewRestriction.objects.create(page=plan, restriction_type="login")
    for url in (pdf_path(plan.url, kept.version), pdf_path(plan.url)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "public" not in directives(response)


def test_no_pdf_yet_is_a_norwegian_404_page(plan):
    client = Client()
    for url in (pdf_path(plan.url), pdf_path(plan.url, plan.version)):
        response = client.get(url)
        assert response.status_code == 404
        body = response.content.decode()
        assert "PDF-versjonen finnes ikke ennå" in body
        assert 'lang="nb"' in body


def test_a_private_plan_gets_no_pdf(plan):
    entry = plan.history_entries.get(version=plan.version)
    kept = next(v for v in freeze.record_version(entry) if v.plan_id == plan.pk)
    PageViewRestriction.objects.create(page=plan, restriction_type="login")
    PublishedVersion.objects.filter(pk=kept.pk).update(
        html="<p>x</p>", rendered_at=entry.created_at
    )
    assert archive_pdf.make_pdf(kept.pk) is False
    kept.refresh_from_db()
    assert not kept.pdf


def test_the_plan_page_links_its_current_pdf(client, plan):
    response = client.get(plan.url)
    assert f'href="{pdf_path(plan.url)}"' in response.content.decode()


def test_the_fonts_cover_every_language_of_the_site(settings):
    """Fontconfig has a font of the stylesheet's list for each language the site publishes
    in (Tigrinya's Ethiopic script and Arabic among them): `make pdf-deps` installed them."""
    stylesheet = (settings.BASE_DIR / "static" / "css" / "pdf.css").read_text()
    families = set(
        re.findall(r'"([^"]+)"', re.search(r"html \{[^}]*font-family:([^;]+);", stylesheet)[1])
    )
    for code, _name in settings.LANGUAGES:
        found = subprocess.run(
            ["fc-list", f":lang={code}", "family"], capture_output=True, check=True, text=True
        ).stdout
        available = {name.strip() for line in found.splitlines() for name in line.split(",")}
        assert families & available, code
