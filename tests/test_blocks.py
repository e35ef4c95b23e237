"""Every block of a chapter: metadata, rendering, validation; phone numbers."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import strip_tags

from plan_pages.blocks import ChapterBodyBlock
from snippets.models import Contact, ContactPhoneNumber
from snippets.phone import format_tel_href, validate_norwegian_phone_number
from tests.factories import (
    ActorFactory,
    ContactFactory,
    GoalAreaFactory,
    MeasureFactory,
    PlanImageFactory,
    add_history,
    every_block,
    tagged,
)
from tests.roles import form_data
from tests.sources import seed_phone_numbers, seed_text

BODY = ChapterBodyBlock()
BLOCK_NAMES = list(BODY.child_blocks)
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"


# --- metadata ------------------------------------------------------------------


def test_chapter_body_has_the_expected_blocks():
    assert set(BLOCK_NAMES) == {
        "section",
        "subheading",
        "paragraph",
        "image",
        "definition",
        "callout",
        "bullet_list",
        "quote",
        "sign_list",
        "guide_table",
        "push_pull",
        "measures",
        "contacts",
        "sources",
        "document_history",
    }


def _own_meta(child):
    """Meta attributes declared by the project's block classes (not Wagtail's defaults)."""
    merged = {}
    for cls in reversed(type(child).__mro__):
        meta_class = vars(cls).get("_meta_class")
        declared = meta_class.__bases__[0] if meta_class and meta_class.__bases__ else object
        if declared.__module__.startswith("plan_pages"):
            merged.update(vars(declared))
    return merged


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_block_meta_is_complete(name):
    child = BODY.child_blocks[name]
    meta = _own_meta(child)
    assert meta.get("icon") and child.meta.icon != "placeholder", name
    assert child.meta.template, name
    assert child.meta.template.startswith("blocks/"), name
    assert (TEMPLATE_DIR / child.meta.template).is_file(), child.meta.template
    assert getattr(child.meta, "help_text", None) or getattr(child.meta, "description", None)
    assert "preview_value" in meta, name
    assert child.label, name


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_editors_see_a_description(name):
    """What Wagtail shows in the block picker: `description`, or a field block's own help text.

    Meta.help_text alone is not read by Wagtail for field blocks (CharBlock,
    RichTextBlock) nor for StaticBlock, so it never reaches the editor.
    """
    assert BODY.child_blocks[name].get_description(), name


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_nested_blocks_have_templates_too(name):
    child = BODY.child_blocks[name]
    for sub in getattr(child, "child_blocks", {}).values():
        inner = getattr(sub, "child_block", None)
        template = getattr(getattr(inner, "meta", None), "template", None)
        if template:
            assert (TEMPLATE_DIR / template).is_file(), template


# --- rendering ------------------------------------------------------------------


@pytest.fixture
def context(history_chapter, rf):
    page = history_chapter
    request = rf.get(page.url)
    return {"page": page, "request": request, "self": page}


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_preview_value_renders(name, context):
    child = BODY.child_blocks[name]
    html = child.render(child.get_preview_value(), context)
    if name == "image":
        assert html.strip() == ""  # no image chosen in the preview: nothing to show
        return
    preview = child.meta.preview_value
    for text in _texts(preview):
        assert text in html, (name, text)


def _texts(value):
    """Plain texts in a preview value that a template must show as they are."""
    if isinstance(value, str):
        if value.startswith("<") or value.startswith("http") or "-" in value.split(" ")[0]:
            return []
        return [value] if value else []
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in {"anchor", "url"} for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


TAG = 7  # the texts every_block writes for the real values end in it


@pytest.fixture
def real_values(db, plan):
    """One realistic value of each block type, with real snippets and an image."""
    image = PlanImageFactory(description="Tunnelen sett innenfra", photo_credit="Lucy K. Østmann")
    goal_area = GoalAreaFactory(title="Sikre tett oppfølging")
    MeasureFactory(goal_area=goal_area, how="Bekymringssamtaler", responsible_text="Politiet")
    contacts = [
        ContactFactory(name="Barnevernvakten", numbers=["33 31 02 03"]),
        ContactFactory(name="Alarmtelefonen", numbers=["116 111"]),
    ]
    add_history(plan, 2)
    raw = every_block(TAG, image=image, goal_area=goal_area, contacts=contacts)
    raw.append({"type": "document_history", "value": None})
    values = {}
    for item in raw:
        values[item["type"]] = BODY.child_blocks[item["type"]].to_python(item["value"])
    return values


def shown(value, key: str = "") -> list[str]:
    """What a block's template must show of a raw value: its texts (rich text without
    tags), its anchor as an id, its addresses as links."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in shown(v, k)]
    if isinstance(value, list):
        return [t for v in value for t in shown(v)]
    if not isinstance(value, str) or not value:
        return []
    if key == "anchor":
        return [f'id="{value}"']
    if key == "url":
        return [f'href="{value}"']
    return [strip_tags(value)]


# What a block shows beyond its value's own texts (`shown`): the chosen objects, markup.
EXPECTED_TEXT = {
    "section": [],
    "subheading": [],
    "paragraph": ["<b>"],
    "image": ['alt="Tunnelen sett innenfra"', "Lucy K. Østmann", "<img"],
    "definition": [],
    "callout": [],
    "bullet_list": ["<li"],
    "quote": [],
    "sign_list": [],
    "guide_table": ["<table"],
    "push_pull": [],
    "measures": ["Sikre tett oppfølging", "Bekymringssamtaler", "Politiet"],
    "contacts": [
        "Barnevernvakten",
        "33 31 02 03",
        'href="tel:+4733310203"',
        "Alarmtelefonen",
        'href="tel:116111"',
    ],
    "sources": [],
    "document_history": ["Endring 0", "Endring 1", "SLT-koordinator"],
}


def test_every_block_has_expected_text():
    assert set(EXPECTED_TEXT) == set(BLOCK_NAMES)


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_block_renders_real_value(name, real_values, context):
    child = BODY.child_blocks[name]
    html = child.render(real_values[name], context)
    written = tagged(child.meta.preview_value, TAG)  # what every_block(TAG) wrote
    # Texts are compared with what a reader sees (inline markup such as <b> removed),
    # markup (ids, links, tags) with the HTML itself.
    visible = strip_tags(html)
    for text in shown(written):
        assert text in (html if text.startswith(("id=", "href=")) else visible), (name, text, html)
    for text in EXPECTED_TEXT[name]:
        assert text in html, (name, text, html)


def test_section_anchor_defaults_to_slugified_title():
    child = BODY.child_blocks["section"]
    value = child.clean(child.to_python({"number": "2.1", "title": "Hva mener vi?", "anchor": ""}))
    assert value["anchor"] == "hva-mener-vi"
    value = child.clean(
        child.to_python({"number": "4", "title": "Hva gjør du? Ærlig på nå!", "anchor": ""})
    )
    assert value["anchor"] == "hva-gjor-du-aerlig-pa-na"


# --- validation -------------------------------------------------------------------


def _clean(name, raw):
    child = BODY.child_blocks[name]
    return child.clean(child.to_python(raw))


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_good_value_validates(name, real_values):
    child = BODY.child_blocks[name]
    child.clean(real_values[name])


# Previews of chooser blocks have nothing chosen, so they are not complete content.
PREVIEWS_WITHOUT_CHOICE = {"image", "measures", "contacts", "document_history"}


@pytest.mark.parametrize("name", [n for n in BLOCK_NAMES if n not in PREVIEWS_WITHOUT_CHOICE])
def test_preview_value_validates_where_complete(name):
    """Previews of text blocks are valid content."""
    child = BODY.child_blocks[name]
    child.clean(child.get_preview_value())


BAD_VALUES = [
    ("section", {"number": "x.1", "title": "Tittel", "anchor": ""}),
    ("section", {"number": "2.", "title": "Tittel", "anchor": ""}),
    ("section", {"number": "", "title": "Tittel", "anchor": ""}),
    ("section", {"number": "2.1", "title": "", "anchor": "anker"}),
    ("section", {"number": "2.1", "title": "Tittel", "anchor": "mitt anker"}),
    ("section", {"number": "2.1", "title": "Tittel", "anchor": "Stor-Bokstav"}),
    ("section", {"number": "2.1", "title": "Tittel", "anchor": "#anker"}),
    ("subheading", ""),
    ("paragraph", ""),
    ("image", {"image": None, "caption": "Uten bilde", "alt_text": ""}),
    ("definition", {"term": "", "explanation": "Forklaring"}),
    ("definition", {"term": "Begrep", "explanation": ""}),
    ("callout", {"label": "MÅL:", "text": ""}),
    ("callout", {"label": "", "text": "Tekst"}),
    ("bullet_list", {"items": []}),
    ("quote", {"quote": "", "attribution": "Noen"}),
    ("sign_list", {"title": "Tegn", "intro": "", "categories": []}),
    ("sign_list", {"title": "", "intro": "", "categories": [{"title": "K", "signs": ["T"]}]}),
    ("sign_list", {"title": "Tegn", "intro": "", "categories": [{"title": "K", "signs": []}]}),
    ("guide_table", {"caption": "Veileder", "steps": []}),
    ("guide_table", {"caption": "", "steps": [{"action": "", "responsible": "Du"}]}),
    ("guide_table", {"caption": "", "steps": [{"action": "<p>Gjør</p>", "responsible": ""}]}),
    ("push_pull", {"push_factors": [], "pull_factors": []}),
    ("measures", {"goal_area": None}),
    ("contacts", {"title": "Kontakter", "contacts": []}),
    ("sources", {"intro": "", "sources": []}),
    ("sources", {"intro": "", "sources": [{"title": "", "url": "https://example.com/"}]}),
    ("sources", {"intro": "", "sources": [{"title": "Kilde", "url": "ikke en lenke"}]}),
]


@pytest.mark.parametrize(
    ("name", "raw"), BAD_VALUES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(BAD_VALUES)]
)
@pytest.mark.django_db
def test_bad_value_is_refused(name, raw):
    with pytest.raises(ValidationError):
        _clean(name, raw)


def test_every_block_type_has_a_refused_value():
    assert {n for n, _ in BAD_VALUES} == set(BLOCK_NAMES) - {"document_history"}


@pytest.mark.django_db
def test_section_number_and_anchor_errors_name_their_field():
    from wagtail.blocks.struct_block import StructBlockValidationError

    with pytest.raises(StructBlockValidationError) as info:
        _clean("section", {"number": "x.1", "title": "T", "anchor": ""})
    assert "number" in info.value.block_errors
    with pytest.raises(StructBlockValidationError) as info:
        _clean("section", {"number": "2.1", "title": "T", "anchor": "med mellomrom"})
    assert "anchor" in info.value.block_errors


@pytest.mark.django_db
def test_push_pull_needs_one_list_only():
    _clean("push_pull", {"push_factors": ["Press"], "pull_factors": []})
    _clean("push_pull", {"push_factors": [], "pull_factors": ["Trekk"]})


@pytest.mark.django_db
def test_contacts_block_refuses_duplicates():
    from wagtail.blocks.struct_block import StructBlockValidationError

    a, b = ContactFactory(), ContactFactory()
    _clean("contacts", {"title": "", "contacts": [a.pk, b.pk]})
    with pytest.raises(StructBlockValidationError) as info:
        _clean("contacts", {"title": "", "contacts": [a.pk, b.pk, a.pk]})
    assert "contacts" in info.value.block_errors


def test_chapter_body_allows_one_document_history():
    value = BODY.to_python(
        [{"type": "document_history", "value": None}, {"type": "document_history", "value": None}]
    )
    with pytest.raises(ValidationError):
        BODY.clean(value)


# --- phone numbers ------------------------------------------------------------------

SEED_NUMBERS = seed_phone_numbers(seed_text())


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_seed_numbers_are_valid(number):
    validate_norwegian_phone_number(number)
    assert format_tel_href(number).startswith("tel:")


def test_the_loaded_contacts_have_the_seeds_numbers(db):
    loaded = ContactPhoneNumber.objects.filter(contact__locale__language_code="nb")
    assert sorted(loaded.values_list("number", flat=True)) == sorted(SEED_NUMBERS)


@pytest.mark.parametrize(
    "number", ["12345", "+46701234567", "abc", "", "954 42 02", "0047 1", "33 31 02 03 99"]
)
def test_bad_numbers_are_refused(number):
    with pytest.raises(ValidationError) as info:
        validate_norwegian_phone_number(number)
    assert "er ikke et gyldig norsk telefonnummer" in str(info.value)
    assert format_tel_href(number) == ""


def test_tel_hrefs():
    assert format_tel_href("954 42 020") == "tel:+4795442020"
    assert format_tel_href("116 111") == "tel:116111"


def _contact_form(admin_client, number):
    url = reverse("wagtailsnippets_snippets_contact:add")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for name in [
        "phone_numbers-TOTAL_FORMS",
        "phone_numbers-INITIAL_FORMS",
        "phone_numbers-MIN_NUM_FORMS",
        "phone_numbers-MAX_NUM_FORMS",
    ]:
        assert f'name="{name}"' in html, name
    data = form_data(html, form_index=_form_index(html))
    data.update(
        {
            "name": "Testkontakten",
            "description": "Beskrivelse",
            "category": "important",
            "sort_order": "0",
            "phone_numbers-TOTAL_FORMS": "1",
            "phone_numbers-INITIAL_FORMS": "0",
            "phone_numbers-0-number": number,
            "phone_numbers-0-label": "Sentralbord",
            "phone_numbers-0-ORDER": "1",
            "phone_numbers-0-DELETE": "",
            "phone_numbers-0-id": "",
        }
    )
    return url, data


def _form_index(html):
    """Position of the snippet's edit form (the one holding the phone-number formset)."""
    from wagtail.test.utils import WagtailTestUtils

    forms = WagtailTestUtils.get_soup(html).find_all("form")
    for i, form in enumerate(forms):
        if form.find("input", attrs={"name": "phone_numbers-TOTAL_FORMS"}):
            return i
    raise AssertionError("no form with the phone number formset")


@pytest.mark.parametrize("number", ["12345", "+46701234567", "abc"])
def test_admin_refuses_contact_with_bad_number(admin_client, number):
    contacts_before = Contact.objects.count()
    numbers_before = ContactPhoneNumber.objects.count()
    url, data = _contact_form(admin_client, number)
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, never a 500 or a redirect
    html = response.content.decode()
    assert "er ikke et gyldig norsk telefonnummer" in html
    assert Contact.objects.count() == contacts_before
    assert ContactPhoneNumber.objects.count() == numbers_before


def test_admin_creates_contact_with_good_number(admin_client):
    contacts_before = Contact.objects.count()
    url, data = _contact_form(admin_client, "954 42 020")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Contact.objects.count() == contacts_before + 1
    contact = Contact.objects.get(name="Testkontakten")
    assert [p.number for p in contact.phone_numbers.all()] == ["954 42 020"]


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_admin_block_preview_renders(admin_client, name):
    """The block picker's preview (Wagtail's block-preview view) of each block of ChapterPage.body."""
    from plan_pages.models import ChapterPage

    child = ChapterPage._meta.get_field("body").stream_block.child_blocks[name]
    url = reverse("wagtailadmin_block_preview")
    response = admin_client.get(url, {"id": child.definition_prefix})
    assert response.status_code == 200, name


def test_measures_block_reads_what_snippet_chooser_and_prefetch_read(db):
    """MeasuresBlock reads the goal areas through their live measures (two queries, not
    three): the same goal areas, live measures in order and live actors as Wagtail's
    SnippetChooserBlock and a prefetch, for a goal area without a live measure, a goal area
    chosen twice, one deleted and a block without a choice too."""
    from django.db.models import Prefetch, prefetch_related_objects
    from wagtail.snippets.blocks import SnippetChooserBlock

    from plan_pages.blocks import MeasuresBlock
    from snippets.models import Actor, GoalArea, Measure

    live_actor, draft_actor = ActorFactory(), ActorFactory()
    draft_actor.live = False
    draft_actor.save()
    busy, idle = GoalAreaFactory(), GoalAreaFactory()
    for n in (3, 1, 2):
        measure = MeasureFactory(goal_area=busy, actors=[live_actor, draft_actor])
        measure.sort_order = n
        measure.save()
    for goal_area in (busy, idle):
        draft = MeasureFactory(goal_area=goal_area)
        draft.live = False
        draft.save()
    gone = GoalAreaFactory()
    gone_pk = gone.pk
    gone.delete()
    raw = [{"goal_area": busy.pk}, {"goal_area": idle.pk}, {"goal_area": busy.pk}]
    raw += [{"goal_area": gone_pk}, {"goal_area": None}, {}]

    def described(goal_area):
        if goal_area is None:
            return None
        return (
            goal_area.pk,
            goal_area.title,
            [
                (m.pk, m.goal_area.title, [a.pk for a in m.responsible_actors.all()])
                for m in goal_area.live_measures
            ],
        )

    values = MeasuresBlock().bulk_to_python(raw)
    expected = SnippetChooserBlock(GoalArea).bulk_to_python([v.get("goal_area") for v in raw])
    prefetch_related_objects(
        [g for g in expected if g is not None],
        Prefetch(
            "measures",
            queryset=Measure.objects.live()
            .order_by("sort_order", "pk")
            .prefetch_related(Prefetch("responsible_actors", queryset=Actor.objects.live())),
            to_attr="live_measures",
        ),
    )
    assert [described(v["goal_area"]) for v in values] == [described(g) for g in expected]
    assert values[0]["goal_area"] is not values[2]["goal_area"]  # a copy, as Wagtail gives
    assert [len(v["goal_area"].live_measures) for v in values[:2]] == [3, 0]
