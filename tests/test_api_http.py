"""The API's HTTP behaviour: cache headers and 304s, CORS, and the anonymous rate limit."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from rest_framework.throttling import AnonRateThrottle

from plan_pages.models import HistoryEntry
from tests.roles import make_user

LISTING = "/api/v2/pages/?locale=nb"
ALLOWED_ORIGIN = "https://www.holmestrand.kommune.no"


@pytest.fixture
def chapter_url(chapters):
    return f"/api/v2/pages/{chapters[1].pk}/"


def test_anonymous_responses_are_cacheable_with_validators(client, db):
    response = client.get(LISTING)
    assert response.status_code == 200
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    cache_control = response.headers["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control


def test_a_matching_etag_or_date_gets_304(client, db):
    first = client.get(LISTING)
    by_etag = client.get(LISTING, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    by_date = client.get(LISTING, HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"])
    assert by_date.status_code == 304
    stale = client.get(LISTING, HTTP_IF_NONE_MATCH='"not-the-etag"')
    assert stale.status_code == 200


def test_a_publish_changes_the_etag(client, chapters, chapter_url):
    before = client.get(chapter_url).headers["ETag"]
    chapter = chapters[1]
    chapter.intro = "En ny ingress, publisert."
    chapter.save_revision().publish()
    after = client.get(chapter_url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after.headers["ETag"] != before
    assert "En ny ingress, publisert." in after.content.decode()


def test_signed_in_users_get_uncached_responses(client, db):
    client.force_login(make_user("redaktor-api", "Kommunikasjonsrådgiver"))
    response = client.get(LISTING)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_no_cors_header_by_default(client, db):
    response = client.get(LISTING, HTTP_ORIGIN=ALLOWED_ORIGIN)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_header_only_for_configured_origins(client, db, settings):
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED_ORIGIN]
    allowed = client.get(LISTING, HTTP_ORIGIN=ALLOWED_ORIGIN)
    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    other = client.get(LISTING, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other.headers
    # The public site itself is not an API: no CORS there.
    page = client.get("/nb/", HTTP_ORIGIN=ALLOWED_ORIGIN)
    assert "Access-Control-Allow-Origin" not in page.headers


@pytest.fixture
def three_per_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    cache.clear()
    yield
    cache.clear()


def test_anonymous_clients_are_rate_limited_by_their_address(client, db, three_per_minute):
    for _ in range(3):
        assert client.get(LISTING, REMOTE_ADDR="203.0.113.7").status_code == 200
    limited = client.get(LISTING, REMOTE_ADDR="203.0.113.7")
    assert limited.status_code == 429
    assert "detail" in limited.json()
    assert "Retry-After" in limited.headers
    # Another client is not affected.
    assert client.get(LISTING, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, db, three_per_minute):
    for i in range(3):
        client.get(LISTING, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    forged = client.get(LISTING, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert forged.status_code == 429


def test_last_modified_is_cached_until_a_publish(client, chapters, chapter_url):
    """The newest-publish lookup runs once, not on every request, and a publish renews it."""
    cache.clear()
    first = client.get(chapter_url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(chapter_url)
    assert again.headers["Last-Modified"] == first.headers["Last-Modified"]
    assert not [q for q in queries.captured_queries if "MAX(" in q["sql"].upper()]

    chapter = chapters[1]
    chapter.intro = "Publisert senere."
    chapter.save_revision().publish()
    chapter.refresh_from_db()
    after = client.get(chapter_url)
    # The publish, or the history row it wrote a moment later (the two may straddle a second).
    published = chapter.last_published_at.timestamp()
    recorded = HistoryEntry.objects.latest("created_at").created_at.timestamp()
    assert recorded >= published
    assert after.headers["Last-Modified"] == http_date(int(max(published, recorded)))
