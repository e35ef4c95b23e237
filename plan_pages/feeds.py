"""An Atom feed of the plan's kept versions, one per language: `<plan url>versjon/feed/`.

Each entry is one rendered PublishedVersion of the plan in the feed's language: its
version, date, decision and change text, with links to the version's page, to its
comparison with the version before it (`<version page>endringer/`, only when an earlier
version is kept in that language) and to its PDF (`<version page>pdf/`, only when the PDF
is stored). The plan's view restrictions guard the feed like its pages (Wagtail checks them
before `serve`), and a private plan's versions are never rendered (archive.freeze). It is
cached like any page (edge.middleware), and the edge purge bans `<plan url>versjon/`, so
every publish reaches it.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .changes import changes_path
from .versioning import parse_version
from .versions import feed_path, pdf_path, version_path, withdrawn_from


def kept_versions(plan) -> list:
    """The plan's rendered versions in its language, newest version first."""
    versions = list(
        plan.published_versions.filter(rendered_at__isnull=False).select_related("decision")
    )
    versions.sort(key=lambda v: parse_version(v.version), reverse=True)
    return versions


def version_links(plan_url: str, version, earliest_version: str) -> dict:
    """The addresses of one kept version: its page, its comparison, its PDF (or None)."""
    return {
        "page": version_path(plan_url, version.version),
        "comparison": (
            changes_path(version_path(plan_url, version.version))
            if parse_version(version.version) > parse_version(earliest_version)
            else None
        ),
        "pdf": pdf_path(plan_url, version.version) if version.pdf else None,
    }


class VersionAtomFeed(Atom1Feed):
    """Atom with an entry's comparison (rel="related") and PDF (rel="enclosure") links."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("comparison_link"):
            handler.addQuickElement(
                "link",
                "",
                {
                    "rel": "related",
                    "type": "text/html",
                    "href": item["comparison_link"],
                    "title": item["comparison_title"],
                },
            )
        if item.get("pdf_link"):
            handler.addQuickElement(
                "link",
                "",
                {
                    "rel": "enclosure",
                    "type": "application/pdf",
                    "href": item["pdf_link"],
                    "title": item["pdf_title"],
                },
            )


class VersionFeed(Feed):
    feed_type = VersionAtomFeed
    description_template = "plan_pages/version_feed_entry.html"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, plan):
        self.plan_url = plan.get_url(request)
        kept = kept_versions(plan)
        self.earliest_version = kept[-1].version if kept else None
        # Not the versions a chapter made private since withdraws from this reader.
        withdrawn = withdrawn_from(request, plan, kept)
        self.versions = [v for v in kept if v.pk not in withdrawn]
        return plan

    def title(self, plan):
        return _("%(plan)s – versjoner") % {"plan": plan.title}

    def subtitle(self, plan):
        return _("Hver versjon av planen slik den ble publisert.")

    def link(self, plan):
        return self.plan_url

    def feed_url(self, plan):
        return feed_path(self.plan_url)

    def feed_guid(self, plan):
        return self.request.build_absolute_uri(feed_path(self.plan_url))

    def author_name(self, plan):
        return plan.municipality

    def items(self, plan):
        return self.versions

    def item_title(self, version):
        return _("Versjon %(version)s") % {"version": version.version}

    def item_link(self, version):
        return version_path(self.plan_url, version.version)

    def item_guid(self, version):
        return self.request.build_absolute_uri(self.item_link(version))

    def item_pubdate(self, version):
        return timezone.make_aware(datetime.combine(version.date, time.min))

    def item_updateddate(self, version):
        return version.rendered_at

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["links"] = self._links(kwargs["item"])
        return context

    def item_extra_kwargs(self, version):
        links = self._links(version)
        extra = {}
        if links["comparison"]:
            extra["comparison_link"] = links["comparison"]
            extra["comparison_title"] = _("Se endringene")
        if links["pdf"]:
            extra["pdf_link"] = links["pdf"]
            extra["pdf_title"] = _("Last ned PDF")
        return extra

    def _links(self, version) -> dict:
        """Full addresses: a feed reader has no page to resolve a relative one against."""
        links = version_links(self.plan_url, version, self.earliest_version)
        return {k: self.request.build_absolute_uri(v) if v else None for k, v in links.items()}


def serve_version_feed(request, plan):
    """The feed, in the plan's language (its title, its `xml:lang`)."""
    with translation.override(plan.locale.language_code):
        return VersionFeed()(request, plan=plan)
