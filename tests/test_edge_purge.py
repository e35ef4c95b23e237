"""Purging the edge cache on change (edge.signals, edge.purge, edge.tasks, edge.backends).

The cache itself is outside our walls: a recording backend stands in for it (a Wagtail
front-end cache backend that keeps the URLs it is asked to purge), and, for the ban requests
themselves, a small HTTP server that records what it is sent.
"""

import io
import re
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Locale, Page, PageViewRestriction, Site

from api.prefix import ENDPOINTS_PREFIX
from edge import purge
from edge.backends import (
    BAN_HEADER,
    MAX_BAN_HEADER_LENGTH,
    PREFIX_MARK,
    BanFailed,
    VarnishBanBackend,
)
from edge.tasks import purge_edge_cache
from moderation.history import history_suppressed
from plan_pages.models import ChapterPage, HistoryEntry
from plan_pages.versions import VERSION_SEGMENT
from snippets.models import Actor, Contact
from tests.factories import unique_word
from tests.roles import client_for, save_history_chapter, snippet_edit_data
from tests.sources import shipped_languages

pytestmark = pytest.mark.django_db

CONTACT_ADMIN = "wagtailsnippets_snippets_contact"


class RecordingBackend(BaseBackend):
    """Stands for the cache: keeps each batch of URLs it is asked to purge."""

    batches: list[set[str]] = []

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        RecordingBackend.batches.append(set(urls))


@pytest.fixture
def recorder(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": f"{__name__}.{RecordingBackend.__qualname__}"}
    }
    RecordingBackend.batches = []
    return RecordingBackend.batches


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch):
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def purge_tasks():
    return DBTaskResult.objects.filter(task_path=purge_edge_cache.module_path)


def in_every_language(page) -> list:
    """`page` and each of its live translations (the plan ships in some languages)."""
    pages = [page.specific]
    for code in shipped_languages():
        translated = page.get_translation_or_none(Locale.objects.get(language_code=code))
        assert translated is not None and translated.live, (page, code)
        pages.append(translated.specific)
    return pages


def the_one_batch(batches) -> set[str]:
    assert len(batches) == 1, f"{len(batches)} purges"
    return batches[0]


def site_root() -> str:
    return Site.objects.get(is_default_site=True).root_url


def search_prefixes() -> set[str]:
    prefixes = set()
    for code in ("nb", *shipped_languages()):
        with translation.override(code):
            prefixes.add(site_root() + reverse("search") + PREFIX_MARK)
    return prefixes


def assert_purges_the_site_around(batch, page):
    """What every change purges: the page everywhere, the plan and its contents, the home page,
    the sitemap, search and the API."""
    plan = page.get_parent()
    for shown in (page, plan, plan.get_parent()):
        for localized in in_every_language(shown):
            assert localized.get_full_url() in batch, localized
    assert site_root() + reverse("sitemap") in batch
    assert site_root() + ENDPOINTS_PREFIX + PREFIX_MARK in batch
    assert search_prefixes() <= batch


def publish_history_chapter(chapter, user):
    return save_history_chapter(
        chapter, user, intro=f"Ny ingress {unique_word()}.", note="Retting.", action="publish"
    )


def test_publishing_a_chapter_purges_it_in_every_language_with_the_plan_the_api_and_the_sitemap(
    recorder, history_chapter, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_history_chapter(history_chapter, users["kommunikasjon"])

    batch = the_one_batch(recorder)
    assert_purges_the_site_around(batch, history_chapter)
    # Every live page of the site, in every locale: each shows the plan's new version.
    live = Page.objects.live().filter(depth__gt=1)
    assert {p.get_full_url() for p in live} <= batch


def test_the_publishing_request_only_enqueues_one_task_the_worker_purges(
    recorder, database_queue, history_chapter, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_history_chapter(history_chapter, users["kommunikasjon"])

    # One task for the whole publish (page, history row, version), and nothing sent yet.
    [task] = purge_tasks()
    assert task.status == TaskResultStatus.READY
    assert recorder == []

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert_purges_the_site_around(the_one_batch(recorder), history_chapter)
    assert task.return_value == len(recorder[0])


def test_the_worker_purges_before_it_renders_the_kept_version(
    recorder, database_queue, settings, history_chapter, users, django_capture_on_commit_callbacks
):
    """The publish is visible through the cache at once; rendering the version (seconds) waits.
    Its own save purges again when it is done (the versions endpoint lists it then)."""
    from archive.tasks import render_published_version

    settings.PLANPORTAL_RENDER_KEPT_VERSIONS = True
    with django_capture_on_commit_callbacks(execute=True):
        publish_history_chapter(history_chapter, users["kommunikasjon"])
    render_path = render_published_version.module_path
    assert DBTaskResult.objects.filter(task_path=render_path).exists()

    # The worker's commits run their on-commit callbacks (the test's transaction never commits).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    ran = DBTaskResult.objects.filter(started_at__isnull=False).order_by("started_at")
    done = list(ran.values_list("task_path", flat=True))
    assert done.index(purge_edge_cache.module_path) < done.index(render_path)
    # The rendered version's save noted a purge of its own, which waits for the next pass.
    assert purge_tasks().filter(status=TaskResultStatus.READY).exists()


def test_a_changed_slug_purges_the_old_address_and_what_was_below_it(
    recorder, history_chapter, django_capture_on_commit_callbacks
):
    old_url = history_chapter.get_full_url()
    chapter = ChapterPage.objects.get(pk=history_chapter.pk)
    chapter.slug = f"{chapter.slug}-{unique_word()}"
    with django_capture_on_commit_callbacks(execute=True):
        chapter.save_revision().publish()

    batch = the_one_batch(recorder)
    assert old_url + PREFIX_MARK in batch
    assert ChapterPage.objects.get(pk=chapter.pk).get_full_url() in batch
    assert old_url not in {p.get_full_url() for p in Page.objects.live()}


def test_a_moved_page_purges_its_old_address(
    recorder, plan, chapters, django_capture_on_commit_callbacks
):
    chapter = chapters[max(chapters)]
    target = chapters[min(chapters)]
    old_url = chapter.get_full_url()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=chapter.pk).move(target, pos="last-child")

    batch = the_one_batch(recorder)
    assert old_url + PREFIX_MARK in batch
    assert Page.objects.get(pk=chapter.pk).get_full_url() in batch


def test_unpublishing_purges_the_page_that_is_gone(
    recorder, chapters, django_capture_on_commit_callbacks
):
    chapter = chapters[max(chapters)]
    url = chapter.get_full_url()
    with django_capture_on_commit_callbacks(execute=True):
        chapter.unpublish()

    batch = the_one_batch(recorder)
    assert url + PREFIX_MARK in batch
    assert_purges_the_site_around(batch, chapters[min(chapters)])


def test_deleting_a_page_purges_its_address_and_what_was_below_it(
    recorder, chapters, django_capture_on_commit_callbacks
):
    chapter = chapters[max(chapters)]
    url = chapter.get_full_url()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=chapter.pk).delete()

    batch = the_one_batch(recorder)
    assert url + PREFIX_MARK in batch
    assert_purges_the_site_around(batch, chapters[min(chapters)])


def test_making_a_page_private_purges_it(recorder, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=plan, restriction_type=PageViewRestriction.LOGIN)

    assert plan.get_full_url() in the_one_batch(recorder)


@pytest.mark.parametrize("where", ["plan", "ancestor"])
def test_making_a_plan_private_purges_its_kept_versions(
    recorder, plan, where, django_capture_on_commit_callbacks
):
    """They are served below the plan's address (plan_pages.versions), immutable in caches."""
    page = plan if where == "plan" else plan.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert purge.as_prefix(f"{plan.get_full_url()}{VERSION_SEGMENT}/") in the_one_batch(recorder)


def test_publishing_a_contact_purges_every_chapter_that_shows_it(
    recorder, users, superuser, chapters, django_capture_on_commit_callbacks
):
    def shown_contacts(chapter):
        return {
            contact.pk
            for block in chapter.body
            if block.block_type == "contacts"
            for contact in block.value["contacts"]
        }

    showing = [c for c in chapters.values() if shown_contacts(c)]
    assert showing, "no chapter shows a contact"
    contact = Contact.objects.get(pk=min(shown_contacts(showing[0])))
    showing = [c for c in showing if contact.pk in shown_contacts(c)]

    url, data = snippet_edit_data(CONTACT_ADMIN, contact, superuser)
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data["name"] = f"Legevakten {unique_word()}"
    data["change_note"] = "Nytt navn."
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["kommunikasjon"]).post(url, data)
    assert response.status_code == 302

    batch = the_one_batch(recorder)
    for chapter in showing:
        for localized in in_every_language(chapter):
            assert localized.get_full_url() in batch, localized
    assert site_root() + ENDPOINTS_PREFIX + PREFIX_MARK in batch


def test_a_draft_purges_nothing(
    recorder, history_chapter, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_history_chapter(
            history_chapter, users["kommunikasjon"], intro="Et utkast.", note="Utkast."
        )
    assert recorder == []


class Undo(Exception):
    pass


def publish_and_undo(page):
    """Publish a fresh copy of `page` in a transaction (or savepoint) that is rolled back."""
    with pytest.raises(Undo), transaction.atomic():
        type(page).objects.get(pk=page.pk).save_revision().publish()
        raise Undo


def test_a_rolled_back_change_purges_nothing_and_the_next_one_still_does(
    recorder, plan, chapters, django_capture_on_commit_callbacks
):
    chapter = chapters[max(chapters)]
    url = chapter.get_full_url()
    with django_capture_on_commit_callbacks(execute=True):
        publish_and_undo(plan)
    assert recorder == []

    # A rolled-back savepoint, then a change in the same transaction: that one is purged.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish_and_undo(plan)
        chapter.unpublish()
    assert url + PREFIX_MARK in the_one_batch(recorder)


def test_a_snippet_published_without_a_history_row_purges(
    recorder, chapters, django_capture_on_commit_callbacks
):
    actor = Actor.objects.live().filter(locale__language_code="nb").order_by("pk").first()
    actor.name = f"Etat {unique_word()}"
    with django_capture_on_commit_callbacks(execute=True), history_suppressed():
        actor.save_revision().publish()
    assert not HistoryEntry.objects.filter(revision=actor.live_revision).exists()
    assert_purges_the_site_around(the_one_batch(recorder), chapters[min(chapters)])


def test_without_a_configured_cache_nothing_is_enqueued(
    settings, database_queue, history_chapter, users, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=True):
        publish_history_chapter(history_chapter, users["kommunikasjon"])
    assert not purge_tasks().exists()


def test_the_command_purges_the_site_or_everything(recorder, chapters):
    output = io.StringIO()
    call_command("purge_edge_cache", stdout=output)
    batch = the_one_batch(recorder)
    assert_purges_the_site_around(batch, chapters[min(chapters)])
    assert f"{len(batch)} adresser" in output.getvalue()

    recorder.clear()
    call_command("purge_edge_cache", "--all", stdout=io.StringIO())
    assert the_one_batch(recorder) == {site_root() + "/" + PREFIX_MARK}


def test_the_command_says_so_when_no_cache_is_configured(settings):
    settings.WAGTAILFRONTENDCACHE = {}
    output = io.StringIO()
    call_command("purge_edge_cache", stdout=output)
    assert "PLANPORTAL_FRONTEND_CACHE_URLS" in output.getvalue()


# --- the ban requests --------------------------------------------------------------------


class FakeVarnish(BaseHTTPRequestHandler):
    """Records each request's method, Host and ban header; answers `status`."""

    requests: list[dict] = []
    status = 200

    def do_BAN(self):
        FakeVarnish.requests.append(
            {
                "method": self.command,
                "path": self.path,
                "host": self.headers["Host"],
                "ban": self.headers[BAN_HEADER],
            }
        )
        self.send_response(FakeVarnish.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish():
    FakeVarnish.requests = []
    FakeVarnish.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeVarnish)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def banned(expressions, path) -> bool:
    return any(re.search(expression, path) for expression in expressions)


def test_a_ban_names_exact_pages_with_any_query_and_prefixes(varnish):
    backend = VarnishBanBackend({"LOCATION": varnish})
    backend.purge_batch(
        [
            "http://plan.example.no/nb/handlingsplan/",
            "http://plan.example.no/api/v2/" + PREFIX_MARK,
            "http://plan.example.no/ar/خطة/",
        ]
    )

    [request] = FakeVarnish.requests
    assert request["method"] == "BAN" and request["path"] == "/"
    assert request["host"] == "plan.example.no"
    expressions = [request["ban"]]
    assert banned(expressions, "/nb/handlingsplan/")
    assert banned(expressions, "/nb/handlingsplan/?utm_source=x")
    assert not banned(expressions, "/nb/handlingsplan/forord/")
    assert not banned(expressions, "/nb/handlingsplanen/")
    assert banned(expressions, "/api/v2/pages/?locale=nb&type=plan_pages.PlanPage")
    assert not banned(expressions, "/api/schema/")
    # Non-ASCII addresses as clients send them: percent-encoded UTF-8.
    assert banned(expressions, "/ar/%D8%AE%D8%B7%D8%A9/")


def test_a_long_ban_is_split_below_the_header_limit(varnish, plan):
    backend = VarnishBanBackend({"LOCATION": varnish})
    urls = purge.change_urls()
    many = [f"{site_root()}/nb/side-{n}/" for n in range(300)] + urls

    backend.purge_batch(many)

    expressions = [r["ban"] for r in FakeVarnish.requests]
    assert len(expressions) > 1
    assert all(len(e) <= MAX_BAN_HEADER_LENGTH for e in expressions)
    for url in many:
        path = urlsplit(url).path.removesuffix(PREFIX_MARK)
        assert banned(expressions, path), url


def test_a_refused_ban_fails_the_task(varnish):
    FakeVarnish.status = 405
    backend = VarnishBanBackend({"LOCATION": varnish})
    with pytest.raises(BanFailed, match="405"):
        backend.purge_batch(["http://plan.example.no/nb/"])


def test_a_refused_ban_is_retried_later_and_bans_once_the_cache_is_back(
    varnish, database_queue, settings, plan
):
    """A cache that is down must not keep stale pages for s-maxage: the purge comes back."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": f"{VarnishBanBackend.__module__}.VarnishBanBackend",
            "LOCATION": varnish,
        }
    }
    FakeVarnish.status = 503
    before = timezone.now()
    purge_edge_cache.enqueue([])

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    failed, retry = purge_tasks().order_by("enqueued_at")
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == f"{BanFailed.__module__}.BanFailed"
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs == {"args": [[]], "kwargs": {"attempt": 2}}
    assert retry.run_after >= before + timedelta(seconds=settings.PLANPORTAL_PURGE_RETRY_DELAYS[0])

    # The cache is back and the delay has passed: the next pass bans.
    FakeVarnish.status = 200
    FakeVarnish.requests = []
    purge_tasks().filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL
    assert retry.return_value == len(purge.change_urls()) and FakeVarnish.requests


def test_the_last_attempt_of_a_refused_ban_gives_up(varnish, database_queue, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": f"{VarnishBanBackend.__module__}.VarnishBanBackend",
            "LOCATION": varnish,
        }
    }
    FakeVarnish.status = 503
    purge_edge_cache.enqueue([], attempt=len(settings.PLANPORTAL_PURGE_RETRY_DELAYS) + 1)

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    [given_up] = purge_tasks()
    assert given_up.status == TaskResultStatus.FAILED


def test_each_approval_purges_once_a_submission_not_at_all(
    recorder, history_chapter, users, superuser, django_capture_on_commit_callbacks
):
    """A submission changes nothing public; each approval writes a history row the history
    chapter shows (and the last one publishes): one purge each."""
    from tests.roles import approval_data
    from tests.test_notifications import act, submit

    captured = django_capture_on_commit_callbacks
    chapter = submit("page", history_chapter, users["slt"], superuser, "Notat.", captured)
    assert recorder == []

    act(chapter, users["politirad"], "approve", approval_data(), captured)
    assert_purges_the_site_around(the_one_batch(recorder), history_chapter)

    recorder.clear()
    act(chapter, users["kommunestyret"], "approve", approval_data(), captured)
    assert_purges_the_site_around(the_one_batch(recorder), history_chapter)
