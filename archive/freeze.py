"""Recording a version's revisions, and rendering them once (see archive/__init__.py).

Recording runs inside the publish's transaction: a few queries (the plan's live
translations and their live public chapters, with their live revisions). Rendering
costs a full page render and an API detail per page and language, so it runs in the
task worker once the publish has committed, checked against the live site before and
after (under the plan's lock). If a publish came first, the version is no longer what
the live site shows: its pages are then rendered from the recorded
revisions (`from_revisions`; the snippets they show are as they are then, and the API
answer is not kept: the API serves live objects only).
"""

import hashlib
import json
import logging
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.core.handlers.base import BaseHandler
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.url_routing import RouteResult

from api.pages import PlanPagesAPIViewSet
from api.router import api_router
from core import render_cache
from moderation.history import was_approved_in_workflow
from plan_pages.models import (
    ChapterPage,
    HistoryEntry,
    PlanPage,
    PublishedChapter,
    PublishedVersion,
)

logger = logging.getLogger(__name__)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- recording (in the publish's transaction) ------------------------------------------


def live_plans(source: PlanPage) -> list[PlanPage]:
    """The plan in every language it is live and public in, the source first.

    Not an alias (wagtail-localize's stand-in for a plan not translated yet, when a
    chapter is): it shows the source's text, and the API does not serve it."""
    plans = (
        PlanPage.objects.filter(translation_key=source.translation_key, alias_of__isnull=True)
        .live()
        .public()
        .select_related("locale")
    )
    return sorted(plans, key=lambda p: (p.pk != source.pk, p.locale.language_code))


def record_version(entry: HistoryEntry) -> list[PublishedVersion]:
    """One PublishedVersion per live language of the entry's plan, with its chapters'
    revisions; nothing is rendered yet."""
    approved = entry.revision is not None and was_approved_in_workflow(entry.revision)
    return [
        _record(
            plan,
            version=entry.version,
            date=entry.date,
            decision=entry,
            change=entry.change,
            approved=approved,
        )
        for plan in live_plans(entry.plan)
    ]


def _record(plan: PlanPage, **version) -> PublishedVersion:
    published = PublishedVersion.objects.create(
        plan=plan, locale=plan.locale, revision_id=plan.live_revision_id, **version
    )
    chapters = ChapterPage.objects.child_of(plan).live().public().order_by("path")
    PublishedChapter.objects.bulk_create(
        PublishedChapter(
            published_version=published,
            translation_key=chapter.translation_key,
            page=chapter,
            slug=chapter.slug,
            title=chapter.title,
            number=chapter.number,
            position=position,
            revision_id=chapter.live_revision_id,
        )
        for position, chapter in enumerate(chapters, start=1)
    )
    return published


def record_translation(page: Page) -> PublishedVersion | None:
    """A translation published after its version was kept: its language's copy of the
    current version, if that language has none yet (else None).

    `page` is a translated plan or chapter just published. The current version is the
    source-language plan's; it is recorded for the translated plan as the source
    language's kept copy of that version is (its decision, date, change, approval), with
    the translated plan's live public chapters, and rendered like every kept version.
    A version never kept in the source language (the rows from before the CMS) is not
    kept in a translation either.

    A language that already has the current version is left as it is: a kept version is
    never changed (a translator's fix, or a chapter published after its plan, is on the
    live page and in the next version's copy; the version's address keeps what that
    language's readers got when it was kept).
    """
    if page.locale.is_default:
        return None
    plan = page if isinstance(page, PlanPage) else page.get_parent().specific
    if not isinstance(plan, PlanPage) or plan.locale.is_default:
        return None
    plan = (
        PlanPage.objects.live()
        .public()
        .filter(pk=plan.pk, alias_of__isnull=True)
        .select_related("locale")
        .first()
    )
    if plan is None:
        return None
    source = plan.get_translation_or_none(plan.locale.get_default())
    if source is None:
        return None
    source = PlanPage.objects.select_for_update().only("pk", "version").get(pk=source.pk)
    kept = (
        PublishedVersion.objects.filter(plan=source, version=source.version)
        .only("version", "date", "decision_id", "change", "approved")
        .first()
    )
    if kept is None or PublishedVersion.objects.filter(plan=plan, version=kept.version).exists():
        return None
    return _record(
        plan,
        version=kept.version,
        date=kept.date,
        decision_id=kept.decision_id,
        change=kept.change,
        approved=kept.approved,
    )


# --- rendering (in the task worker) ------------------------------------------------------


class Renderer:
    """Pages as an anonymous reader gets them: through the whole site (middleware,
    Wagtail's serve, every template), at the page's own address and host."""

    def __init__(self):
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.factory = RequestFactory()

    def request(self, page: Page, path: str | None = None):
        _site_id, root_url, page_path = page.get_url_parts()
        parts = urlsplit(root_url)
        request = self.factory.get(
            path or page_path, HTTP_HOST=parts.netloc, secure=parts.scheme == "https"
        )
        request.user = AnonymousUser()
        # A kept version is rendered from the database, never from a rendering kept before.
        render_cache.bypass(request)
        return request

    def html(self, page: Page, *, as_object: Page | None = None) -> str:
        """The page's HTML; `as_object`: a revision's page served at the live page's address."""
        request = self.request(page)
        if as_object is not None:
            # Wagtail's serve (and core.serving) take the route kept on the request.
            as_object._cached_parent_obj = getattr(page, "_cached_parent_obj", None)
            request._wagtail_route_for_request = RouteResult(as_object)
        response = self.handler.get_response(request)
        if response.status_code != 200:
            raise RenderFailed(f"{request.path} answered {response.status_code}")
        return response.content.decode(response.charset)

    def api_json(self, page: Page) -> str:
        """The API's detail answer for the page, as a client got it (not counted against
        any client's rate limit)."""
        request = self.request(page, path=f"/api/v2/pages/{page.pk}/")
        view = api_router.wrap_view(
            PlanPagesAPIViewSet.as_view({"get": "detail_view"}, throttle_classes=())
        )
        response = view(request, pk=page.pk)
        response.render()
        if response.status_code != 200:
            raise RenderFailed(f"API detail of page {page.pk} answered {response.status_code}")
        # Canonical form: the bytes (and so the digest) do not depend on the renderer's spacing.
        return json.dumps(json.loads(response.content), ensure_ascii=False, sort_keys=True)


class RenderFailed(Exception):
    pass


def _still_live(published: PublishedVersion, source_version: str) -> bool:
    """Whether the live site is still exactly the recorded version."""
    if source_version != published.version:
        return False
    recorded = {published.plan_id: published.revision_id}
    recorded.update((c.page_id, c.revision_id) for c in published.chapters.all())
    if None in recorded:  # a chapter deleted since
        return False
    live = dict(
        Page.objects.filter(pk__in=recorded.keys(), live=True).values_list("pk", "live_revision")
    )
    return live == recorded


def _as_of_revision(revision_id) -> Page | None:
    if revision_id is None:
        return None
    return Revision.objects.get(pk=revision_id).as_object()


def render_version(published_version_id: int) -> bool:
    """Render a recorded version once: its plan page and chapters, HTML and API JSON.

    No transaction is held while rendering (seconds: a writer waiting that long would
    time out on SQLite). The live site is compared with the recorded revisions before
    and, under the plan's lock, after: if it was the recorded version both times, what
    was rendered is that version (the version only ever rises, and every publish makes a
    new revision). If not, the pages are rendered from the recorded revisions.
    """
    published = (
        PublishedVersion.objects.select_related("plan", "locale")
        .filter(pk=published_version_id)
        .first()
    )
    if published is None or published.is_rendered:
        return False
    if is_restricted(published.plan):
        logger.info("Version %s of a private plan: its pages are not archived", published)
        return False
    chapters = list(published.chapters.select_related("page"))
    live = _still_live(published, _source(published).version) and _render(
        published, chapters, live=True
    )
    if live:
        with transaction.atomic():
            live = _still_live(published, _source(published, lock=True).version) and _store(
                published, chapters, from_revisions=False
            )
    if live:
        return True
    _render(published, chapters, live=False)
    with transaction.atomic():
        return _store(published, chapters, from_revisions=True)


def _source(published: PublishedVersion, *, lock: bool = False) -> PlanPage:
    """The source-language plan's row (locked: moderation.history's lock on the plan)."""
    plan = published.plan
    source = (
        plan if plan.locale.is_default else plan.get_translation_or_none(plan.locale.get_default())
    )
    rows = PlanPage.objects.select_for_update() if lock else PlanPage.objects
    return rows.only("pk", "version").get(pk=(source or plan).pk)


def _render(published: PublishedVersion, chapters, *, live: bool) -> bool:
    renderer = Renderer()
    plan = published.plan
    with translation.override(published.locale.language_code):
        published.html = renderer.html(
            plan, as_object=None if live else _as_of_revision(published.revision_id)
        )
        published.api_json = renderer.api_json(plan) if live else ""
        for chapter in chapters:
            page = chapter.page
            if page is None:  # deleted since (only a page never kept can be)
                chapter.html = chapter.api_json = ""
                continue
            page._cached_parent_obj = plan
            chapter.html = renderer.html(
                page, as_object=None if live else _as_of_revision(chapter.revision_id)
            )
            chapter.api_json = renderer.api_json(page) if live else ""
    return True


def _store(published: PublishedVersion, chapters, *, from_revisions: bool) -> bool:
    """Save what was rendered, unless another worker did already."""
    if (
        PublishedVersion.objects.select_for_update()
        .filter(pk=published.pk, rendered_at__isnull=True)
        .first()
        is None
    ):
        return True
    for item in [published, *chapters]:
        item.html_sha256 = sha256(item.html) if item.html else ""
        item.api_sha256 = sha256(item.api_json) if item.api_json else ""
    PublishedChapter.objects.bulk_update(
        chapters, ["html", "html_sha256", "api_json", "api_sha256"]
    )
    published.from_revisions = from_revisions
    published.rendered_at = timezone.now()
    published.save(
        update_fields=[
            "html",
            "html_sha256",
            "api_json",
            "api_sha256",
            "from_revisions",
            "rendered_at",
        ]
    )
    return True


def is_restricted(page: Page) -> bool:
    return any(
        page.path.startswith(r.page.path)
        for r in PageViewRestriction.objects.select_related("page")
    )
