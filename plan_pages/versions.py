"""Serving the plan's kept versions (PublishedVersion) at stable addresses.

`<plan url>versjon/<major.minor>/` (the plan page) and `<plan url>versjon/<v>/<chapter
slug>/`, in every language the version was published in; what changed since an older one at
`<plan url>versjon/<v>/endringer/[<older v>/]` (plan_pages.changes, which shadows a chapter
slugged "endringer" in a version's addresses). The stored bytes are served as
they are, with two things inserted where marked, never stored: the banner (which version
this is, and the current one) right after `<main …>`, and `noindex` before `</head>` for a
version that is no longer current. A version no longer current never changes again:
`Cache-Control: public, max-age=31536000, immutable`; the current version's addresses are
cached like any page (a translation published later is added to it, see archive).

Private means private for kept pages too, checked at every request against the view
restrictions as they are now (never by deleting what was kept): the plan's and its
ancestors' by Wagtail before `serve` (the plan routes its versions), its chapters' here
(`refused`): a chapter made private since withdraws its whole version, pages, PDF and
comparisons, since its title and text are in all of them.
Who passes them (a signed-in user for a login restriction, the group, the password) gets
the kept page uncached (`private, no-store`). The API answers the same way (api.versions).
"""

import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from wagtail.coreutils import get_supported_content_language_variant

from core.content_security import allow_inline_style
from core.http_cache import make_immutable
from core.visibility import is_public, view_restrictions

from .changes import CHANGES_SEGMENT
from .versioning import VERSION_PATTERN

VERSION_SEGMENT = "versjon"
# `<plan url>versjon/feed/`: the Atom feed of the kept versions (plan_pages.feeds).
FEED_SEGMENT = "feed"
# The plan's PDF: `<plan url>pdf/` (the current version's), `<plan url>versjon/<v>/pdf/`.
PDF_SEGMENT = "pdf"
# A year: what HTTP caches take as "never changes".
IMMUTABLE_MAX_AGE = 365 * 24 * 60 * 60

BANNER_START = "<!-- planportal:version-banner -->"
BANNER_END = "<!-- /planportal:version-banner -->"
NOINDEX = '<meta name="robots" content="noindex"><!-- planportal:version-noindex -->'
# Wagtail's page address pattern (wagtail.urls.serve_pattern) has no dots; these do.
VERSION_SERVE_PATTERN = (
    rf"^((?:[\w\-]+/)+{VERSION_SEGMENT}/\d+\.\d+/"
    rf"(?:[\w\-]+/|{CHANGES_SEGMENT}/\d+\.\d+/)?)$"
)
_MAIN_TAG = re.compile(r"<main\b[^>]*>", re.IGNORECASE)
# A <style> element's text, as the Content-Security-Policy hashes it.
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)


def version_route(path_components) -> dict | None:
    """The route kwargs for `versjon/<v>/[<slug>/]`, `versjon/<v>/endringer/[<v>/]`,
    `versjon/<v>/pdf/`, the feed's `versjon/feed/` and `pdf/`, or None for any other path
    (a chapter's slug "pdf" is the PDF's)."""
    if list(path_components) == [PDF_SEGMENT]:
        return {"archived_pdf": None}
    if list(path_components) == [VERSION_SEGMENT, FEED_SEGMENT]:
        return {"version_feed": True}
    if len(path_components) not in (2, 3, 4) or path_components[0] != VERSION_SEGMENT:
        return None
    if not VERSION_PATTERN.match(path_components[1]):
        return None
    if len(path_components) >= 3 and path_components[2] == CHANGES_SEGMENT:
        old = path_components[3] if len(path_components) == 4 else None
        if old is not None and not VERSION_PATTERN.match(old):
            return None
        return {"archived_version": path_components[1], "changes_since": old or ""}
    if len(path_components) == 4:
        return None
    slug = path_components[2] if len(path_components) == 3 else None
    if slug == PDF_SEGMENT:
        return {"archived_pdf": path_components[1]}
    return {"archived_version": path_components[1], "archived_chapter": slug}


def pdf_file_name(published) -> str:
    """`handlingsplan-1.4-nb.pdf`: the plan's slug, the version and the language."""
    return f"{published.plan.slug}-{published.version}-{published.locale.language_code}.pdf"


def version_path(plan_url: str, version: str, slug: str | None = None) -> str:
    path = f"{plan_url}{VERSION_SEGMENT}/{version}/"
    return f"{path}{slug}/" if slug else path


def feed_path(plan_url: str) -> str:
    return f"{plan_url}{VERSION_SEGMENT}/{FEED_SEGMENT}/"


def pdf_path(plan_url: str, version: str | None = None) -> str:
    """The PDF of a kept version, or (no version) the current one."""
    return version_path(plan_url, version, PDF_SEGMENT) if version else f"{plan_url}{PDF_SEGMENT}/"


def current_version(plan) -> str:
    """The version of the source-language plan (a translation's own field may lag)."""
    from .models import PlanPage

    if plan.locale.is_default:
        return plan.version
    source_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    version = (
        PlanPage.objects.filter(
            translation_key=plan.translation_key, locale__language_code=source_language
        )
        .values_list("version", flat=True)
        .first()
    )
    return version or plan.version


def insert_banner(html: str, banner: str, *, noindex: bool) -> str:
    """The stored page with the banner after `<main …>` (and `noindex` in its head)."""
    match = _MAIN_TAG.search(html)
    at = match.end() if match else 0
    html = f"{html[:at]}{BANNER_START}{banner}{BANNER_END}{html[at:]}"
    if noindex:
        head_end = html.lower().find("</head>")
        if head_end >= 0:
            html = f"{html[:head_end]}{NOINDEX}{html[head_end:]}"
    return html


def strip_banner(html: str) -> str:
    """The stored bytes back from a served version page (for checks)."""
    html = html.replace(NOINDEX, "", 1)
    start = html.find(BANNER_START)
    if start < 0:
        return html
    end = html.index(BANNER_END, start) + len(BANNER_END)
    return html[:start] + html[end:]


def serve_version(request, plan, version: str, slug: str | None):
    """A kept version's plan page or chapter, as stored, with the banner."""
    published = plan.published_versions.filter(version=version, rendered_at__isnull=False).first()
    if published is None:
        raise Http404
    answer, chapters_restricted = refused(request, plan, [published])
    if answer is not None:
        return answer
    # Served past a view restriction (Wagtail's check before `serve`, or a chapter's):
    # never kept anywhere.
    restricted = chapters_restricted or not is_public(plan, request)
    plan_url = plan.get_url(request)
    current_url = plan_url
    if slug is None:
        stored = published.html
    else:
        chapter = (
            published.chapters.filter(slug=slug).exclude(html="").select_related("page").first()
        )
        if chapter is None:
            raise Http404
        stored = chapter.html
        if chapter.page is not None and chapter.page.live:
            current_url = chapter.page.get_url(request)
    if not stored:
        raise Http404
    current = current_version(plan)
    is_current = published.version == current
    banner = render_to_string(
        "plan_pages/version_banner.html",
        {
            "published": published,
            "current_version": current,
            "is_current": is_current,
            "current_url": current_url,
        },
        request=None,
    )
    # The inline styles the page had then (the theme colour of that day), by their hash.
    for css in _STYLE_ELEMENT.findall(stored):
        allow_inline_style(request, css)
    response = HttpResponse(
        mark_safe(insert_banner(stored, banner, noindex=not is_current)),  # noqa: S308 - ours
        content_type="text/html; charset=utf-8",
    )
    if restricted:
        add_never_cache_headers(response)
    elif not is_current:
        make_immutable(response, max_age=IMMUTABLE_MAX_AGE)
    return response


def refused(request, plan, versions) -> tuple[HttpResponse | None, bool]:
    """(Wagtail's answer to a reader refused by a view restriction on a chapter of these kept
    versions of `plan`, else None; whether any restriction covers one of their chapters).

    The plan's own restrictions and its ancestors' were checked before `serve`. A chapter's
    title is on every page of its version (the contents, its neighbours' links) and its text
    in the version's PDF and comparisons: a chapter made private since its version was kept
    withdraws the whole version, for as long as it is private, from whom it refuses.
    """
    covering = _restricted_chapters(request, plan, versions)
    for _version, restriction in covering:
        if not restriction.accept_request(request):
            return _wagtail_answer(request, restriction), True
    return None, bool(covering)


def withdrawn_from(request, plan, versions) -> set[int]:
    """The pks of those kept `versions` of `plan` that `refused` withdraws from the request."""
    return {
        version
        for version, restriction in _restricted_chapters(request, plan, versions)
        if not restriction.accept_request(request)
    }


def _restricted_chapters(request, plan, versions) -> list[tuple]:
    """(version pk, restriction) for each view restriction below the plan over a chapter of
    the kept `versions`."""
    restrictions = [r for r in view_restrictions(request) if not plan.path.startswith(r.page.path)]
    if not restrictions:
        return []
    from .models import PublishedChapter

    chapters = PublishedChapter.objects.filter(
        published_version__in=[v.pk for v in versions], page__isnull=False
    ).values_list("published_version_id", "page__path")
    return [
        (version, r)
        for version, path in chapters
        for r in restrictions
        if path.startswith(r.page.path)
    ]


def _wagtail_answer(request, restriction) -> HttpResponse:
    """Wagtail's own answer to a reader `restriction` refuses (its password form, or the
    login), as for the page it restricts."""
    # Imported here: wagtail's hooks module loads models (this module is imported by ours).
    from wagtail.wagtail_hooks import check_view_restrictions

    allowed = HttpResponse()
    page = restriction.page.specific_deferred
    answer = check_view_restrictions(lambda *args: allowed)(page, request, (), {})
    if answer is allowed:  # Wagtail let the reader in after all: still nothing kept is shown
        raise Http404
    return answer


def latest_pdf(plan):
    """The newest kept version with a PDF of the plan in its language, or None."""
    return (
        plan.published_versions.exclude(pdf="")
        .select_related("plan", "locale")
        .order_by("-date", "-created_at", "-pk")
        .first()
    )


def serve_pdf(request, plan, version: str | None):
    """A kept version's PDF as a download (`version` None: the newest kept one); a page
    saying there is none yet (404) when it has not been made."""
    if version is None:
        published = latest_pdf(plan)
    else:
        published = (
            plan.published_versions.filter(version=version)
            .exclude(pdf="")
            .select_related("plan", "locale")
            .first()
        )
    if published is None:
        return TemplateResponse(
            request, "plan_pages/pdf_missing.html", {"page": plan, "version": version}, status=404
        )
    answer, chapters_restricted = refused(request, plan, [published])
    if answer is not None:
        return answer
    response = FileResponse(
        published.pdf.open("rb"),
        as_attachment=True,
        filename=pdf_file_name(published),
        content_type="application/pdf",
    )
    if chapters_restricted or not is_public(plan, request):
        # Served past a view restriction (Wagtail's check before `serve`, or a chapter's):
        # never kept anywhere.
        add_never_cache_headers(response)
    elif version is not None:
        # A version's PDF is made once and never again.
        make_immutable(response, max_age=IMMUTABLE_MAX_AGE)
    return response
