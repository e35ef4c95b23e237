"""Schemathesis sends generated requests to every documented operation of the real API.

Each response must be documented (status, content type, headers) and match its
schema, and nothing may answer 500, whatever the parameters. The requests go to
Django's WSGI application in this process, so they read the test database with
the plan loaded.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.router import api_router
from tests.openapi import SCHEMA_URL

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db):
    # A request must not close the test's connection (its transaction holds the plan):
    # Django's test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(SCHEMA_URL, WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_answers_as_documented(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # A listing, a detail and a find for every endpoint on the API's router.
    assert len(operations) == 3 * len(api_router._endpoints)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20,
            derandomize=True,  # the same requests every run: CI is repeatable
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        def call(case):
            case.call_and_validate(checks=CHECKS)

        call()
