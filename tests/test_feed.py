"""The Atom feed of the plan's kept versions (plan_pages.feeds), one per language."""

from datetime import date

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from core.http_cache import directives, is_public
from edge.backends import PREFIX_MARK
from edge.purge import change_urls
from plan_pages.changes import CHANGES_SEGMENT
from plan_pages.models import HistoryEntry, PlanPage, PublishedVersion
from plan_pages.versions import PDF_SEGMENT, feed_path, version_path
from tests.factories import unique_word

pytestmark = pytest.mark.django_db

ATOM = "application/atom+xml"


def keep(plan, version, *, rendered=True, pdf="", approved=True, decision=None):
    """A kept version of `plan` as archive.freeze leaves it (rendered or still waiting)."""
    return PublishedVersion.objects.create(
        plan=plan,
        locale=plan.locale,
        version=version,
        date=date(2026, 3, int(version.split(".")[1]) + 1),
        decision=decision,
        change=f"Endring {unique_word('endring')}",
        approved=approved,
        html="<html></html>" if rendered else "",
        pdf=pdf,
        rendered_at=timezone.now() if rendered else None,
    )


def fetch_feed(plan):
    response = Client().get(feed_path(plan.url))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(ATOM)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return response, parsed


def absolute(path):
    return f"http://testserver{path}"


def links_by_rel(entry):
    return {link["rel"]: link for link in entry.links}


def test_the_feed_lists_the_rendered_versions_with_their_links(plan):
    # As loaded, nothing is rendered yet (the suite does not render kept versions).
    assert not plan.published_versions.filter(rendered_at__isnull=False).exists()
    decision = HistoryEntry.objects.filter(plan=plan).first()
    first = keep(plan, "90.0", decision=decision)
    with_pdf = keep(plan, "90.1", pdf="versions/plan-90.1.pdf", approved=False)
    waiting = keep(plan, "90.2", rendered=False)

    _response, parsed = fetch_feed(plan)

    assert len(parsed.entries) == 2
    by_link = {entry.link: entry for entry in parsed.entries}
    assert absolute(version_path(plan.url, waiting.version)) not in by_link
    assert parsed.feed.language == "nb"
    assert plan.title in parsed.feed.title
    assert parsed.feed.link == absolute(plan.url)

    earliest = by_link[absolute(version_path(plan.url, first.version))]
    assert f"Versjon {first.version}" == earliest.title
    assert first.change in earliest.summary
    assert decision.responsible in earliest.summary
    assert earliest.published.startswith(first.date.isoformat())
    # Its own page; no earlier version kept, so no comparison, and no PDF stored.
    rels = links_by_rel(earliest)
    assert rels.keys() == {"alternate"}

    later = by_link[absolute(version_path(plan.url, with_pdf.version))]
    assert with_pdf.change in later.summary
    rels = links_by_rel(later)
    page = version_path(plan.url, with_pdf.version)
    assert rels["related"]["href"] == absolute(f"{page}{CHANGES_SEGMENT}/")
    assert rels["enclosure"]["href"] == absolute(f"{page}{PDF_SEGMENT}/")
    assert rels["enclosure"]["type"] == "application/pdf"
    assert absolute(f"{page}{CHANGES_SEGMENT}/") in later.summary


def test_an_earlier_version_is_compared_only_with_one_kept(plan):
    assert not plan.published_versions.filter(rendered_at__isnull=False).exists()
    keep(plan, "90.0", rendered=False)  # an earlier version not (yet) rendered
    only = keep(plan, "90.1")
    _response, parsed = fetch_feed(plan)
    entry = next(
        e for e in parsed.entries if e.link == absolute(version_path(plan.url, only.version))
    )
    assert "related" not in links_by_rel(entry)


def test_each_language_has_its_own_feed(plan):
    translations = PlanPage.objects.filter(translation_key=plan.translation_key).live()
    translated = translations.exclude(pk=plan.pk).select_related("locale").first()
    assert translated is not None, "the loaded plan has a live translation"
    nb_version = keep(plan, "90.0")
    other = keep(translated, "90.1")

    _response, parsed = fetch_feed(translated)

    language = translated.locale.language_code
    assert parsed.feed.language == language
    links = {entry.link for entry in parsed.entries}
    assert absolute(version_path(translated.url, other.version)) in links
    assert absolute(version_path(plan.url, nb_version.version)) not in links
    with translation.override(language):
        assert parsed.entries[0].title == translation.gettext("Versjon %(version)s") % {
            "version": other.version
        }


def test_the_feed_is_cached_like_a_page_and_purged_with_the_plan(plan):
    keep(plan, "90.0")
    response, _parsed = fetch_feed(plan)
    assert is_public(response)
    assert f"s-maxage={settings.PLANPORTAL_EDGE_CACHE_MAX_AGE}" in response["Cache-Control"]
    feed_url = plan.get_site().root_url + feed_path(plan.url)
    banned = [url.removesuffix(PREFIX_MARK) for url in change_urls() if url.endswith(PREFIX_MARK)]
    # Banned by a prefix of the plan's versions, not by a ban of the whole site.
    covering = [prefix for prefix in banned if feed_url.startswith(prefix)]
    assert covering and all(prefix.startswith(plan.get_full_url()) for prefix in covering)


def test_a_private_plans_feed_is_refused(plan):
    kept = keep(plan, "90.0")
    PageViewRestriction.objects.create(
        page=plan, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    response = Client().get(feed_path(plan.url))
    assert not response["Content-Type"].startswith(ATOM)
    body = response.content.decode()
    assert kept.change not in body and version_path(plan.url, kept.version) not in body
    assert "private" in directives(response) and "public" not in directives(response)


def test_the_plan_page_links_its_feed_in_its_head(plan):
    keep(plan, "90.0")
    response = Client().get(plan.url)
    assert response.status_code == 200
    head = BeautifulSoup(response.content, "html.parser").head
    link = head.find("link", rel="alternate", type=ATOM)
    assert link is not None and link["title"]
    assert link["href"] == feed_path(plan.url)
    fetch_feed(plan)


def test_the_feeds_queries_do_not_grow_with_its_versions(plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    keep(plan, "90.0", decision=HistoryEntry.objects.filter(plan=plan).first())
    fetch_feed(plan)  # warms what any first request reads (the sites' root paths)
    with CaptureQueriesContext(connection) as few:
        fetch_feed(plan)
    for minor in range(1, 6):
        keep(plan, f"90.{minor}", decision=HistoryEntry.objects.filter(plan=plan).first())
    fetch_feed(plan)  # the same warm-up: each version kept is a public change
    with CaptureQueriesContext(connection) as many:
        _response, parsed = fetch_feed(plan)
    assert len(parsed.entries) >= 6
    assert len(many) == len(few)
