"""StreamField blocks of the plan's pages.

Small leaf blocks, each with its own template under templates/blocks/, are
composed into one StreamBlock per page type (`ChapterBodyBlock`). Every piece
of visible text is a plain text, rich text or list-item value, so
wagtail-localize can offer it as a translatable segment; numbers, anchors and
URLs are not offered for translation. How a block comes out in the headless API
is the API app's (api.blocks); the blocks only load what they show in bulk.
"""

import copy

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Prefetch, prefetch_related_objects
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from core.text import slugify_nb
from snippets.models import Actor, GoalArea, Measure

from .changes import changes_path, earlier_versions

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
SECTION_NUMBER_PATTERN = r"^\d+(\.\d+)*$"


class UntranslatedCharBlock(blocks.CharBlock):
    """Text that is not language (numbers, anchors): never offered to translators."""

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class UntranslatedURLBlock(blocks.URLBlock):
    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class SectionHeadingBlock(blocks.StructBlock):
    """A numbered subsection ("2.1 Hva mener vi med utenforskap?") with a stable anchor."""

    number = UntranslatedCharBlock(
        label=_("Nummer"),
        max_length=12,
        validators=[
            RegexValidator(
                SECTION_NUMBER_PATTERN, _("Skriv avsnittsnummeret som for eksempel 2.1.")
            )
        ],
        help_text=_("Avsnittsnummer, for eksempel 2.1."),
    )
    title = blocks.CharBlock(label=_("Tittel"), max_length=255)
    anchor = UntranslatedCharBlock(
        label=_("Anker"),
        max_length=100,
        required=False,
        help_text=_(
            "Brukes i lenker til avsnittet (#anker). Lages av tittelen hvis feltet står tomt; "
            "endre det ikke etter publisering, da brytes lenker."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        anchor = section_anchor(value)
        if anchor != slugify_nb(anchor):
            raise StructBlockValidationError(
                block_errors={
                    "anchor": ErrorList(
                        [_("Ankeret kan bare inneholde små bokstaver, tall og bindestrek.")]
                    )
                }
            )
        value["anchor"] = anchor
        return value

    class Meta:
        icon = "title"
        template = "blocks/section_heading.html"
        label = _("Avsnittsoverskrift")
        description = _("Nummerert underkapittel med anker, vises i innholdsfortegnelsen.")
        preview_value = {
            "number": "2.1",
            "title": "Hva mener vi med utenforskap?",
            "anchor": "hva-mener-vi-med-utenforskap",
        }


def section_headings(stream_value) -> list[dict]:
    """Number, title and anchor of each section block, for tables of contents.

    Read from the stream's raw JSON, so listing the sections of many chapters
    converts (and queries) none of their other blocks.
    """
    sections = []
    for raw in stream_value.raw_data:
        if raw.get("type") != "section":
            continue
        value = raw.get("value") or {}
        sections.append(
            {
                "number": value.get("number", ""),
                "title": value.get("title", ""),
                "anchor": section_anchor(value),
            }
        )
    return sections


def section_anchor(value) -> str:
    """A section's anchor: the one set, else made from its title (as `clean` makes it)."""
    return value.get("anchor") or slugify_nb(value.get("title", ""))


class SubheadingBlock(blocks.CharBlock):
    """An unnumbered heading inside a section ("Radikaliseringstunnelen")."""

    class Meta:
        icon = "h3"
        template = "blocks/subheading.html"
        label = _("Mellomtittel")
        description = help_text = _("Unummerert overskrift inne i et avsnitt.")
        preview_value = "Radikaliseringstunnelen"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        label = _("Tekst")
        description = help_text = _("Brødtekst med fet, kursiv, lenker og lister.")
        preview_value = (
            "<p>Forebygging starter <b>der vi bor</b>, der vi er. Ansatte i kommunen eller politiet "
            "er ofte i første linje i møte med sårbare mennesker.</p>"
        )


class ImageBlock(blocks.StructBlock):
    """An image with caption; alt text and photo credit come from the image unless overridden."""

    image = ImageChooserBlock(label=_("Bilde"))
    caption = blocks.CharBlock(label=_("Bildetekst"), required=False, max_length=255)
    alt_text = blocks.CharBlock(
        label=_("Alternativ tekst"),
        required=False,
        max_length=255,
        help_text=_("Overstyrer bildets alternative tekst her, hvis sammenhengen krever det."),
    )

    def bulk_to_python(self, values):
        values = super().bulk_to_python(values)
        prefetch_related_objects([v["image"] for v in values if v["image"]], "renditions")
        return values

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Bilde")
        help_text = _(
            "Bilde med bildetekst. Alternativ tekst og fotokreditering hentes fra bildet."
        )
        preview_value = {"caption": "Radikaliseringsprosessen kan sammenlignes med en tunnel"}


class DefinitionBlock(blocks.StructBlock):
    """A term and what it means ("Radikalisering": "Prosess der …")."""

    term = blocks.CharBlock(label=_("Begrep"), max_length=255)
    explanation = blocks.TextBlock(label=_("Forklaring"))

    class Meta:
        icon = "help"
        template = "blocks/definition.html"
        label = _("Definisjon")
        help_text = _("Et begrep og forklaringen av det.")
        preview_value = {
            "term": "Voldelig ekstremisme",
            "explanation": "Aktiviteten til personer og grupperinger som er villig til å bruke "
            "vold for å nå sine politiske, ideologiske eller religiøse mål.",
        }


class CalloutBlock(blocks.StructBlock):
    """A highlighted goal or notice ("MÅL: Å fange opp personer …")."""

    label = blocks.CharBlock(
        label=_("Merkelapp"), max_length=100, help_text=_("For eksempel «MÅL:».")
    )
    text = blocks.TextBlock(label=_("Tekst"))

    class Meta:
        icon = "pick"
        template = "blocks/callout.html"
        label = _("Mål / uthevet tekst")
        help_text = _("Fremhevet boks, for eksempel planens mål.")
        preview_value = {
            "label": "MÅL:",
            "text": "Å fange opp personer i risikozonen så tidlig som mulig, "
            "og møte dem med tiltak som virker.",
        }


class BulletListBlock(blocks.StructBlock):
    items = blocks.ListBlock(blocks.CharBlock(label=_("Punkt")), label=_("Punkter"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/bullet_list.html"
        label = _("Punktliste")
        help_text = _("En punktliste; hvert punkt oversettes for seg.")
        preview_value = {
            "items": ["et ensidig verdensbilde", "en oppfatning av å eie den objektive sannheten"]
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Sitat"))
    attribution = blocks.CharBlock(label=_("Kilde"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Sitat")
        help_text = _("Et uthevet sitat, eventuelt med kilde.")
        preview_value = {
            "quote": "Veien mot voldelig ekstremisme kan ofte starte som en søken etter et "
            "miljø å høre hjemme i.",
            "attribution": "",
        }


class SignCategoryBlock(blocks.StructBlock):
    """One category of warning signs ("Venner og sosialt nettverk") and its signs."""

    title = blocks.CharBlock(label=_("Kategori"), max_length=255)
    signs = blocks.ListBlock(blocks.CharBlock(label=_("Tegn")), label=_("Tegn"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/sign_category.html"
        label = _("Kategori av bekymringstegn")
        help_text = _("En kategori med sine bekymringstegn.")
        preview_value = {
            "title": "Venner og sosialt nettverk",
            "signs": ["Endrer nettverk og omgangskrets"],
        }


class SignListBlock(blocks.StructBlock):
    """Warning signs and signals in categories ("Bekymringstegn og signaler")."""

    title = blocks.CharBlock(label=_("Tittel"), max_length=255)
    intro = blocks.TextBlock(label=_("Innledning"), required=False)
    categories = blocks.ListBlock(SignCategoryBlock(), label=_("Kategorier"), min_num=1)

    class Meta:
        icon = "warning"
        template = "blocks/sign_list.html"
        label = _("Bekymringstegn")
        help_text = _("Bekymringstegn og signaler, ordnet i kategorier.")
        preview_value = {
            "title": "Bekymringstegn og signaler",
            "intro": "Det er når flere bekymringstegn opptrer samtidig at du bør gjøre noe.",
            "categories": [
                {"title": "Aktiviteter", "signs": ["Hatkriminalitet", "Legitimerer vold"]},
            ],
        }


class GuideStepBlock(blocks.StructBlock):
    """One step of the action guide; its number is its position in the guide."""

    action = blocks.RichTextBlock(label=_("Handling"), features=RICH_TEXT_FEATURES)
    responsible = blocks.TextBlock(label=_("Ansvarlig"))

    class Meta:
        icon = "list-ol"
        template = "blocks/guide_step.html"
        label = _("Trinn")
        help_text = _("Hva som skal gjøres, og hvem som har ansvaret.")
        preview_value = {
            "action": "<p>Avklar bekymringen. Kartlegg mulige bekymringstegn.</p>",
            "responsible": "Du, og eventuelt din leder.",
        }


class GuideTableBlock(blocks.StructBlock):
    """The action guide ("Handlingsveileder"): numbered steps with who is responsible."""

    caption = blocks.CharBlock(
        label=_("Tabelltittel"),
        required=False,
        max_length=255,
        help_text=_("Leses opp av skjermlesere som tabellens tittel."),
    )
    steps = blocks.ListBlock(GuideStepBlock(), label=_("Trinn"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/guide_table.html"
        label = _("Handlingsveileder")
        help_text = _("Trinnvis veileder; trinnene nummereres i rekkefølgen de står i.")
        preview_value = {
            "caption": "Hva gjør jeg ved bekymring?",
            "steps": [
                {
                    "action": "<p>Avklar bekymringen.</p>",
                    "responsible": "Du, og eventuelt din leder.",
                },
                {"action": "<p>Melding til politiet.</p>", "responsible": "Du. Virksomheten."},
            ],
        }


class PushPullBlock(blocks.StructBlock):
    """Push factors and pull factors: two independent lists side by side."""

    push_factors = blocks.ListBlock(
        blocks.CharBlock(label=_("Pressfaktor")), label=_("Pressfaktorer"), default=[]
    )
    pull_factors = blocks.ListBlock(
        blocks.CharBlock(label=_("Motivasjonsfaktor")), label=_("Motivasjonsfaktorer"), default=[]
    )

    def clean(self, value):
        value = super().clean(value)
        if not value["push_factors"] and not value["pull_factors"]:
            raise StructBlockValidationError(
                block_errors={
                    "push_factors": ErrorList(
                        [_("Legg inn minst én pressfaktor eller motivasjonsfaktor.")]
                    )
                }
            )
        return value

    class Meta:
        icon = "arrow-right-full"
        template = "blocks/push_pull.html"
        label = _("Press- og motivasjonsfaktorer")
        help_text = _("To uavhengige lister: pressfaktorer og motivasjonsfaktorer.")
        preview_value = {
            "push_factors": ["Tar avstand fra vold", "Følelse av å bli krenket"],
            "pull_factors": ["Bekreftelse", "Får seg jobb", "Stifter familie"],
        }


class MeasuresBlock(blocks.StructBlock):
    """A goal area with its live measures, in order, as a table "Hvordan | Ansvar"."""

    goal_area = SnippetChooserBlock("snippets.GoalArea", label=_("Innsatsområde"))

    def bulk_to_python(self, values):
        """The chosen goal areas, each with its live measures (`live_measures`) and their
        live actors: what SnippetChooserBlock and a prefetch would read in three queries,
        in two. The measures bring the goal areas they belong to; only goal areas without
        a live measure are read apart."""
        ids = [v["goal_area"] for v in values if v.get("goal_area") is not None]
        measures = (
            Measure.objects.live()
            .filter(goal_area_id__in=ids)
            .select_related("goal_area")
            .order_by("sort_order", "pk")
            .prefetch_related(Prefetch("responsible_actors", queryset=Actor.objects.live()))
        )
        goal_areas = {}
        for measure in measures:
            goal_area = goal_areas.get(measure.goal_area_id)
            if goal_area is None:
                goal_area = goal_areas[measure.goal_area_id] = measure.goal_area
                goal_area.live_measures = []
            goal_area.live_measures.append(measure)
            measure.goal_area = goal_area
        missing = [pk for pk in set(ids) if pk not in goal_areas]
        if missing:
            for goal_area in GoalArea.objects.in_bulk(missing).values():
                goal_area.live_measures = []
                goal_areas[goal_area.pk] = goal_area
        # The other fields as StructBlock converts them; the goal area as
        # SnippetChooserBlock.bulk_to_python gives it (None if gone, a copy when repeated).
        result = super().bulk_to_python(
            [{k: v for k, v in value.items() if k != "goal_area"} for value in values]
        )
        seen = set()
        for value, struct in zip(values, result, strict=True):
            if "goal_area" not in value:
                continue
            pk = value["goal_area"]
            goal_area = goal_areas.get(pk)
            if goal_area is not None and pk in seen:
                goal_area = copy.copy(goal_area)
            seen.add(pk)
            struct["goal_area"] = goal_area
        return result

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        goal_area = value.get("goal_area")
        visible = goal_area is not None and goal_area.live
        context["measures"] = live_measures(goal_area) if visible else []
        return context

    class Meta:
        icon = "tasks"
        template = "blocks/measures.html"
        label = _("Tiltak")
        help_text = _(
            "Viser tiltakene i et innsatsområde, i rekkefølge. Rediger tiltakene under Handlingsplan → Tiltak."
        )
        preview_value = {}


def live_measures(goal_area):
    """The goal area's live measures, prefetched by MeasuresBlock when it can."""
    if hasattr(goal_area, "live_measures"):
        return goal_area.live_measures
    return list(goal_area.measures.live().order_by("sort_order", "pk"))


class ContactsBlock(blocks.StructBlock):
    """Chosen contacts, in the order chosen, with their phone numbers as `tel:` links."""

    title = blocks.CharBlock(label=_("Tittel"), required=False, max_length=255)
    contacts = blocks.ListBlock(
        SnippetChooserBlock("snippets.Contact", label=_("Kontakt")), label=_("Kontakter"), min_num=1
    )

    def bulk_to_python(self, values):
        values = super().bulk_to_python(values)
        contacts = [c for v in values for c in (v.get("contacts") or []) if c is not None]
        prefetch_related_objects(contacts, "phone_numbers")
        return values

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["live_contacts"] = [
            c for c in (value.get("contacts") or []) if c is not None and c.live
        ]
        return context

    def clean(self, value):
        value = super().clean(value)
        ids = [c.pk for c in (value.get("contacts") or []) if c is not None]
        if len(ids) != len(set(ids)):
            raise StructBlockValidationError(
                block_errors={"contacts": ErrorList([_("Samme kontakt er valgt flere ganger.")])}
            )
        return value

    class Meta:
        icon = "mail"
        template = "blocks/contacts.html"
        label = _("Kontakter")
        help_text = _("Velg kontakter fra Handlingsplan → Kontakter; de vises i valgt rekkefølge.")
        preview_value = {"title": "Viktige telefonnummer"}


class SourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tittel"), max_length=255)
    url = UntranslatedURLBlock(
        label=_("Lenke"),
        required=False,
        help_text=_("Adressen kilden ligger på. Uten lenke vises bare tittelen."),
    )

    class Meta:
        icon = "link"
        template = "blocks/source_link.html"
        label = _("Kilde")
        help_text = _("En kilde med tittel og lenke.")
        preview_value = {"title": "Nasjonal veileder", "url": "https://www.radikalisering.no/"}


class SourcesBlock(blocks.StructBlock):
    intro = blocks.CharBlock(
        label=_("Innledning"),
        required=False,
        max_length=255,
        help_text=_("For eksempel «Andre kommuner har løst dette slik:»."),
    )
    sources = blocks.ListBlock(SourceLinkBlock(), label=_("Kilder"), min_num=1)

    class Meta:
        icon = "link"
        template = "blocks/sources.html"
        label = _("Kildeliste")
        help_text = _("En liste med kilder (tittel og lenke).")
        preview_value = {
            "intro": "Andre kommuner har løst dette slik:",
            "sources": [{"title": "Drammen kommune", "url": "https://www.drammen.kommune.no/"}],
        }


class DocumentHistoryBlock(blocks.StaticBlock):
    """The plan's document history, newest first, from its HistoryEntry rows."""

    @staticmethod
    def entries(context):
        page = (context or {}).get("page")
        return getattr(page, "plan_history", [])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        entries = self.entries(parent_context)
        # A row that gave a version links to that version's kept copy, in this language.
        page = (parent_context or {}).get("page")
        urls = getattr(page, "archived_version_urls", {})
        for entry in entries:
            entry.archive_url = urls.get(entry.version) if entry.sets_version else None
            # And to what changed since the version kept before it (plan_pages.changes).
            entry.changes_url = (
                changes_path(entry.archive_url)
                if entry.archive_url and earlier_versions(urls, entry.version)
                else None
            )
        context["entries"] = entries
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        # Editors get links to the recorded revisions; the public never does.
        context["show_admin_links"] = bool(user and user.has_perm("wagtailadmin.access_admin"))
        return context

    class Meta:
        icon = "history"
        template = "blocks/document_history.html"
        label = _("Dokumenthistorikk")
        admin_text = _(
            "Viser planens dokumenthistorikk, nyeste først. Radene skrives ikke inn her."
        )
        description = help_text = _("Planens historikk hentes automatisk.")
        preview_value = None


class ChapterBodyBlock(blocks.StreamBlock):
    """Everything a chapter of the plan can contain."""

    section = SectionHeadingBlock()
    subheading = SubheadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    definition = DefinitionBlock()
    callout = CalloutBlock()
    bullet_list = BulletListBlock()
    quote = QuoteBlock()
    sign_list = SignListBlock()
    guide_table = GuideTableBlock()
    push_pull = PushPullBlock()
    measures = MeasuresBlock()
    contacts = ContactsBlock()
    sources = SourcesBlock()
    document_history = DocumentHistoryBlock()

    class Meta:
        block_counts = {"document_history": {"max_num": 1}}


def validate_unique_anchors(stream_value) -> None:
    """Two sections of one chapter may not share an anchor."""
    anchors = [b.value["anchor"] for b in stream_value if b.block_type == "section"]
    duplicates = sorted({a for a in anchors if anchors.count(a) > 1})
    if duplicates:
        raise ValidationError(
            _("Flere avsnitt har samme anker: %(anchors)s"),
            params={"anchors": ", ".join(duplicates)},
        )
