"""The site root of each locale, the site's own pages, and the municipality's identity."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.routing import RoutedPageMixin, SourceFallbackRouteMixin
from core.visibility import public
from plan_pages.blocks import RICH_TEXT_FEATURES
from plan_pages.models import PlanPage
from roles.permissions import PlanPagePermissionsMixin
from snippets.phone import format_tel_href, validate_norwegian_phone_number

from .theme import MINIMUM_CONTRAST, contrast_failures


class HomePage(PlanPagePermissionsMixin, SourceFallbackRouteMixin, Page):
    """Presents the plan: its title, goal, a call to read, and a link to each chapter."""

    call_to_read = models.CharField(
        _("oppfordring"),
        max_length=255,
        blank=True,
        help_text=_("Teksten på knappen som leder til planen, for eksempel «Les planen»."),
    )

    # The home page is a site root: it sits directly under Wagtail's root ...
    parent_page_types = ["wagtailcore.Page"]
    # ... and holds the plan and the site's own pages (accessibility, privacy).
    subpage_types = [
        "plan_pages.PlanPage",
        "home.AccessibilityStatementPage",
        "home.PrivacyPage",
    ]
    max_count_per_parent = 1
    # Routing reads a plan below the home page in one query (core.routing).
    route_child_models = (PlanPage,)

    content_panels = [*Page.content_panels, FieldPanel("call_to_read")]
    api_fields = [APIField("call_to_read")]

    class Meta:
        verbose_name = _("forside")
        verbose_name_plural = _("forsider")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        plan = public(PlanPage.objects.child_of(self).live(), request).first()
        context["plan"] = plan
        context["chapters"] = plan.public_chapters(request) if plan else []
        return context


class SitePage(PlanPagePermissionsMixin, RoutedPageMixin, Page):
    """A page about the site itself, not about the plan: one of each per home page.

    They live directly under the home page (the site root of a locale), are linked
    from every page's footer, and are translated by wagtail-localize like any page.
    """

    # Directly under a home page, one of each there ...
    parent_page_types = ["home.HomePage"]
    # ... and nothing below them.
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


class AccessibilityStatementPage(SitePage):
    """Tilgjengelighetserklæring: required of public bodies in Norway (forskrift om
    universell utforming av IKT-løsninger), with the parts the law expects."""

    intro = models.TextField(_("ingress"), blank=True)
    standard = RichTextField(
        _("standard"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Hvilken standard nettstedet følger, og hvor godt det oppfyller den."),
    )
    not_accessible = RichTextField(
        _("dette er ikke universelt utformet ennå"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Kjente mangler, og når de skal være rettet."),
    )
    feedback = RichTextField(
        _("meld fra om feil"),
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Hvordan leseren melder fra om noe som ikke fungerer. Kontaktinformasjonen "
            "fra «Kommunens identitet» vises under teksten."
        ),
    )
    complaint_url = models.URLField(
        _("klage til Uu-tilsynet"),
        default="https://www.uutilsynet.no/",
        help_text=_("Der leseren kan klage til Tilsynet for universell utforming av ikt."),
    )
    updated_on = models.DateField(_("sist vurdert"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("standard"),
        FieldPanel("not_accessible"),
        FieldPanel("feedback"),
        FieldPanel("complaint_url"),
        FieldPanel("updated_on"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("standard"),
        APIField("not_accessible"),
        APIField("feedback"),
        APIField("complaint_url"),
        APIField("updated_on"),
    ]
    template = "home/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("tilgjengelighetserklæring")
        verbose_name_plural = _("tilgjengelighetserklæringer")


class PrivacyPage(SitePage):
    """Personvernerklæring: what the site records about its readers, and their rights."""

    intro = models.TextField(_("ingress"), blank=True)
    body = RichTextField(_("innhold"), features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]
    template = "home/privacy_page.html"

    class Meta:
        verbose_name = _("personvernerklæring")
        verbose_name_plural = _("personvernerklæringer")


hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Skriv fargen som #RRGGBB, for eksempel #0062BA.")
)


@register_setting(icon="site")
class SiteIdentity(ClusterableModel, BaseSiteSetting):
    """The municipality's identity on the public site, edited by the communications adviser.

    Its texts are Norwegian, written once here. On a translated page the name is
    the translated home page's title (wagtail-localize translates it with the
    plan), links to pages go to the page in the reader's language when it is
    published, and what stays Norwegian (an address, a link's own label) is
    marked lang="nb" (home.identity).
    """

    municipality_name = models.CharField(
        _("kommunens navn"),
        max_length=100,
        help_text=_("Vises i toppen, i bunnen og i fanetittelen."),
    )
    logo = models.ForeignKey(
        "images.PlanImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vises foran navnet i toppen (pynt: navnet er lenketeksten)."),
    )
    favicon = models.ForeignKey(
        "images.PlanImage",
        verbose_name=_("favikon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Det lille bildet i nettleserfanen; helst kvadratisk."),
    )
    contact_heading = models.CharField(
        _("overskrift for kontakt"),
        max_length=100,
        blank=True,
        help_text=_("For eksempel hvem som svarer på spørsmål om planen."),
    )
    contact_address = models.TextField(_("adresse"), blank=True)
    contact_phone = models.CharField(
        _("telefon"), max_length=30, blank=True, validators=[validate_norwegian_phone_number]
    )
    contact_email = models.EmailField(_("e-post"), blank=True)
    theme_colour = models.CharField(
        _("temafarge"),
        max_length=7,
        blank=True,
        validators=[hex_colour],
        help_text=_(
            "Farge på knapper og lenker, som #RRGGBB. Tom: Designsystemets blå. Fargen må ha "
            "kontrast minst 4,5:1 mot hvit bakgrunn og mot bunnfeltets grå (WCAG AA)."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("municipality_name"), FieldPanel("logo"), FieldPanel("favicon")],
            heading=_("Navn og logo"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_heading"),
                FieldPanel("contact_address"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
            ],
            heading=_("Kontakt i bunnfeltet"),
        ),
        InlinePanel("footer_links", heading=_("Lenker i bunnfeltet"), label=_("lenke")),
        FieldPanel("theme_colour"),
    ]

    class Meta:
        verbose_name = _("kommunens identitet")

    @property
    def contact_phone_href(self) -> str:
        return format_tel_href(self.contact_phone) if self.contact_phone else ""

    def clean(self):
        super().clean()
        if self.theme_colour and not hex_colour.regex.match(self.theme_colour):
            return  # the field's own validator reports it
        if self.theme_colour:
            failures = contrast_failures(self.theme_colour)
            if failures:
                raise ValidationError(
                    {
                        "theme_colour": _(
                            "Fargen har for lav kontrast (%(found)s:1 mot %(against)s; WCAG AA "
                            "krever minst %(minimum)s:1). Velg en mørkere farge."
                        )
                        % {
                            "found": f"{failures[0][1]:.2f}".replace(".", ","),
                            "against": failures[0][0],
                            "minimum": f"{MINIMUM_CONTRAST}".replace(".", ","),
                        }
                    }
                )


class FooterLink(Orderable):
    """A link in the footer: to a page (shown in the reader's language) or an address."""

    identity = ParentalKey(SiteIdentity, related_name="footer_links", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("side"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(_("adresse"), blank=True)
    label = models.CharField(
        _("lenketekst"),
        max_length=100,
        blank=True,
        help_text=_("Påkrevd for en adresse; for en side er sidens tittel standard."),
    )

    panels = [FieldPanel("page"), FieldPanel("url"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("lenke i bunnfeltet")
        verbose_name_plural = _("lenker i bunnfeltet")

    def clean(self):
        super().clean()
        if bool(self.page_id) == bool(self.url):
            raise ValidationError(_("Velg enten en side eller en adresse."))
        if self.url and not self.label:
            raise ValidationError({"label": _("En lenke til en adresse trenger en lenketekst.")})
