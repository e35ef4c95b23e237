"""Conditional GETs stay right across processes: a publish anywhere reaches every worker.

Real OS processes against a committed copy of the test database: two API
workers (each a long-running process serving requests with Django's test
client, on command from stdin), and a publish and an unpublish in other
processes (a shell, Wagtail's `publish_scheduled` command). A worker that kept the moment of the
last change to itself would answer a client's stale If-Modified-Since with a
304 for content that has changed.
"""

import pytest
from django.utils.http import parse_http_date

from plan_pages.models import ChapterPage
from tests.processes import LineWorker, database_copy, finish, manage, python

pytestmark = pytest.mark.django_db
WORKERS = 2

# Serves one GET per line of stdin ({"url": ..., "since": ...}), answers with a line of JSON.
WORKER = """
import json, sys
from django.test import Client

client = Client()
for line in sys.stdin:
    command = json.loads(line)
    headers = {"If-Modified-Since": command["since"]} if command.get("since") else {}
    response = client.get(command["url"], headers=headers)
    answer = {
        "status": response.status_code,
        "last_modified": response.headers.get("Last-Modified"),
        "body": response.content.decode(),
    }
    sys.stdout.write(json.dumps(answer) + "\\n")
    sys.stdout.flush()
"""

PUBLISH = """
from django.db import transaction
from plan_pages.models import ChapterPage

with transaction.atomic():  # as the admin's views publish
    chapter = ChapterPage.objects.get(pk={pk})
    chapter.intro = {intro!r}
    chapter.save_revision().publish()
"""

SCHEDULE = """
from datetime import timedelta
from django.utils import timezone
from plan_pages.models import ChapterPage

chapter = ChapterPage.objects.get(pk={pk})
chapter.intro = {intro!r}
chapter.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
"""

UNPUBLISH = """
from plan_pages.models import ChapterPage

ChapterPage.objects.get(pk={pk}).unpublish()
"""


class Worker(LineWorker):
    def __init__(self, env):
        super().__init__(env, WORKER)

    def get(self, url, since=None) -> dict:
        return self.ask({"url": url, "since": since})


@pytest.fixture
def chapter(plan):
    """A live chapter of the committed plan (the copy has it too)."""
    return ChapterPage.objects.child_of(plan).live().order_by("path").last()


@pytest.fixture
def copy_env():
    with database_copy() as env:
        yield env


@pytest.fixture
def workers(copy_env):
    started = [Worker(copy_env) for _ in range(WORKERS)]
    yield started
    for worker in started:
        finish(worker.process)  # closes its stdin: the worker's loop ends


def warm(workers, url) -> str:
    """Every worker has served `url` and answers its own Last-Modified with 304."""
    dates = set()
    for worker in workers:
        first = worker.get(url)
        assert first["status"] == 200
        dates.add(first["last_modified"])
        assert worker.get(url, since=first["last_modified"])["status"] == 304
    assert len(dates) == 1, dates
    return dates.pop()


def assert_modified_everywhere(workers, url, since, status=200) -> str:
    """Every worker answers the stale date with the new content and a newer Last-Modified."""
    dates = set()
    for worker in workers:
        answer = worker.get(url, since=since)
        assert answer["status"] == status, answer["body"][:300]
        assert parse_http_date(answer["last_modified"]) > parse_http_date(since)
        dates.add(answer["last_modified"])
    assert len(dates) == 1, dates
    return dates.pop()


def publish_in_a_shell(env, chapter, intro):
    finish(python(env, PUBLISH.format(pk=chapter.pk, intro=intro)))


def publish_scheduled(env, chapter, intro):
    finish(python(env, SCHEDULE.format(pk=chapter.pk, intro=intro)))
    manage(env, "publish_scheduled")


@pytest.mark.parametrize("publish", [publish_in_a_shell, publish_scheduled])
def test_a_publish_in_another_process_reaches_every_worker(copy_env, workers, chapter, publish):
    detail = f"/api/v2/pages/{chapter.pk}/"
    listing = "/api/v2/pages/?locale=nb&limit=100"
    before = warm(workers, detail)
    assert warm(workers, listing) == before

    intro = "Publisert fra en annen prosess."
    publish(copy_env, chapter, intro)

    after = assert_modified_everywhere(workers, detail, since=before)
    assert all(intro in w.get(detail)["body"] for w in workers)
    assert assert_modified_everywhere(workers, listing, since=before) == after

    # An unpublish in a shell: the listing changes, the detail is gone.
    finish(python(copy_env, UNPUBLISH.format(pk=chapter.pk)))
    assert assert_modified_everywhere(workers, listing, since=after)
    assert all(w.get(detail, since=after)["status"] == 404 for w in workers)
