"""The API's HTTP behaviour: cache headers and 304s, CORS, and the anonymous rate limit."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.http import http_date, parse_http_date
from rest_framework.throttling import AnonRateThrottle
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from api.models import PublicChange
from plan_pages.models import HistoryEntry
from snippets.models import Contact

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
    assert "public" in response.headers["Cache-Control"]
    assert get_max_age(response) == settings.PLANPORTAL_API_CACHE_MAX_AGE


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


def test_signed_in_users_get_uncached_responses(client, users):
    client.force_login(users["kommunikasjon"])
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


def test_last_modified_is_one_query_of_the_recorded_change(client, chapters, chapter_url):
    """The moment of the last change is read from its row with one query, never aggregated."""
    first = client.get(chapter_url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(chapter_url)
    assert again.headers["Last-Modified"] == first.headers["Last-Modified"]
    table = PublicChange._meta.db_table
    assert len([q for q in queries.captured_queries if table in q["sql"]]) == 1
    assert not [q for q in queries.captured_queries if "MAX(" in q["sql"].upper()]

    chapter = chapters[1]
    chapter.intro = "Publisert senere."
    chapter.save_revision().publish()
    chapter.refresh_from_db()
    after = client.get(chapter_url)
    recorded = PublicChange.objects.get().changed_at
    # Recorded by the publish and by the history row it wrote, after both.
    assert recorded >= chapter.last_published_at
    assert recorded >= HistoryEntry.objects.latest("created_at").created_at
    assert after.headers["Last-Modified"] == http_date(int(recorded.timestamp()))


# --- every kind of public change renews Last-Modified -------------------------------------


def unpublish(chapter):
    chapter.unpublish()


def delete(chapter):
    chapter.delete()


def move(chapter):
    chapter.move(chapter.get_prev_sibling(), pos="left")


def change_slug(chapter):
    chapter.slug = "ny-adresse"
    chapter.save_revision().publish()


def make_private(chapter):
    PageViewRestriction.objects.create(page=chapter, restriction_type="login")


def make_collection_private(chapter):
    CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(), restriction_type="login"
    )


def write_history(chapter):
    HistoryEntry.objects.create(
        plan=chapter.get_parent().specific,
        date=timezone.localdate(),
        version="9.9",
        change="Ny rad",
        responsible="Kommunikasjonsrådgiver",
    )


def delete_history(chapter):
    HistoryEntry.objects.order_by("pk").first().delete()


def publish_snippet(chapter):
    contact = Contact.objects.filter(live=True).first()
    contact.name = "Nytt navn"
    contact.save_revision().publish()


def unpublish_snippet(chapter):
    Contact.objects.filter(live=True).first().unpublish()


def change_image(chapter):
    image = get_image_model().objects.first()
    image.title = "Ny tittel"
    image.save()


CHANGES = [
    unpublish,
    delete,
    move,
    change_slug,
    make_private,
    make_collection_private,
    write_history,
    delete_history,
    publish_snippet,
    unpublish_snippet,
    change_image,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_every_public_change_renews_last_modified(client, chapters, change):
    long_ago = timezone.now() - timedelta(hours=1)
    PublicChange.objects.update(changed_at=long_ago)
    stale = client.get(LISTING).headers["Last-Modified"]
    assert stale == http_date(int(long_ago.timestamp()))

    change(chapters[2])
    response = client.get(LISTING, HTTP_IF_MODIFIED_SINCE=stale)
    assert response.status_code == 200
    assert parse_http_date(response.headers["Last-Modified"]) > parse_http_date(stale)


def test_a_rolled_back_change_records_nothing(client, chapters):
    long_ago = timezone.now() - timedelta(hours=1)
    PublicChange.objects.update(changed_at=long_ago)
    with pytest.raises(RuntimeError), transaction.atomic():
        chapters[2].unpublish()
        raise RuntimeError("rolled back")
    assert PublicChange.objects.get().changed_at == long_ago
