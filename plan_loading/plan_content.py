"""The plan's content: the municipality's text, read as it stands, and the few
editorial decisions the text does not carry.

The text is seed/handlingsplan.txt, exactly as the municipality wrote it, typos
included ("radikaliserings", "Prosesen", "risikozonen"). It is read into the
chapter blocks' own stream data ({"type", "value"}, as `plan_pages.blocks`
stores it; list values in block format, so wagtail-localize sees one segment
per item) by these rules:

- The front page (before "Innholdsfortegnelse") gives the plan's fields in order.
  The table of contents is left out: the site generates it.
- "N Title" starts chapter N, "N.M Title" is a section.
- A line followed by "Foto: credit" names a photo and is its caption: the first
  thing in a chapter is its lead image, elsewhere an image block. The paragraph
  before a chapter's first section is its intro.
- "- " lines are a bullet list.
- Tab-separated lines are tables, each kind known by its header row (`TABLES`);
  a header repeated after a page break is left out.
- "Name: [number](target)…" lines are contacts, under the line before them.
- In a chapter of sources, every line is a source; a line that is no link
  starts another list, as its intro.
- Everything else is a paragraph. `**bold**` and `[text](target)` become rich
  text; a target of `#` means the text does not say where the link goes: the
  link text stays plain text and is reported (`MISSING_LINKS`). A line ending
  mid-sentence followed by one starting in lower case is one sentence page
  layout split in two: they are joined (and reported, `JOINS`).

What the text does not say is in the tables below: which lines are definitions,
subheadings, quotes, callouts or sign lists, the actors behind each "Ansvar"
cell, the placeholder photos' colours. Snippets and images a block chooses are
`Ref`s, which the loader replaces by the objects' primary keys.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings

from core.text import slugify_nb
from plan_pages.versions import pdf_path

SEED_PATH = Path(__file__).resolve().parent / "seed" / "handlingsplan.txt"
MISSING_TARGET = "#"

# --- Editorial decisions the text does not carry ------------------------------------------

SLUG = "handlingsplan"
CALL_TO_READ = "Les planen"
DEFINITIONS = {  # a term; the next line explains it
    "Radikalisering",
    "Voldelig ekstremisme",
    "Radikaliseringsprosesser",
    "Hatkriminalitet",
    "Hatytringer",
    "Nettekstremisme",
    "Fremmedkriger",
}
SUBHEADINGS = {"Radikaliseringstunnelen", "Press- og motivasjonsfaktorer"}
QUOTES = {
    "Veien mot voldelig ekstremisme kan ofte starte som en søken etter et miljø å høre hjemme i."
}
CALLOUTS = {"MÅL:"}  # a label; the next line is its text
GOAL_LABEL = "MÅL:"  # the callout that states the plan's goal
SIGN_LISTS = {"Bekymringstegn og signaler"}  # a title; then an intro, then categories of "- " signs
SOURCE_CHAPTERS = {8}
PHOTO_COLOURS = ((214, 228, 236), (222, 226, 214), (236, 228, 214))  # in the order of the text
PLAN_CONTACT_NAME = "SLT-koordinator"  # who answers for the plan (its history says so)

ACTORS = (
    "SLT",
    "SLT-koordinator",
    "Ledergruppe",
    "Politisk behandling",
    "Politistasjonssjef",
    "Ordfører",
    "Politikontakt",
    "Politiet",
    "NAV",
    "Skoler og barnehager",
    "Konfliktrådet",
    "Kriminalomsorgen",
    "Kommunikasjonsrådgiver",
    "Barnevern",
    "PST",
)
MEASURE_ACTORS = {  # the "Ansvar" cell of a measure -> the actors it names
    "Ledergruppe, SLT": ("Ledergruppe", "SLT"),
    "Politisk behandling, Ledergruppe, SLT": ("Politisk behandling", "Ledergruppe", "SLT"),
    "SLT": ("SLT",),
    "Politistasjonssjef og Ordfører": ("Politistasjonssjef", "Ordfører"),
    "SLT-koordinator og politikontakt + ressurspersoner": ("SLT-koordinator", "Politikontakt"),
    "Skoler og barnehager": ("Skoler og barnehager",),
    "Skoler og barnehager i samarbeid med SLT": ("Skoler og barnehager", "SLT"),
    "SLT, NAV og Politiet": ("SLT", "NAV", "Politiet"),
    "Politiet i samarbeid med aktuelle instanser i kommunen": ("Politiet",),
    "Konfliktrådet": ("Konfliktrådet",),
    "Kriminalomsorgen": ("Kriminalomsorgen",),
    "SLT-koordinator/ kommunikasjonsrådgiver": ("SLT-koordinator", "Kommunikasjonsrådgiver"),
    "Politiet/SLT- koordinator": ("Politiet", "SLT-koordinator"),
    "SLT-koordinator": ("SLT-koordinator",),
}
MEASURES_HEADER = ("Hvordan", "Ansvar")  # under the title of its goal area
TABLES = {  # header row -> the block the table is
    ("TRINN", "HANDLING", "ANSVARLIG"): "guide_table",
    ("Pressfaktorer", "Motivasjonsfaktorer"): "push_pull",
    ("Dato", "Versjon", "Endring", "Ansvarlig"): "document_history",
}

# --- Shapes of what the loader creates besides the chapters' blocks ---------------------


@dataclass(frozen=True)
class Ref:
    """A snippet or image chosen in stream data; the loader puts its primary key here."""

    kind: str  # "image", "goal_area" or "contact"
    name: str  # the image's title, the goal area's title, the contact's name


@dataclass(frozen=True)
class ImageSpec:
    """A photo the text only names; the loader draws a placeholder for it."""

    title: str
    description: str  # alt text
    photo_credit: str  # shown as "Foto: {photo_credit}"
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class MeasureSpec:
    how: str
    responsible_text: str
    actors: tuple[str, ...]


@dataclass(frozen=True)
class GoalAreaSpec:
    title: str
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class ContactSpec:
    name: str
    phone_numbers: tuple[str, ...]
    email: str = ""
    warning: str = ""


@dataclass(frozen=True)
class HistoryRow:
    date: date
    version: str
    change: str
    responsible: str


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    intro: str
    lead_image: str | None  # the image's title
    lead_image_caption: str
    body: tuple[dict, ...]  # raw stream data, `Ref`s for chosen objects


@dataclass(frozen=True)
class Plan:
    slug: str
    title: str
    document_type: str
    subtitle: str
    municipality: str
    period: str
    version: str
    version_date: date
    goal: str
    intro: str  # rich text


@dataclass(frozen=True)
class SitePage:
    slug: str
    fields: dict  # the page's fields, rich text as HTML

    @property
    def title(self) -> str:
        return self.fields["title"]


# --- Reading the text ------------------------------------------------------------------------

LINK = re.compile(r"\[([^\]]+)\]\(([^)]*)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*")
CHAPTER = re.compile(r"^(\d+) (\S.*)$")
SECTION = re.compile(r"^(\d+\.\d+) (\S.*)$")
CONTACT = re.compile(r"^([^:\[\]]+): \[([\d /]+)\]\(([^)]*)\)(?:, (\S+@\S+) \((.*)\))?$")
ADDRESS = re.compile(r"www\.\S+")
PHOTO = "Foto: "

# What reading the text finds, in the order of the text.
IMAGES: dict[str, ImageSpec] = {}  # by title
GOAL_AREAS: list[GoalAreaSpec] = []
CONTACTS: list[ContactSpec] = []
HISTORY: list[HistoryRow] = []  # oldest first
CALLOUT_TEXTS: dict[str, str] = {}  # by label
MISSING_LINKS: list[str] = []  # link texts whose address the text does not give
# Link texts the text gives no address ("#") that the site has one for (filled below).
LINK_TARGETS: dict[str, str] = {}
PHONE_LINKS: list[str] = []  # phone numbers the text links to "#" (the site links them as tel:)
JOINS: list[tuple[str, ...]] = []  # the lines of each sentence page layout split
USED: set[str] = set()  # the editorial tables' entries the text has


def marked(text: str, table) -> bool:
    """Whether an editorial table names this line (noted, so an unused entry is an error)."""
    if text in table:
        USED.add(text)
    return text in table


def child(block_type: str, value) -> dict:
    return {"type": block_type, "value": value}


def items(values) -> list[dict]:
    """A ListBlock value in block format."""
    return [child("item", value) for value in values]


def missing_link(text: str) -> None:
    if text not in MISSING_LINKS:
        MISSING_LINKS.append(text)


def inline_html(text: str) -> str:
    """Text with `**bold**` and `[text](target)` as rich text HTML (no <p>)."""

    def bold(part: str) -> str:
        return BOLD.sub(r"<b>\1</b>", html.escape(part, quote=False))

    parts, position = [], 0
    for match in LINK.finditer(text):
        link_text, target = match.groups()
        if target in ("", MISSING_TARGET):
            target = LINK_TARGETS.get(link_text, target)
        parts.append(bold(text[position : match.start()]))
        if target in ("", MISSING_TARGET):
            missing_link(link_text)
            parts.append(bold(link_text))
        else:
            parts.append(f'<a href="{html.escape(target)}">{bold(link_text)}</a>')
        position = match.end()
    parts.append(bold(text[position:]))
    return "".join(parts)


def paragraphs_html(*paragraphs: str) -> str:
    return "".join(f"<p>{inline_html(p)}</p>" for p in paragraphs)


@dataclass
class Line:
    text: str
    after_blank: bool

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(cell.strip() for cell in self.text.split("\t"))

    @property
    def is_row(self) -> bool:
        return "\t" in self.text


def chapter_lines(lines: list[str]) -> list[tuple[int, str, list[Line]]]:
    """(number, title, lines) of each chapter; blank and space-only lines only mark tables."""
    chapters: list[tuple[int, str, list[Line]]] = []
    blank = True
    for text in lines:
        heading = CHAPTER.match(text)
        if not text.strip():
            blank = True
        elif heading and int(heading[1]) == len(chapters) + 1:
            chapters.append((int(heading[1]), heading[2], []))
            blank = True
        else:
            body = chapters[-1][2]
            previous = body[-1] if body else None
            if (
                previous
                and not previous.is_row
                and not previous.text.startswith("- ")
                and "\t" not in text
                and re.search(r"\w$", previous.text)
                and text[0].islower()
            ):
                JOINS.append((previous.text, text))
                previous.text = f"{previous.text} {text}"
            else:
                body.append(Line(text, blank))
            blank = False
    return chapters


def is_source(line: Line) -> bool:
    return bool(LINK.fullmatch(line.text) or ADDRESS.fullmatch(line.text))


class ChapterReader:
    """One chapter's lines as its fields and its body's stream data."""

    def __init__(self, number: int, lines: list[Line]):
        self.number, self.lines, self.position = number, lines, 0
        self.body: list[dict] = []
        self.intro, self.lead_image, self.lead_image_caption = "", None, ""

    def peek(self, ahead: int = 0) -> Line | None:
        index = self.position + ahead
        return self.lines[index] if index < len(self.lines) else None

    def take(self) -> str:
        self.position += 1
        return self.lines[self.position - 1].text

    def take_while(self, keep) -> list[Line]:
        taken = []
        while (line := self.peek()) is not None and keep(line):
            taken.append(line)
            self.position += 1
        return taken

    def read(self) -> None:
        while (line := self.peek()) is not None:
            following = self.peek(1)
            if following and following.text.startswith(PHOTO):
                self.image()
            elif self.number in SOURCE_CHAPTERS:
                self.sources()
            elif section := SECTION.match(line.text):
                self.take()
                number, title = section.groups()
                self.add("section", {"number": number, "title": title, "anchor": slugify_nb(title)})
            elif marked(line.text, SUBHEADINGS):
                self.add("subheading", self.take())
            elif marked(line.text, DEFINITIONS):
                self.add("definition", {"term": self.take(), "explanation": self.take()})
            elif marked(line.text, CALLOUTS):
                label, text = self.take(), self.take()
                CALLOUT_TEXTS[label] = text
                self.add("callout", {"label": label, "text": text})
            elif marked(line.text, QUOTES):
                self.add("quote", {"quote": self.take(), "attribution": ""})
            elif marked(line.text, SIGN_LISTS):
                self.sign_list()
            elif line.text.startswith("- "):
                signs = self.take_while(lambda item: item.text.startswith("- "))
                self.add("bullet_list", {"items": items(item.text[2:] for item in signs)})
            elif following and following.is_row and following.cells == MEASURES_HEADER:
                self.measures()
            elif line.is_row:
                self.table()
            elif following and CONTACT.match(following.text) and not CONTACT.match(line.text):
                self.contacts()
            else:
                self.paragraph()

    def add(self, block_type: str, value) -> None:
        self.body.append(child(block_type, value))

    def paragraph(self) -> None:
        text = self.take()
        if not self.intro and not self.body and any(SECTION.match(x.text) for x in self.lines):
            self.intro = text  # the paragraph before the first section
        else:
            self.add("paragraph", f"<p>{inline_html(text)}</p>")

    def image(self) -> None:
        caption, credit = self.take(), self.take().removeprefix(PHOTO)
        if caption not in IMAGES:
            colour = PHOTO_COLOURS[len(IMAGES)]
            IMAGES[caption] = ImageSpec(caption, caption, credit, colour)
        if self.position == 2:  # the first thing in the chapter
            self.lead_image, self.lead_image_caption = caption, caption
        else:
            self.add("image", {"image": Ref("image", caption), "caption": caption, "alt_text": ""})

    def sign_list(self) -> None:
        title, intro = self.take(), self.take()
        categories = []
        while (following := self.peek(1)) is not None and following.text.startswith("- "):
            category = self.take()
            signs = self.take_while(lambda item: item.text.startswith("- "))
            categories.append({"title": category, "signs": items(s.text[2:] for s in signs)})
        self.add("sign_list", {"title": title, "intro": intro, "categories": items(categories)})

    def rows(self) -> list[tuple[str, ...]]:
        """The rows of the table that starts here, without its header (nor its repeats)."""
        header = self.lines[self.position].cells
        rows = self.take_while(lambda line: line.is_row)
        return [row.cells for row in rows if not (row.after_blank and row.cells == header)]

    def table(self) -> None:
        kind = TABLES[self.peek().cells]
        rows = self.rows()
        if kind == "guide_table":
            steps = ({"action": f"<p>{inline_html(a)}</p>", "responsible": r} for _, a, r in rows)
            self.add("guide_table", {"caption": "", "steps": items(steps)})
        elif kind == "push_pull":
            push, pull = ([row[i] for row in rows if row[i]] for i in (0, 1))
            self.add("push_pull", {"push_factors": items(push), "pull_factors": items(pull)})
        else:
            for day, version, change, responsible in reversed(rows):
                day = datetime.strptime(day, "%d.%m.%Y").date()
                HISTORY.append(HistoryRow(day, version, change, responsible))
            self.add("document_history", None)

    def measures(self) -> None:
        title = self.take()
        rows = self.rows()
        USED.update(text for _how, text in rows)
        measures = [MeasureSpec(how, text, MEASURE_ACTORS[text]) for how, text in rows]
        GOAL_AREAS.append(GoalAreaSpec(title, tuple(measures)))
        self.add("measures", {"goal_area": Ref("goal_area", title)})

    def contacts(self) -> None:
        title = self.take()
        names = []
        for line in self.take_while(lambda line: CONTACT.match(line.text)):
            name, numbers, target, email, warning = CONTACT.match(line.text).groups()
            numbers = tuple(n.strip() for n in numbers.split("/"))
            if target == MISSING_TARGET:
                PHONE_LINKS.extend(n for n in numbers if n not in PHONE_LINKS)
            CONTACTS.append(ContactSpec(name, numbers, email or "", warning or ""))
            names.append(name)
        self.add("contacts", {"title": title, "contacts": items(Ref("contact", n) for n in names)})

    def sources(self) -> None:
        intro = "" if is_source(self.peek()) else self.take()
        links = []
        for line in self.take_while(is_source):
            if link := LINK.fullmatch(line.text):
                title, url = link.groups()
                if url == MISSING_TARGET:
                    missing_link(title)
                    url = ""
            else:  # a bare address
                title, url = line.text, f"https://{line.text}/"
            links.append({"title": title, "url": url})
        self.add("sources", {"intro": intro, "sources": items(links)})


def read_chapters(lines: list[str]) -> tuple[Chapter, ...]:
    chapters = []
    for number, title, chapter in chapter_lines(lines):
        reader = ChapterReader(number, chapter)
        reader.read()
        chapters.append(
            Chapter(
                number,
                title,
                reader.intro,
                reader.lead_image,
                reader.lead_image_caption,
                tuple(reader.body),
            )
        )
    return tuple(chapters)


_lines = SEED_PATH.read_text(encoding="utf-8").splitlines()
_toc = _lines.index("Innholdsfortegnelse")
_document_type, _subtitle, MUNICIPALITY, _period, _version, _title, *_intro = [
    line for line in _lines[:_toc] if line.strip()
]
# "Du kan også laste ned en PDF-versjon av planen: [<the plan's title>](#)": the address
# that always serves the plan's newest PDF (plan_pages.versions), written into the text as
# an ordinary link, which editors may change or remove like any other.
PDF_LINK = pdf_path(f"/{settings.LANGUAGE_CODE}/{SLUG}/")
LINK_TARGETS[_title] = PDF_LINK
_intro_html = paragraphs_html(*_intro)
# The table of contents ends where the numbering restarts at a heading without a link.
CHAPTERS = read_chapters(
    _lines[next(i for i in range(_toc, len(_lines)) if re.match(r"^1 [^\[]", _lines[i])) :]
)
_version, _version_date = re.fullmatch(r"Versjon (\S+) (\S+)", _version).groups()
PLAN = Plan(
    slug=SLUG,
    title=_title,
    document_type=_document_type,
    subtitle=_subtitle,
    municipality=MUNICIPALITY,
    period=_period,
    version=_version,
    version_date=datetime.strptime(_version_date, "%d.%m.%Y").date(),
    goal=CALLOUT_TEXTS[GOAL_LABEL],
    intro=_intro_html,
)
HOME = SitePage("home", {"title": MUNICIPALITY, "call_to_read": CALL_TO_READ})
_unused = (DEFINITIONS | SUBHEADINGS | QUOTES | CALLOUTS | SIGN_LISTS | set(MEASURE_ACTORS)) - USED
if _unused:  # the text changed under the table: refuse rather than load it wrongly
    raise ValueError(f"plan_content nevner linjer som ikke står i kilden: {sorted(_unused)}")
PLAN_CONTACT = next(contact for contact in CONTACTS if contact.name == PLAN_CONTACT_NAME)


# --- The site around the plan: the municipality's identity and the site's own pages ---
#
# Not in the seed's text, which is the plan; every fact used here comes from it once
# (the municipality, the plan's contact). What the seed does not give (the
# municipality's address, general e-mail, logo, colours) stays empty for the
# communications adviser to fill in under Innstillinger → Kommunens identitet; the
# loader says so. The statements below describe this software, not the municipality.


@dataclass(frozen=True)
class Identity:
    municipality_name: str
    contact_heading: str
    contact_phone: str
    contact_address: str = ""
    contact_email: str = ""


IDENTITY = Identity(
    municipality_name=MUNICIPALITY,
    contact_heading=f"Spørsmål om planen: {PLAN_CONTACT.name}",
    contact_phone=PLAN_CONTACT.phone_numbers[0],
)

ACCESSIBILITY_STATEMENT = SitePage(
    "tilgjengelighetserklaering",
    {
        "title": "Tilgjengelighetserklæring",
        "intro": (
            f"{MUNICIPALITY} skal lage nettsider som alle kan bruke. Her står hvordan dette "
            "nettstedet oppfyller kravene til universell utforming, hva som ikke fungerer ennå, og "
            "hvordan du melder fra."
        ),
        "standard": paragraphs_html(
            "Nettstedet skal oppfylle kravene i forskrift om universell utforming av "
            "IKT-løsninger, som viser til WCAG 2.1 (Web Content Accessibility Guidelines) på "
            "nivå A og AA.",
            "Alle sider, på alle språk, testes automatisk mot disse kravene med verktøyet "
            "axe-core, på stor skjerm og på mobil, hver gang nettstedet endres.",
        ),
        "not_accessible": paragraphs_html(
            "Bildene i planen er foreløpig plassholdere: den alternative teksten beskriver "
            "bildet som skal inn, ikke plassholderen som vises.",
            "PDF-versjonen av planen lages automatisk og er merket for skjermlesere (PDF/UA), "
            "men tabellene og kontaktlistene er lettere å bruke på nettsidene. Hele planen kan "
            "leses på nettsidene.",
            "På oversatte sider er alternative tekster til bilder og dokumenthistorikken på "
            "norsk. De er merket som norsk tekst, slik at skjermlesere leser dem med norsk "
            "uttale.",
        ),
        "feedback": paragraphs_html(
            "Opplever du at noe på nettstedet ikke fungerer for deg, vil vi gjerne høre det. "
            "Skriv hvilken side det gjelder, hva du prøvde å gjøre, og hva som ikke fungerte. "
            "Du får svar så snart vi har sett på det.",
        ),
    },
)

PRIVACY_STATEMENT = SitePage(
    "personvern",
    {
        "title": "Personvernerklæring",
        "intro": (
            f"{MUNICIPALITY} er behandlingsansvarlig for nettstedet. Her står hvilke "
            "opplysninger nettstedet behandler når du leser planen."
        ),
        "body": paragraphs_html(
            "**Ingen informasjonskapsler og ingen sporing.** Nettstedet setter ingen "
            "informasjonskapsler (cookies) når du leser eller søker, bruker ingen "
            "analyseverktøy og henter ingen skrifter, skript eller bilder fra andre nettsteder.",
            "**Søk.** Det du skriver i søkefeltet, brukes bare til å finne treff og lagres ikke.",
            "**Tekniske opplysninger.** For å beskytte det åpne programmeringsgrensesnittet "
            "(API-et) mot overbelastning teller serveren forespørsler per IP-adresse i ett "
            "minutt. Tellingen slettes deretter og brukes ikke til noe annet.",
            "**Dine rettigheter.** Du har rett til innsyn i, retting og sletting av "
            "opplysninger om deg, og du kan klage til Datatilsynet. Kontakt oss om personvern "
            "på adressen nedenfor.",
        ),
    },
)
