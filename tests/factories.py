"""Builders for tests and benchmarks: pages, snippets, images and chapter bodies.

Bodies are built as the raw JSON a StreamField stores ({"type", "value"}
dicts with primary keys for choosers), so they go through the same
`bulk_to_python` path as content loaded from the database.
"""

import datetime
import itertools
import uuid

import factory
import wagtail_factories
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from images.models import PlanImage
from plan_pages.blocks import ChapterBodyBlock
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage
from snippets.models import Actor, Contact, ContactPhoneNumber, GoalArea, Measure

_counter = itertools.count(1)


def unique_word(prefix: str = "ord") -> str:
    """A word that appears nowhere else (letters only, so search tokenises it whole)."""
    letters = uuid.uuid4().hex.translate(str.maketrans("0123456789", "ghijklmnop"))
    return f"{prefix}{letters[:12]}"


# --- pages -----------------------------------------------------------------


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Forside"
    call_to_read = "Les planen"

    class Meta:
        model = HomePage


class PlanPageFactory(wagtail_factories.PageFactory):
    title = "Plan mot utenforskap"
    municipality = "Holmestrand kommune"
    period = "2021 – 2022"
    version = "1.3"
    goal = "Å fange opp personer i risikozonen så tidlig som mulig."

    class Meta:
        model = PlanPage


class ChapterPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Testkapittel {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    number = factory.Sequence(lambda n: 100 + n)
    intro = "Ingress til kapitlet."

    class Meta:
        model = ChapterPage


def ensure_home_and_plan():
    """The nb home page (site root) and its plan, creating them if the DB has none."""
    locale = Locale.objects.get(language_code="nb")
    plan = PlanPage.objects.filter(locale=locale).first()
    if plan is not None:
        return plan.get_parent().specific, plan
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug=f"forside-{next(_counter)}", locale=locale)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    plan = PlanPageFactory(parent=home, slug="handlingsplan", locale=locale)
    return home, plan


def add_chapter(plan, *, body=None, live=True, **kwargs) -> ChapterPage:
    """A chapter appended under `plan`; `live=False` makes a never-published draft."""
    n = next(_counter)
    kwargs.setdefault("title", f"Testkapittel {n} {unique_word('tittel')}")
    kwargs.setdefault("slug", f"testkapittel-{n}")
    kwargs.setdefault("number", 100 + n)
    chapter = ChapterPage(body=body or [], live=live, **kwargs)
    plan.add_child(instance=chapter)
    if live:
        chapter.save_revision().publish()
    else:
        chapter.save_revision()
    return chapter


# --- snippets and images ---------------------------------------------------


class ActorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Aktør {n}")

    class Meta:
        model = Actor


class GoalAreaFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Innsatsområde {n}")

    class Meta:
        model = GoalArea


class MeasureFactory(factory.django.DjangoModelFactory):
    goal_area = factory.SubFactory(GoalAreaFactory)
    how = factory.Sequence(lambda n: f"Tiltak nummer {n}")
    responsible_text = ""

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    @factory.post_generation
    def actors(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible_actors.set(extracted)
            self.save()  # ParentalManyToManyField: written on save


class ContactFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    description = "Hjelp hele døgnet."
    email = "post@holmestrand.kommune.no"

    class Meta:
        model = Contact
        skip_postgeneration_save = True

    @factory.post_generation
    def numbers(self, create, extracted, **kwargs):
        if not create:
            return
        for number in extracted if extracted is not None else ["954 42 020"]:
            ContactPhoneNumber.objects.create(contact=self, number=number)


class PlanImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Bilde {n}")
    description = factory.Sequence(lambda n: f"Alternativ tekst {n}")
    photo_credit = "Lucy K. Østmann"
    file = factory.django.ImageField(width=64, height=48, color="blue")

    class Meta:
        model = PlanImage


def add_history(plan, n: int = 2):
    return [
        HistoryEntry.objects.create(
            plan=plan,
            date=datetime.date(2022, 2, 1 + i),
            version=f"1.{i}",
            change=f"Endring {i}",
            responsible="SLT-koordinator",
        )
        for i in range(n)
    ]


# --- chapter bodies ----------------------------------------------------------


def block(block_type: str, value=None) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


UNTAGGED = {"number", "url"}  # values a tag would make invalid


def tagged(value, i: int, key: str = ""):
    """A preview value with `i` added to each text, so copies of a block differ."""
    if isinstance(value, dict):
        return {k: tagged(v, i, k) for k, v in value.items()}
    if isinstance(value, list):
        return [tagged(v, i) for v in value]
    if not isinstance(value, str) or not value or key in UNTAGGED:
        return value
    if key == "anchor":
        return f"{value}-{i}"
    if value.endswith("</p>"):  # rich text
        return f"{value.removesuffix('</p>')} {i}</p>"
    return f"{value} {i}"


def every_block(i: int = 0, *, image=None, goal_area=None, contacts=()) -> list[dict]:
    """One raw block of each type in ChapterBodyBlock but the document history, built
    from the block's own preview value with its texts tagged `i`. The chooser blocks
    (image, measures, contacts) choose the objects given, and are left out without them."""
    chosen = {
        "image": image and {"image": image.pk},
        "measures": goal_area and {"goal_area": goal_area.pk},
        "contacts": contacts and {"contacts": [c.pk for c in contacts]},
    }
    blocks = []
    for name, child in ChapterBodyBlock().child_blocks.items():
        if name == "document_history" or (name in chosen and not chosen[name]):
            continue
        value = tagged(child.meta.preview_value, i)
        blocks.append(block(name, {**value, **chosen[name]} if name in chosen else value))
    return blocks


def big_body(n: int, *, with_history: bool = True):
    """A body with every block type `n` times, each chooser block with its own objects."""
    body = []
    for i in range(n):
        goal_area = GoalAreaFactory()
        actors = [ActorFactory(), ActorFactory()]
        MeasureFactory(goal_area=goal_area, actors=actors)
        MeasureFactory(goal_area=goal_area, actors=actors[:1])
        MeasureFactory(goal_area=goal_area, responsible_text="SLT")
        contacts = [ContactFactory(), ContactFactory(numbers=["02800", "116 111"])]
        body += every_block(i, image=PlanImageFactory(), goal_area=goal_area, contacts=contacts)
    if with_history:
        body.append(block("document_history"))
    return body


CHOOSER_BLOCKS = ("image", "measures", "contacts")


def sized_body(n: int) -> list[dict]:
    """Exactly `n` blocks (n ≥ 5): every block type in turn, the document history last.

    The chooser blocks (the ones that query) come first in each round, so even a
    small body has one of each and query counts compare like with like.
    """
    body: list[dict] = []
    i = 0
    while len(body) < n - 1:
        blocks = _more_blocks(i)
        body += sorted(blocks, key=lambda b: b["type"] not in CHOOSER_BLOCKS)
        i += 1
    return [*body[: n - 1], block("document_history")]


def _more_blocks(i: int) -> list[dict]:
    goal_area = GoalAreaFactory()
    MeasureFactory(goal_area=goal_area, actors=[ActorFactory()])
    MeasureFactory(goal_area=goal_area, responsible_text="SLT")
    contacts = [ContactFactory(), ContactFactory(numbers=["02800", "116 111"])]
    return every_block(i, image=PlanImageFactory(), goal_area=goal_area, contacts=contacts)
