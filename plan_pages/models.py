"""Page types of the plan, and its document history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from core.preview import HeadlessPreviewMixin
from core.queries import only_row
from core.routing import RoutedPageMixin, SourceFallbackRouteMixin
from core.visibility import public, view_restrictions
from roles.permissions import PlanPagePermissionsMixin

from .blocks import (
    RICH_TEXT_FEATURES,
    ChapterBodyBlock,
    section_headings,
    validate_unique_anchors,
)
from .changes import serve_changes
from .forms import PlanContentPageForm
from .search import chapter_text
from .versioning import validate_version
from .versions import feed_path, serve_pdf, serve_version, version_path, version_route


class LeadImageMixin(models.Model):
    """A page's lead image, with what is said about it here (translatable)."""

    lead_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("hovedbilde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt_text = models.CharField(
        _("alternativ tekst her"),
        max_length=255,
        blank=True,
        help_text=_("Overstyrer bildets alternative tekst på denne siden (og i oversettelser)."),
    )
    lead_image_caption = models.CharField(_("bildetekst"), max_length=255, blank=True)

    lead_image_panel = MultiFieldPanel(
        [
            FieldPanel("lead_image"),
            FieldPanel("lead_image_alt_text"),
            FieldPanel("lead_image_caption"),
        ],
        heading=_("Hovedbilde"),
    )
    # The API gives the image, a rendition the size the site shows it (its `alt` is
    # the image's own, Norwegian, alt text), the alt text and caption written for this
    # page and language (use them first), and the photo credit.
    lead_image_api_fields = [
        APIField("lead_image"),
        APIField(
            "lead_image_rendition",
            serializer=ImageRenditionField("width-960", source="lead_image"),
        ),
        APIField("lead_image_alt_text"),
        APIField("lead_image_caption"),
        APIField("lead_image_credit"),
    ]

    class Meta:
        abstract = True

    # Routing (core.routing) reads the lead image with the page: it is always shown.
    route_select_related = ("locale", "lead_image")

    @property
    def lead_image_credit(self) -> str:
        """API-only: the lead image's photo credit ("" without an image)."""
        return self.lead_image.photo_credit if self.lead_image else ""


class PlanPage(  # noqa: DJ008 - Page defines __str__
    PlanPagePermissionsMixin, HeadlessPreviewMixin, LeadImageMixin, SourceFallbackRouteMixin, Page
):
    """The action plan itself: its front matter. Its children are its chapters.

    Previews: the page as the site shows it, and (HeadlessPreviewMixin) a preview
    token for the headless API.
    """

    document_type = models.CharField(
        _("dokumenttype"), max_length=100, blank=True, help_text=_("For eksempel «Handlingsplan».")
    )
    subtitle = models.CharField(_("undertittel"), max_length=255, blank=True)
    municipality = models.CharField(_("kommune"), max_length=100)
    period = models.CharField(
        _("planperiode"), max_length=50, help_text=_("For eksempel «2021 – 2022».")
    )
    version = models.CharField(
        _("versjon"),
        max_length=20,
        validators=[validate_version],
        help_text=_(
            "Gjeldende versjon, hovednummer.undernummer (for eksempel 1.3). "
            "Settes av planbehandlingen og ved redaksjonell publisering."
        ),
    )
    version_date = models.DateField(_("versjonsdato"), null=True, blank=True)
    goal = models.TextField(_("mål"), help_text=_("Planens mål, slik det står under «MÅL»."))
    intro = RichTextField(_("innledning"), features=RICH_TEXT_FEATURES, blank=True)

    # A plan lives directly under a home page (one site root per locale) ...
    parent_page_types = ["home.HomePage"]
    # ... and contains only its chapters.
    subpage_types = ["plan_pages.ChapterPage"]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("document_type"),
                FieldPanel("subtitle"),
                FieldPanel("municipality"),
                FieldPanel("period"),
                FieldPanel("version", read_only=True),
                FieldPanel("version_date", read_only=True),
            ],
            heading=_("Om planen"),
        ),
        FieldPanel("goal"),
        FieldPanel("intro"),
        LeadImageMixin.lead_image_panel,
        FieldPanel("change_note"),
    ]
    base_form_class = PlanContentPageForm
    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("goal"),
        index.SearchField("intro"),
    ]
    api_fields = [
        APIField("document_type"),
        APIField("subtitle"),
        APIField("municipality"),
        APIField("period"),
        APIField("version"),
        APIField("version_date"),
        APIField("goal"),
        APIField("intro"),
        *LeadImageMixin.lead_image_api_fields,
        # The API adds what it computes: the plan's history endpoint and its chapters.
    ]

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")

    def with_content_json(self, content):
        """The version is the plan's state, not content: no revision ever changes it.

        Approvals and editorial publishes set it (see moderation.history); a
        draft, a revert or a scheduled publish of an older revision keeps it.
        """
        obj = super().with_content_json(content)
        obj.version = self.version
        obj.version_date = self.version_date
        return obj

    def route(self, request, path_components):
        """The plan's kept versions (plan_pages.versions) are addresses below it."""
        kwargs = version_route(path_components)
        if kwargs is None:
            return super().route(request, path_components)
        # The plan's view restrictions, read once for this request (core.routing),
        # guard its versions: Wagtail checks them before `serve`.
        self._planportal_view_restrictions = view_restrictions(request)
        return RouteResult(self, kwargs=kwargs)

    def serve(self, request, *args, **kwargs):
        if kwargs.get("version_feed"):
            from .feeds import serve_version_feed

            return serve_version_feed(request, self)
        if "changes_since" in kwargs:
            return serve_changes(
                request, self, kwargs["archived_version"], kwargs["changes_since"] or None
            )
        if "archived_version" in kwargs:
            return serve_version(
                request, self, kwargs["archived_version"], kwargs["archived_chapter"]
            )
        if "archived_pdf" in kwargs:
            return serve_pdf(request, self, kwargs["archived_pdf"])
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = self.public_chapters(request)
        return context

    @cached_property
    def archived_version_urls(self) -> dict:
        """{version: address} of the versions kept in this plan's language."""
        versions = self.published_versions.values_list("version", flat=True)
        plan_url = self.url
        return {v: version_path(plan_url, v) for v in versions} if plan_url else {}

    @property
    def version_feed_url(self) -> str:
        """The Atom feed of the versions kept in this plan's language (plan_pages.feeds)."""
        plan_url = self.url
        return feed_path(plan_url) if plan_url else ""

    def public_chapters(self, request=None):
        """Live, public chapters in tree order: what the public may see."""
        chapters = ChapterPage.objects.child_of(self).live().order_by("path")
        return list(public(chapters, request))

    @cached_property
    def plan_history(self):
        """The history rows, which belong to the source-language plan; translations show them too."""
        if self.locale.is_default:
            return list(self.history_entries.all())
        # The source plan's rows in one query, joined by translation key, rather than
        # the default locale, the source plan, then its rows.
        rows = list(
            HistoryEntry.objects.filter(
                plan__translation_key=self.translation_key,
                plan__locale__language_code=get_supported_content_language_variant(
                    settings.LANGUAGE_CODE
                ),
            )
        )
        if rows:
            return rows
        # None: no source plan (its own rows then), or a source plan without rows.
        source = self.get_translation_or_none(Locale.get_default()) or self
        return list(source.history_entries.all())


class ChapterPage(  # noqa: DJ008 - Page defines __str__
    PlanPagePermissionsMixin, HeadlessPreviewMixin, LeadImageMixin, RoutedPageMixin, Page
):
    """One chapter of the plan ("2 Hva er utenforskap, …"), with numbered subsections.

    Previews: the page as the site shows it, and a headless API preview token.
    """

    number = models.PositiveSmallIntegerField(_("kapittelnummer"))
    intro = models.TextField(_("ingress"), blank=True)
    body = StreamField(ChapterBodyBlock(), verbose_name=_("innhold"), blank=True)

    # A chapter belongs to a plan ...
    parent_page_types = ["plan_pages.PlanPage"]
    # ... and has no pages below it: its subsections are blocks in its body.
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("intro"),
        LeadImageMixin.lead_image_panel,
        FieldPanel("body"),
        FieldPanel("change_note"),
    ]
    base_form_class = PlanContentPageForm
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        # The body as the page shows it: with the text of the live snippets it shows.
        index.SearchField("shown_text"),
    ]
    api_fields = [
        APIField("number"),
        APIField("intro"),
        *LeadImageMixin.lead_image_api_fields,
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("kapittel")
        verbose_name_plural = _("kapitler")

    def clean(self):
        super().clean()
        validate_unique_anchors(self.body)

    @cached_property
    def plan(self):
        """The live plan the chapter is in (its parent: routing already read it)."""
        parent = getattr(self, "_cached_parent_obj", None)
        if isinstance(parent, PlanPage):
            return parent if parent.live else None
        # A chapter has one plan above it.
        return only_row(PlanPage.objects.ancestor_of(self).live().select_related("locale"))

    @cached_property
    def plan_history(self):
        plan = self.plan
        return plan.plan_history if plan else []

    @cached_property
    def archived_version_urls(self) -> dict:
        plan = self.plan
        return plan.archived_version_urls if plan else {}

    def shown_text(self) -> str:
        """The body's text with the contacts and measures it shows (plan_pages.search)."""
        return chapter_text(self)

    def sections(self):
        """(number, title, anchor) of each numbered subsection, for tables of contents."""
        return section_headings(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read when the template first shows one of them, not before: a rendering the render
        # cache kept (core.render_cache) shows none and costs no query.
        neighbours = SimpleLazyObject(lambda: self._neighbours(request))
        self.live_public_translations = SimpleLazyObject(lambda: neighbours["translations"])
        context["plan"] = self.plan
        context["previous_chapter"] = SimpleLazyObject(lambda: neighbours["previous"])
        context["next_chapter"] = SimpleLazyObject(lambda: neighbours["next"])
        return context

    def _neighbours(self, request) -> dict:
        """The chapters before and after this one, and this chapter's live, public
        translations, which the language switcher lists (languages.facts): in one query
        (the plan's chapters are few)."""
        chapters = ChapterPage.objects.all()
        rows = public(
            chapters.filter(
                chapters.sibling_of_q(self, inclusive=False)
                | Q(translation_key=self.translation_key)
            )
            .live()
            .defer("body")
            .select_related("locale", "alias_of__locale")
            .order_by(),  # sorted here: ORDER BY on wide rows is slow to compile (core.queries)
            request,
        )
        rows = sorted(rows, key=lambda row: row.path)
        siblings, translations = [], []
        for row in rows:
            if row.translation_key == self.translation_key:
                translations.append(row)
            if row.pk != self.pk and row.depth == self.depth and row.is_sibling_of(self):
                siblings.append(row)
        return {
            "translations": translations,
            "previous": next((c for c in reversed(siblings) if c.path < self.path), None),
            "next": next((c for c in siblings if c.path > self.path), None),
        }


# Routing reads a chapter below the plan in one query (core.routing).
PlanPage.route_child_models = (ChapterPage,)


class HistoryEntry(models.Model):
    """One row of a plan's "Dokumenthistorikk": date, version, change, responsible.

    Rows written by the CMS also record the revision and the user they come from.
    """

    plan = models.ForeignKey(
        PlanPage, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="history_entries"
    )
    date = models.DateField(_("dato"))
    version = models.CharField(_("versjon"), max_length=20, validators=[validate_version])
    change = models.TextField(_("endring"))
    responsible = models.CharField(_("ansvarlig"), max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revisjon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The live revision the change is compared with: the one live before this
    # publish, or (for a step before the last) the one live while it was approved.
    previous_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("forrige publiserte revisjon"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Whether this row raised the plan's version (a final approval or an editorial
    # publish): each such version is given once (see Meta.constraints).
    sets_version = models.BooleanField(_("ga ny versjon"), default=False, editable=False)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    panels = [
        FieldPanel("plan"),
        FieldPanel("date"),
        FieldPanel("version"),
        FieldPanel("change"),
        FieldPanel("responsible"),
    ]

    class Meta:
        verbose_name = _("historikkrad")
        verbose_name_plural = _("dokumenthistorikk")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "version"],
                condition=models.Q(sets_version=True),
                name="history_version_given_once",
                violation_error_message=_("Planen har allerede fått denne versjonen."),
            )
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.version}: {self.change[:60]}"

    def admin_links(self) -> dict | None:
        """For editors: the recorded revision, and its comparison with what was live before it.

        None for rows not written by the CMS (the plan's own historical rows).
        """
        revision = self.revision
        if revision is None:
            return None
        model = revision.base_content_type.model_class()
        if issubclass(model, Page):
            view_name, compare_name = (
                "wagtailadmin_pages:revisions_view",
                "wagtailadmin_pages:revisions_compare",
            )
        else:
            viewset = model.snippet_viewset
            view_name = viewset.get_url_name("revisions_view")
            compare_name = viewset.get_url_name("revisions_compare")
        object_id = revision.object_id
        return {
            "revision": reverse(view_name, args=[object_id, revision.pk]),
            "compare": reverse(
                compare_name, args=[object_id, self.previous_revision_id or "earliest", revision.pk]
            ),
        }


class PublishedVersion(models.Model):
    """A version of the plan as it was published, frozen, in one language.

    Written when a publish sets a version (a HistoryEntry with `sets_version`), for
    every language whose plan was live then: which revisions made it (recorded in
    the publish's transaction), then the bytes a reader got (rendered by the task
    worker, the `archive` app). Never re-rendered: blocks change over time.
    """

    plan = models.ForeignKey(
        PlanPage,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="published_versions",
        help_text=_("Planen på dette språket."),
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", verbose_name=_("språk"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.CharField(_("versjon"), max_length=20, validators=[validate_version])
    date = models.DateField(_("dato"))
    decision = models.ForeignKey(
        HistoryEntry,
        verbose_name=_("vedtak"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="published_versions",
    )
    # The decision's words, kept should a superuser correct or delete its row.
    change = models.TextField(_("endring"))
    approved = models.BooleanField(
        _("vedtatt"), default=False, help_text=_("Vedtatt i planbehandlingen (ikke redaksjonell).")
    )
    # The plan page's own revision; PROTECT: purging revisions must not break the archive.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revisjon"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    html = models.TextField(_("HTML"), blank=True)
    html_sha256 = models.CharField(max_length=64, blank=True)
    api_json = models.TextField(_("API-JSON"), blank=True)
    api_sha256 = models.CharField(max_length=64, blank=True)
    # Left for the PDF: the file and its digest (the PDF engine fills them).
    pdf = models.FileField(_("PDF"), upload_to="versions/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # Rendered from the recorded revisions, because something was published before the
    # task worker got to it: the pages' own text, with the snippets as they were then.
    from_revisions = models.BooleanField(_("gjenskapt fra revisjoner"), default=False)
    rendered_at = models.DateTimeField(_("arkivert"), null=True)
    # Its text, read once for comparisons (plan_pages.changes.version_text).
    kept_text = models.JSONField(null=True, editable=False)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        verbose_name = _("arkivert versjon")
        verbose_name_plural = _("arkiverte versjoner")
        ordering = ["plan", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="published_version_once")
        ]

    def __str__(self):
        return f"{self.plan_id} {self.locale_id} {self.version}"

    @property
    def is_rendered(self) -> bool:
        return self.rendered_at is not None


class PublishedChapter(models.Model):
    """One chapter of a PublishedVersion: its revision and the bytes a reader got."""

    published_version = models.ForeignKey(
        PublishedVersion, on_delete=models.CASCADE, related_name="chapters"
    )
    translation_key = models.UUIDField()
    page = models.ForeignKey(ChapterPage, null=True, on_delete=models.SET_NULL, related_name="+")
    slug = models.SlugField(max_length=255, allow_unicode=True)
    title = models.CharField(max_length=255)
    number = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField()
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.PROTECT, related_name="+"
    )
    html = models.TextField(blank=True)
    html_sha256 = models.CharField(max_length=64, blank=True)
    api_json = models.TextField(blank=True)
    api_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["published_version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["published_version", "slug"], name="published_chapter_slug_once"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class VersionComparison(models.Model):
    """What changed from an older kept version to a newer one, in one language.

    Computed once by the task worker when the newer version is kept, against every
    earlier kept version in its language (plan_pages.changes.compare); the public page
    only lays out `diff`.
    """

    new = models.ForeignKey(
        PublishedVersion,
        verbose_name=_("ny versjon"),
        on_delete=models.CASCADE,
        related_name="comparisons",
    )
    old = models.ForeignKey(
        PublishedVersion,
        verbose_name=_("eldre versjon"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    diff = models.JSONField(_("endringer"))
    created_at = models.DateTimeField(_("beregnet"), auto_now_add=True)

    class Meta:
        verbose_name = _("sammenligning av versjoner")
        verbose_name_plural = _("sammenligninger av versjoner")
        constraints = [
            models.UniqueConstraint(fields=["new", "old"], name="version_comparison_once")
        ]

    def __str__(self):
        return f"{self.old_id} → {self.new_id}"
