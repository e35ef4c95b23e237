"""Snippets of the plan: contacts, responsible actors, goal areas and measures.

Every snippet is translatable (wagtail-localize), has drafts and revisions,
and only its live version is ever shown to the public.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.preview import HeadlessPreviewMixin

from .forms import PlanSnippetForm
from .phone import format_tel_href, validate_norwegian_phone_number


class LiveQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)


class PlanSnippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    ClusterableModel,
):
    """Common base: translatable, draftable, revisioned, orderable by `sort_order`.

    Its edit form asks for a change note (each model's panels show it): a
    published change is a row of the plan's Dokumenthistorikk, which quotes it.
    """

    sort_order = models.PositiveIntegerField(
        _("rekkefølge"), default=0, help_text=_("Lavere tall vises først.")
    )

    objects = LiveQuerySet.as_manager()
    base_form_class = PlanSnippetForm

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "pk"]


class Actor(HeadlessPreviewMixin, PreviewableMixin, PlanSnippet):
    """A body that carries responsibility in the plan (SLT, Politiet, NAV, …).

    Previewable so that editors can get a headless API preview token for a draft
    (HeadlessPreviewMixin), through Wagtail's own preview and its permission checks.
    """

    name = models.CharField(_("navn"), max_length=255)
    description = models.TextField(_("beskrivelse"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("change_note"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(PlanSnippet.Meta):
        verbose_name = _("aktør")
        verbose_name_plural = _("aktører")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.name

    def get_preview_template(self, request, mode_name):
        return "snippets/actor_preview.html"

    def get_preview_context(self, request, mode_name):
        # The live measures, as the plan's pages show them (none for a new actor).
        measures = []
        if self.pk is not None:
            measures = (
                self.measures.filter(live=True, goal_area__live=True)
                .select_related("goal_area")
                .order_by("goal_area__sort_order", "sort_order", "pk")
            )
        return {**super().get_preview_context(request, mode_name), "measures": measures}


class GoalArea(HeadlessPreviewMixin, PreviewableMixin, PlanSnippet):
    """A goal area of the plan's measures ("Sikre samordning, koordinering og samarbeid").

    Previewable, like Actor, for the headless API preview token.
    """

    title = models.CharField(_("tittel"), max_length=255)

    panels = [FieldPanel("title"), FieldPanel("sort_order"), FieldPanel("change_note")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(PlanSnippet.Meta):
        verbose_name = _("innsatsområde")
        verbose_name_plural = _("innsatsområder")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "snippets/goal_area_preview.html"

    def get_preview_context(self, request, mode_name):
        # The live measures under the (draft) title, as the plan's pages show them.
        measures = []
        if self.pk is not None:
            measures = self.measures.filter(live=True).order_by("sort_order", "pk")
        return {**super().get_preview_context(request, mode_name), "measures": measures}


class Measure(HeadlessPreviewMixin, PreviewableMixin, PlanSnippet):
    """One measure ("Hvordan") of a goal area, with who is responsible ("Ansvar")."""

    goal_area = models.ForeignKey(
        GoalArea,
        verbose_name=_("innsatsområde"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    how = models.TextField(_("hvordan"), help_text=_("Tiltaket slik det står i planen."))
    responsible_actors = ParentalManyToManyField(
        Actor,
        verbose_name=_("ansvarlige aktører"),
        blank=True,
        related_name="measures",
        help_text=_("Aktørene som har ansvar, for filtrering og oversikter."),
    )
    responsible_text = models.CharField(
        _("ansvar (slik det står i planen)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Ordlyden i kolonnen «Ansvar». Står feltet tomt, vises navnene på de ansvarlige aktørene."
        ),
    )

    panels = [
        FieldPanel("goal_area"),
        FieldPanel("how"),
        FieldPanel("responsible_text"),
        FieldPanel("responsible_actors"),
        FieldPanel("sort_order"),
        FieldPanel("change_note"),
    ]
    search_fields = [index.SearchField("how"), index.AutocompleteField("how")]

    class Meta(PlanSnippet.Meta):
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.how

    def get_preview_template(self, request, mode_name):
        # Reviewers see a measure in review through Wagtail's workflow preview.
        return "snippets/measure_preview.html"

    def get_preview_context(self, request, mode_name):
        return {**super().get_preview_context(request, mode_name), "measures": [self]}

    @property
    def responsible_display(self) -> str:
        if self.responsible_text:
            return self.responsible_text
        return ", ".join(actor.name for actor in self.responsible_actors.all())


class Contact(HeadlessPreviewMixin, PreviewableMixin, PlanSnippet):
    """Somebody to call or write to, with one or more phone numbers."""

    class Category(models.TextChoices):
        IMPORTANT_NUMBERS = "important", _("Viktige telefonnummer")
        MUNICIPAL_SERVICE = "municipal", _("Kommunale tjenester")
        OTHER = "other", _("Andre hjelpetiltak")

    name = models.CharField(_("navn"), max_length=255)
    description = models.TextField(_("beskrivelse"), blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    web_address = models.URLField(_("nettadresse"), blank=True)
    warning = models.CharField(
        _("advarsel"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «Ikke send personsensitiv informasjon på epost.»"),
    )
    category = models.CharField(
        _("kategori"),
        max_length=20,
        choices=Category.choices,
        default=Category.IMPORTANT_NUMBERS,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("phone_numbers", label=_("Telefonnummer"), min_num=0),
        FieldPanel("email"),
        FieldPanel("web_address"),
        FieldPanel("warning"),
        FieldPanel("category"),
        FieldPanel("sort_order"),
        FieldPanel("change_note"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("category"),
    ]

    class Meta(PlanSnippet.Meta):
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.name

    def get_preview_template(self, request, mode_name):
        return "snippets/contact_preview.html"


class ContactPhoneNumber(Orderable):
    """One phone number of a contact. Numbers are not translated."""

    contact = ParentalKey(Contact, on_delete=models.CASCADE, related_name="phone_numbers")
    number = models.CharField(
        _("telefonnummer"),
        max_length=32,
        validators=[validate_norwegian_phone_number],
        help_text=_(
            "Et norsk nummer slik det skal vises, for eksempel «954 42 020» eller «116 111»."
        ),
    )
    label = models.CharField(
        _("merkelapp"),
        max_length=100,
        blank=True,
        help_text=_("Valgfritt, for eksempel «Sentralbord»."),
    )

    panels = [FieldPanel("number"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("telefonnummer")
        verbose_name_plural = _("telefonnummer")

    def __str__(self):
        return self.number

    @property
    def tel_href(self) -> str:
        return format_tel_href(self.number)

    def get_api_representation(self) -> dict:
        """As the API gives it, in the contacts endpoint and in a contacts block alike."""
        return {"number": self.number, "label": self.label, "href": self.tel_href}
