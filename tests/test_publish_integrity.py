"""A publish, its history row and its version are one unit: all or nothing, once each.

In-process tests run inside the suite's transaction, where a missing
transaction of our own cannot show; the publishes that matter here run in
real processes of their own (tests/processes.py), in autocommit as a server
does, several at once.
"""

import inspect
import json
import time

import pytest
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.signals import published

from plan_pages.models import HistoryEntry, PlanPage
from plan_pages.versioning import parse_version
from roles.definitions import COMMUNICATIONS_ADVISER
from tests.processes import database_copy, finish, python
from tests.roles import make_user

pytestmark = pytest.mark.django_db


def test_every_publish_in_wagtail_runs_through_the_atomic_wrapper():
    """Pages (whose editor builds the action itself) and snippets alike."""
    assert PublishRevisionAction.execute.planportal_atomic
    assert PublishPageRevisionAction.execute is PublishRevisionAction.execute
    # The wrapped method's signature, as this Wagtail version defines it.
    assert list(inspect.signature(PublishRevisionAction.execute).parameters) == [
        "self",
        "skip_permission_checks",
    ]


class SubscriberFailed(Exception):
    pass


def test_a_publish_whose_history_cannot_be_written_changes_nothing(plan, chapters):
    """A `published` receiver failing after the history row: the publish is undone whole."""
    chapter = chapters[2]
    adviser = make_user("radgiver", COMMUNICATIONS_ADVISER)
    rows_before, version_before = HistoryEntry.objects.count(), plan.version
    live_intro = chapter.intro

    def fail(**kwargs):
        raise SubscriberFailed

    chapter.intro = "Ny ingress som aldri blir publisert."
    revision = chapter.save_revision(user=adviser)
    published.connect(fail, dispatch_uid="test_failing_subscriber")
    try:
        with pytest.raises(SubscriberFailed):
            revision.publish(user=adviser)
    finally:
        published.disconnect(dispatch_uid="test_failing_subscriber")

    chapter.refresh_from_db()
    assert (chapter.intro, chapter.live_revision_id) == (live_intro, chapter.live_revision_id)
    assert chapter.live_revision_id != revision.pk
    assert HistoryEntry.objects.count() == rows_before
    assert PlanPage.objects.get(pk=plan.pk).version == version_before


def test_a_version_is_given_once(plan):
    """The database itself refuses a second row raising the plan to the same version."""
    from django.db import IntegrityError, transaction

    row = {"plan": plan, "date": plan.version_date, "change": "x", "responsible": "y"}
    HistoryEntry.objects.create(version="9.1", sets_version=True, **row)
    HistoryEntry.objects.create(version="9.1", sets_version=False, **row)  # a step's row
    with pytest.raises(IntegrityError), transaction.atomic():
        HistoryEntry.objects.create(version="9.1", sets_version=True, **row)


# --- real processes, in autocommit ------------------------------------------------------

SETUP = """
from roles.definitions import COMMUNICATIONS_ADVISER
from tests.roles import make_user
make_user("radgiver", COMMUNICATIONS_ADVISER)
"""


def _state(env) -> dict:
    """The plan's version and every history row that raised it, read by another process."""
    code = """
import json
from plan_pages.models import HistoryEntry, PlanPage
plan = PlanPage.objects.get(locale__language_code="nb")
rows = list(HistoryEntry.objects.filter(plan=plan, sets_version=True)
            .order_by("pk").values_list("version", "revision_id", "change"))
print(json.dumps({"version": plan.version, "rows": rows}))
"""
    return json.loads(finish(python(env, code)))


def _minor_steps(start: str, versions: list[str]) -> list[int]:
    major, minor = parse_version(start)
    return sorted(parse_version(v)[1] - minor for v in versions if parse_version(v)[0] == major)


@pytest.mark.parametrize("model", ["chapter", "measure"])
def test_the_advisers_publish_through_the_admin_writes_its_row(plan, model):
    """The admin's publish, as a server runs it (autocommit): 302, a row, a new version."""
    code = f"""
from django.test import Client
from django.contrib.auth import get_user_model
from plan_pages.models import ChapterPage
from snippets.models import Measure
from tests.roles import page_edit_data, snippet_edit_data

adviser = get_user_model().objects.get(username="radgiver")
client = Client()
client.force_login(adviser)
if "{model}" == "chapter":
    obj = ChapterPage.objects.filter(locale__language_code="nb").order_by("path").first()
    url, data = page_edit_data(obj, adviser)
    data["intro"] = "Ingress publisert av rådgiveren."
else:
    obj = Measure.objects.filter(locale__language_code="nb", live=True).order_by("pk").first()
    url, data = snippet_edit_data("wagtailsnippets_snippets_measure", obj, adviser)
    data["how"] = "Tiltak publisert av rådgiveren."
for key in [k for k in data if k.startswith("action-")]:
    del data[key]
data["change_note"] = "Publisert fra {model}"
data["action-publish"] = "action-publish"
response = client.post(url, data)
print(response.status_code)
"""
    with database_copy() as env:
        finish(python(env, SETUP))
        before = _state(env)
        status = finish(python(env, code)).strip()
        after = _state(env)
    assert status == "302"
    [row] = after["rows"][len(before["rows"]) :]
    assert row[2] == f"Redaksjonell endring: Publisert fra {model}"
    assert _minor_steps(before["version"], [after["version"]]) == [1]
    assert row[0] == after["version"]


def test_publish_scheduled_publishes_every_due_revision_with_its_own_row(plan):
    """Two revisions due at once: both go live, each with its own row and version."""
    schedule = """
import datetime
from django.utils import timezone
from django.contrib.auth import get_user_model
from plan_pages.models import ChapterPage

adviser = get_user_model().objects.get(username="radgiver")
for chapter in ChapterPage.objects.filter(locale__language_code="nb").order_by("path")[:2]:
    chapter.intro = f"Planlagt ingress {chapter.pk}"
    chapter.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    chapter.save_revision(user=adviser).publish(user=adviser)
"""
    wait_and_check = """
import json, time
time.sleep(2.5)
from django.core.management import call_command
call_command("publish_scheduled")
from plan_pages.models import ChapterPage
chapters = ChapterPage.objects.filter(locale__language_code="nb").order_by("path")[:2]
print(json.dumps([c.intro for c in chapters]))
"""
    with database_copy() as env:
        finish(python(env, SETUP))
        before = _state(env)
        finish(python(env, schedule))
        intros = json.loads(finish(python(env, wait_and_check)))
        after = _state(env)
    assert all(intro.startswith("Planlagt ingress") for intro in intros)
    new_rows = after["rows"][len(before["rows"]) :]
    assert len(new_rows) == 2
    assert _minor_steps(before["version"], [v for v, *_ in new_rows]) == [1, 2]


PROCESSES = 4
PUBLISHES_EACH = 12

PUBLISHER = """
import time
from django.contrib.auth import get_user_model
from plan_pages.models import ChapterPage, PlanPage

adviser = get_user_model().objects.get(username="radgiver")
plan = PlanPage.objects.get(locale__language_code="nb")
# Process 0 publishes the plan page itself, the others a chapter each.
if index == 0:
    target = plan
else:
    target = ChapterPage.objects.child_of(plan).order_by("path")[index - 1].specific
time.sleep(max(0.0, start_at - time.time()))
for n in range(count):
    obj = type(target).objects.get(pk=target.pk)
    if index:
        obj.intro = f"Ingress {index}.{n}"
    obj.save_revision(user=adviser).publish(user=adviser)
"""


def test_concurrent_publishes_get_unique_gap_free_versions(plan):
    """Several real processes publishing at once: one row and one version per publish."""
    with database_copy() as env:
        finish(python(env, SETUP))
        before = _state(env)
        # Every process is set up and waiting before the first one publishes.
        start_at = time.time() + 10
        processes = [
            python(env, f"index, count, start_at = {i}, {PUBLISHES_EACH}, {start_at}\n" + PUBLISHER)
            for i in range(PROCESSES)
        ]
        for process in processes:
            finish(process)
        after = _state(env)
    total = PROCESSES * PUBLISHES_EACH
    new_rows = after["rows"][len(before["rows"]) :]
    assert len(new_rows) == total
    assert _minor_steps(before["version"], [v for v, *_ in new_rows]) == list(range(1, total + 1))
    assert _minor_steps(before["version"], [after["version"]]) == [total]
