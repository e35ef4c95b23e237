"""The whole plan as one accessible PDF per kept version and language (WeasyPrint).

Made once, in the task worker, after the version's pages were rendered and stored
(archive.tasks), from the revisions the version was recorded with, never from today's
live pages: an old version's PDF is that version. The snippets its blocks show (measures,
contacts) are as they are when it is made, as for a version rendered from its revisions.

Tagged PDF/UA-1 (headings, tables, lists, links in the structure tree, the document's
language); WeasyPrint reads nothing but our own static and media files
(`OwnFilesFetcher`): no network, no file outside them.
"""

import hashlib
import logging
import mimetypes
import secrets
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.models import Revision
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from archive.freeze import is_restricted
from home.models import SiteIdentity
from plan_pages.models import PublishedVersion
from plan_pages.versions import pdf_file_name, version_path

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    """WeasyPrint asked for something that is not one of our static or media files."""


class OwnFilesFetcher(URLFetcher):
    """Serves WeasyPrint our static files (collected, or where the finders have them) and
    media files (from the media storage), by their address (under STATIC_URL and MEDIA_URL,
    taken relative to the site, or as they are when they name another host); refuses the
    rest: other hosts, other paths of the site, other schemes, queries, "..".
    """

    def __init__(self, base_url: str):
        super().__init__(allowed_protocols=())
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)
        self.media_prefix = urljoin(base_url, settings.MEDIA_URL)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.query or parts.fragment or ".." in unquote(parts.path).split("/"):
            raise RefusedURL(f"Not one of our files: {url}")
        if url.startswith(self.static_prefix):
            name = unquote(url.removeprefix(self.static_prefix))
            # Collected (hashed names in production), else where the finders have it.
            if staticfiles_storage.exists(name):
                with staticfiles_storage.open(name, "rb") as handle:
                    return _response(url, name, handle.read())
            found = finders.find(name)
            if not found:
                raise RefusedURL(f"No such static file: {url}")
            with open(found, "rb") as handle:
                return _response(url, name, handle.read())
        if url.startswith(self.media_prefix):
            name = unquote(url.removeprefix(self.media_prefix))
            if not default_storage.exists(name):
                raise RefusedURL(f"No such media file: {url}")
            with default_storage.open(name, "rb") as handle:
                return _response(url, name, handle.read())
        raise RefusedURL(f"Not one of our files: {url}")


def _response(url: str, name: str, content: bytes):
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, content, headers={"Content-Type": content_type})


# --- the version as it was recorded ------------------------------------------------------


def _as_of(revision_id):
    return Revision.objects.get(pk=revision_id).as_object() if revision_id else None


def frozen_plan(published: PublishedVersion):
    """The plan page and its chapters as the version recorded them (their revisions)."""
    plan = _as_of(published.revision_id) or published.plan
    # The history as it stood with this version: its own row and those before it.
    rows = list(published.plan.plan_history)
    if published.decision_id is not None:
        limit = (published.date, published.decision_id)
        rows = [row for row in rows if (row.date, row.pk) <= limit]
    plan.__dict__["plan_history"] = rows
    chapters = []
    for recorded in published.chapters.all():
        chapter = _as_of(recorded.revision_id)
        if chapter is None:
            continue
        chapter._cached_parent_obj = plan
        chapter.__dict__["plan"] = plan
        chapters.append(chapter)
    return plan, chapters


def css_string(text: str) -> str:
    """Text as a CSS string (for `content`): quoted, escaped, on one line."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + " ".join(escaped.split()) + '"'


def page_counter_css(text: str) -> str:
    """ "Side %(page)s av %(pages)s" as a CSS `content` value with the page counters."""
    page, pages = "\ue000", "\ue001"  # private-use marks, in no translation
    quoted = css_string(text % {"page": page, "pages": pages})
    return quoted.replace(page, '" counter(page) "').replace(pages, '" counter(pages) "')


def version_html(published: PublishedVersion, root_url: str, plan_path: str) -> str:
    """The print document (templates/pdf/plan.html) of a kept version, in its language."""
    plan, chapters = frozen_plan(published)
    site = published.plan.get_site()
    identity = SiteIdentity.for_site(site) if site else None
    with translation.override(published.locale.language_code):
        return render_to_string(
            "pdf/plan.html",
            {
                "page": plan,
                "plan": plan,
                "chapters": chapters,
                "published": published,
                "municipality": (identity.municipality_name if identity else "")
                or plan.municipality,
                "version_url": root_url + version_path(plan_path, published.version),
                "page_counter": mark_safe(  # noqa: S308 - escaped by css_string
                    page_counter_css(gettext("Side %(page)s av %(pages)s"))
                ),
                "running_header": mark_safe(  # noqa: S308 - escaped by css_string
                    css_string(f"{plan.title} · {gettext('Versjon')} {published.version}")
                ),
                "language_code": published.locale.language_code,
                "bidi": translation.get_language_bidi(),
                "source_language": settings.LANGUAGE_CODE,
            },
        )


def render_pdf(published: PublishedVersion) -> bytes:
    """The PDF's bytes; relative addresses in it are taken from the plan's site root."""
    _site_id, root_url, plan_path = published.plan.get_url_parts() or (
        None,
        settings.WAGTAILADMIN_BASE_URL,
        published.plan.url_path,
    )
    root_url = root_url.rstrip("/")
    base_url = f"{root_url}/"
    html = version_html(published, root_url, plan_path)
    document = HTML(string=html, base_url=base_url, url_fetcher=OwnFilesFetcher(base_url))
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def make_pdf(published_version_id: int) -> bool:
    """Make and keep a kept version's PDF once; whether it made one."""
    published = (
        PublishedVersion.objects.select_related("plan", "locale")
        .filter(pk=published_version_id)
        .first()
    )
    if published is None or published.pdf or not published.is_rendered:
        return False
    if is_restricted(published.plan):
        logger.info("Version %s of a private plan: no PDF", published)
        return False
    content = render_pdf(published)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        locked = (
            PublishedVersion.objects.select_for_update()
            .filter(pk=published.pk, pdf="")
            .select_related("locale")
            .first()
        )
        if locked is None:  # another worker kept one first
            return False
        # Under a name nobody can guess: the file server serves media to anyone, and the
        # plan may be made private later (its download then answers like the plan).
        name = f"{secrets.token_urlsafe(18)}/{pdf_file_name(locked)}"
        locked.pdf.save(name, ContentFile(content), save=False)
        locked.pdf_sha256 = digest
        locked.save(update_fields=["pdf", "pdf_sha256"])
    return True
