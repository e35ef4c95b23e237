"""The admin's list of kept versions (Rapporter → Arkiverte versjoner): read only.

Who sees it: whoever reads the document history, whose rows the versions freeze
(`plan_pages.view_publishedversion`, given in roles.definitions to the communications
adviser, the SLT coordinator, Politiråd and Kommunestyret; not the translator), and
superusers. Nobody adds, edits or deletes a kept version here, superusers included:
the policy grants only "view" (a kept version is immutable; see archive/__init__.py).
"""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from core.read_only_admin import ReadOnlyViewSetMixin
from plan_pages.models import PublishedVersion
from plan_pages.versions import version_path

DIGEST_SHOWN = 12  # hex digits of a SHA-256 shown: enough to compare by eye


def yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nei")


def short_digest(digest: str) -> str:
    return f"{digest[:DIGEST_SHOWN]}…" if digest else "–"


def kind(version: PublishedVersion) -> str:
    return _("Vedtatt") if version.approved else _("Redaksjonell")


def rendered(version: PublishedVersion) -> str:
    if version.rendered_at is None:
        return _("Nei")
    at = timezone.localtime(version.rendered_at)
    return _("Ja, %(time)s") % {"time": f"{at:%d.%m.%Y %H:%M}"}


def decision(version: PublishedVersion) -> str:
    row = version.decision
    if row is None:
        return _("Slettet: %(change)s") % {"change": version.change}
    return f"{row.date:%d.%m.%Y} {row.version} – {row.change}"


def public_link(version: PublishedVersion):
    plan_url = version.plan.url if version.plan.live else None
    if not plan_url:
        return "–"
    url = version_path(plan_url, version.version)
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)


class VersionIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .defer("html", "api_json")
            .select_related("plan", "locale", "decision")
        )


class VersionInspectView(InspectView):
    template_name = "archive/published_version_inspect.html"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.chapters = list(obj.chapters.defer("html", "api_json").select_related("page"))
        return obj

    def get_page_subtitle(self):
        return f"{self.object.plan.title} {self.object.version} ({self.object.locale})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan_url = self.object.plan.url if self.object.plan.live else None
        context["chapters"] = [
            {
                "chapter": chapter,
                "url": version_path(plan_url, self.object.version, chapter.slug)
                if plan_url and chapter.html_sha256
                else None,
                "html_sha256": short_digest(chapter.html_sha256),
                "api_sha256": short_digest(chapter.api_sha256),
            }
            for chapter in self.chapters
        ]
        return context

    def get_plan_display_value(self):
        return self.object.plan.title

    def get_locale_display_value(self):
        return self.object.locale.get_display_name()

    def get_approved_display_value(self):
        return kind(self.object)

    def get_decision_display_value(self):
        return decision(self.object)

    def get_rendered_at_display_value(self):
        return rendered(self.object)

    def get_from_revisions_display_value(self):
        return yes_no(self.object.from_revisions)

    def get_pdf_display_value(self):
        return yes_no(bool(self.object.pdf))

    def get_html_sha256_display_value(self):
        return self.object.html_sha256 or "–"

    def get_api_sha256_display_value(self):
        return self.object.api_sha256 or "–"

    def get_pdf_sha256_display_value(self):
        return self.object.pdf_sha256 or "–"

    def get_public_display_value(self):
        return public_link(self.object)

    def get_field_label(self, field_name, field):
        if field_name == "public":
            return _("Offentlig adresse")
        return super().get_field_label(field_name, field)


class PublishedVersionViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    model = PublishedVersion
    icon = "history"
    menu_label = _("Arkiverte versjoner")
    menu_name = "published_versions"
    menu_hook = "register_reports_menu_item"
    menu_order = 950
    url_prefix = "arkiverte-versjoner"
    index_view_class = VersionIndexView
    inspect_view_class = VersionInspectView
    list_filter = ["locale", "plan"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    inspect_view_fields = [
        "plan",
        "locale",
        "version",
        "date",
        "approved",
        "decision",
        "change",
        "rendered_at",
        "from_revisions",
        "html_sha256",
        "api_sha256",
        "pdf",
        "pdf_sha256",
        "public",
        "created_at",
    ]

    def register_reference_index(self):
        """Not indexed: a record's save in the publish's transaction stays a few queries
        (archive.freeze), and a page's usage is its pages' links, not its kept copies."""

    @property
    def list_display(self):
        return [
            "version",  # the title column: links to the detail (inspect view)
            Column("plan", label=_("Plan"), accessor=lambda v: v.plan.title),
            Column("locale", label=_("Språk"), accessor=lambda v: v.locale.get_display_name()),
            Column("date", label=_("Dato"), accessor=lambda v: f"{v.date:%d.%m.%Y}"),
            Column("approved", label=_("Type"), accessor=kind),
            Column("decision", label=_("Vedtak"), accessor=decision),
            Column("rendered_at", label=_("Gjengitt"), accessor=rendered),
            Column(
                "from_revisions",
                label=_("Fra revisjoner"),
                accessor=lambda v: yes_no(v.from_revisions),
            ),
            Column("pdf", label=_("PDF"), accessor=lambda v: yes_no(bool(v.pdf))),
            Column(
                "html_sha256",
                label=_("SHA-256 (HTML)"),
                accessor=lambda v: short_digest(v.html_sha256),
            ),
            Column(
                "api_sha256",
                label=_("SHA-256 (API)"),
                accessor=lambda v: short_digest(v.api_sha256),
            ),
            Column("public", label=_("Offentlig adresse"), accessor=public_link),
        ]
