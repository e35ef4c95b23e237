"""The load balancer's probes: /healthz (the process answers) and /readyz (database and cache)."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError, connections
from django.urls import reverse

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


def _unavailable(response, failed):
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failed"] == [failed]
    assert body["checks"] == {
        name: "failed" if name == failed else "ok" for name in READINESS_CHECKS
    }
    _never_cached(response)


def test_readyz_names_the_database_when_it_does_not_answer(client):
    refused = OperationalError("connection refused")
    with mock.patch.object(connections["default"], "cursor", side_effect=refused):
        response = client.get("/readyz")
    _unavailable(response, "database")


def test_readyz_names_the_cache_when_it_is_down(client):
    with mock.patch.object(caches["default"], "set", side_effect=ConnectionError("no cache")):
        response = client.get("/readyz")
    _unavailable(response, "cache")


def test_readyz_names_the_cache_when_it_keeps_nothing(client):
    with mock.patch.object(caches["default"], "get", return_value=None):
        response = client.get("/readyz")
    _unavailable(response, "cache")
