"""The scheduler (manage.py run_scheduler): publishes what is due, and keeps going after a failure."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as PublishScheduled

from core.management.commands.run_scheduler import JOBS
from tests.factories import unique_word

pytestmark = pytest.mark.django_db


def _schedule(chapter):
    """A new intro, approved to go live a minute ago: what publish_scheduled publishes."""
    intro = unique_word("ingress")
    chapter.intro = intro
    chapter.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    chapter.refresh_from_db()
    assert chapter.intro != intro
    return intro


def test_a_tick_publishes_a_page_scheduled_in_the_past(foreword):
    intro = _schedule(foreword)
    call_command("run_scheduler", ticks=1, interval=0)
    foreword.refresh_from_db()
    assert foreword.intro == intro
    assert foreword.live_revision.approved_go_live_at is None


def test_a_failing_tick_does_not_stop_the_loop(foreword, caplog):
    intro = _schedule(foreword)
    publish = PublishScheduled.handle
    calls = []

    def fail_once(self, *args, **options):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database gone for a moment")
        return publish(self, *args, **options)

    with mock.patch.object(PublishScheduled, "handle", fail_once):
        call_command("run_scheduler", ticks=2, interval=0)
    assert len(calls) == 2
    assert "Scheduled job publish_scheduled failed" in caplog.text
    foreword.refresh_from_db()
    assert foreword.intro == intro


def test_daily_jobs_run_once_across_ticks():
    ran = []
    with mock.patch(
        "core.management.commands.run_scheduler.call_command",
        side_effect=lambda name, **options: ran.append(name),
    ):
        call_command("run_scheduler", ticks=3, interval=0)
    for name, every in JOBS:
        assert ran.count(name) == (3 if every is None else 1)
