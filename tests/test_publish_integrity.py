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
from tests.processes import database_copy, finish, python

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


def test_a_publish_whose_history_cannot_be_written_changes_nothing(plan, chapters, users):
    """A `published` receiver failing after the history row: the publish is undone whole."""
    chapter = chapters[2]
    adviser = users["kommunikasjon"]
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
    assert chapter.intro == live_intro
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

# Run first in every process below: the adviser, and what the plan records.
PRELUDE = """
import json
from plan_pages.models import HistoryEntry, PlanPage
from roles.definitions import COMMUNICATIONS_ADVISER
from tests.roles import make_user
from django.contrib.auth import get_user_model


def adviser():
    found = get_user_model().objects.filter(username="radgiver").first()
    return found or make_user("radgiver", COMMUNICATIONS_ADVISER)


def state():
    plan = PlanPage.objects.get(locale__language_code="nb")
    rows = HistoryEntry.objects.filter(plan=plan, sets_version=True).order_by("pk")
    return {"version": plan.version, "rows": list(rows.values_list("version", "change"))}
"""


def run(env, code: str):
    """Run `code` after PRELUDE in a process of its own; what it printed last, as JSON."""
    return json.loads(finish(python(env, PRELUDE + code)).splitlines()[-1])


def _minor_steps(start: str, versions: list[str]) -> list[int]:
    major, minor = parse_version(start)
    return sorted(parse_version(v)[1] - minor for v in versions if parse_version(v)[0] == major)


ADMIN_PUBLISHES = """
from django.test import Client
from plan_pages.models import ChapterPage
from snippets.models import Measure
from tests.roles import page_edit_data, snippet_edit_data

client = Client()
client.force_login(adviser())
before, statuses = state(), []
chapter = ChapterPage.objects.filter(locale__language_code="nb").order_by("path").first()
measure = Measure.objects.filter(locale__language_code="nb", live=True).order_by("pk").first()
for name, (url, data), field in [
    ("kapittel", page_edit_data(chapter, adviser()), "intro"),
    ("tiltak", snippet_edit_data("wagtailsnippets_snippets_measure", measure, adviser()), "how"),
]:
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data[field] = f"Publisert av rådgiveren ({name})."
    data["change_note"] = f"Publisert {name}"
    data["action-publish"] = "action-publish"
    statuses.append(client.post(url, data).status_code)
print(json.dumps({"before": before, "statuses": statuses, "after": state()}))
"""


def test_the_advisers_publishes_through_the_admin_write_their_rows(plan):
    """The admin's publish of a chapter and a measure, in autocommit as a server runs it."""
    with database_copy() as env:
        result = run(env, ADMIN_PUBLISHES)
    before, after = result["before"], result["after"]
    assert result["statuses"] == [302, 302]
    assert [change for _, change in after["rows"][len(before["rows"]) :]] == [
        "Redaksjonell endring: Publisert kapittel",
        "Redaksjonell endring: Publisert tiltak",
    ]
    assert _minor_steps(before["version"], [v for v, _ in after["rows"]][-2:]) == [1, 2]
    assert after["rows"][-1][0] == after["version"]


SCHEDULE = """
import datetime
from django.utils import timezone
from plan_pages.models import ChapterPage

before = state()
due = timezone.now() + datetime.timedelta(seconds=1)
for chapter in ChapterPage.objects.filter(locale__language_code="nb").order_by("path")[:2]:
    chapter.intro = f"Planlagt ingress {chapter.pk}"
    chapter.go_live_at = due
    chapter.save_revision(user=adviser()).publish(user=adviser())
print(json.dumps({"before": before, "due": due.timestamp()}))
"""

PUBLISH_SCHEDULED = """
import time
from django.core.management import call_command
from plan_pages.models import ChapterPage

time.sleep(max(0.0, DUE - time.time() + 0.1))
call_command("publish_scheduled")
chapters = ChapterPage.objects.filter(locale__language_code="nb").order_by("path")[:2]
print(json.dumps({"intros": [c.intro for c in chapters], "after": state()}))
"""


def test_publish_scheduled_publishes_every_due_revision_with_its_own_row(plan):
    """Two revisions due at once: both go live, each with its own row and version."""
    with database_copy() as env:
        scheduled = run(env, SCHEDULE)
        result = run(env, f"DUE = {scheduled['due']}\n" + PUBLISH_SCHEDULED)
    before, after = scheduled["before"], result["after"]
    assert all(intro.startswith("Planlagt ingress") for intro in result["intros"])
    new_rows = after["rows"][len(before["rows"]) :]
    assert _minor_steps(before["version"], [v for v, _ in new_rows]) == [1, 2]


PROCESSES = 4
PUBLISHES_EACH = 8

PUBLISHER = """
import time
from plan_pages.models import ChapterPage

adviser = adviser()
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
        before = run(env, "adviser()\nprint(json.dumps(state()))")
        # Every process is set up and waiting before the first one publishes.
        start_at = time.time() + 10
        processes = [
            python(
                env,
                PRELUDE
                + f"index, count, start_at = {i}, {PUBLISHES_EACH}, {start_at}\n"
                + PUBLISHER,
            )
            for i in range(PROCESSES)
        ]
        for process in processes:
            finish(process)
        after = run(env, "print(json.dumps(state()))")
    total = PROCESSES * PUBLISHES_EACH
    new_rows = after["rows"][len(before["rows"]) :]
    assert len(new_rows) == total
    assert _minor_steps(before["version"], [v for v, _ in new_rows]) == list(range(1, total + 1))
    assert _minor_steps(before["version"], [after["version"]]) == [total]
