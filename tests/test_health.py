"""The load balancer's probes: /healthz (the process answers), /readyz (database, cache, task queue)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.health import READINESS_CHECKS

pytestmark = pytest.mark.django_db


def _never_cached(response):
    assert "no-store" in response["Cache-Control"]


def test_the_probes_live_outside_the_language_prefixes():
    assert reverse("healthz") == "/healthz"
    assert reverse("readyz") == "/readyz"


def test_healthz_answers_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    _never_cached(response)


def test_a_load_balancer_may_ask_with_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.head("/readyz").status_code == 200
    assert client.post("/readyz").status_code == 405


def test_readyz_is_ready_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": dict.fromkeys(READINESS_CHECKS, "ok"),
    }
    _never_cached(response)


def _unavailable(response, *failed):
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failed"] == list(failed)
    assert body["checks"] == {
        name: "failed" if name in failed else "ok" for name in READINESS_CHECKS
    }
    _never_cached(response)


def test_readyz_names_the_database_when_it_does_not_answer(client):
    refused = OperationalError("connection refused")
    with mock.patch.object(connections["default"], "cursor", side_effect=refused):
        response = client.get("/readyz")
    # The task queue is a table in that database: it cannot be checked either.
    _unavailable(response, "database", "tasks")


def test_readyz_names_the_cache_when_it_is_down(client):
    with mock.patch.object(caches["default"], "set", side_effect=ConnectionError("no cache")):
        response = client.get("/readyz")
    _unavailable(response, "cache")


def test_readyz_names_the_cache_when_it_keeps_nothing(client):
    with mock.patch.object(caches["default"], "get", return_value=None):
        response = client.get("/readyz")
    _unavailable(response, "cache")


# --- the task queue: a task due for too long means no worker runs -------------------------


@pytest.fixture
def database_queue(settings):
    """The production queue (django-tasks-db) instead of the test suite's immediate backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _enqueue(**using):
    from moderation.tasks import send_notification_email

    result = send_notification_email.using(**using).enqueue("a@example.invalid", "Emne", "Tekst")
    return DBTaskResult.objects.filter(pk=result.id)


def _age(seconds):
    return timezone.now() - timedelta(seconds=seconds)


def test_readyz_is_ready_while_a_queued_task_is_younger_than_the_limit(
    client, database_queue, settings
):
    _enqueue().update(enqueued_at=_age(settings.PLANPORTAL_READYZ_MAX_TASK_AGE - 5))
    assert client.get("/readyz").status_code == 200


def test_readyz_names_the_tasks_when_a_task_waits_longer_than_the_limit(
    client, database_queue, settings
):
    _enqueue().update(enqueued_at=_age(settings.PLANPORTAL_READYZ_MAX_TASK_AGE + 5))
    _unavailable(client.get("/readyz"), "tasks")


def test_a_deferred_task_counts_from_when_it_became_due(client, database_queue, settings):
    limit = settings.PLANPORTAL_READYZ_MAX_TASK_AGE
    later = _enqueue(run_after=timezone.now() + timedelta(minutes=5))
    later.update(enqueued_at=_age(limit * 3))
    assert client.get("/readyz").status_code == 200
    later.update(run_after=_age(limit - 5))
    assert client.get("/readyz").status_code == 200
    later.update(run_after=_age(limit + 5))
    _unavailable(client.get("/readyz"), "tasks")


def test_a_task_running_or_finished_long_ago_is_not_waiting(client, database_queue, settings):
    old = _enqueue()
    old.update(enqueued_at=_age(settings.PLANPORTAL_READYZ_MAX_TASK_AGE * 3))
    for status in (TaskResultStatus.RUNNING, TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        old.update(status=status)
        assert client.get("/readyz").status_code == 200
