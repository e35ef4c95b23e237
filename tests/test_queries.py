"""A page's database queries: few (issue #12), and not growing with its content."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plan_pages.blocks import ChapterBodyBlock
from tests.factories import add_chapter, add_history, big_body, tagged

pytestmark = pytest.mark.django_db

# Issue #12: a seed page, as HTML or as an API detail, in at most this many queries.
MAX_QUERIES = 10


def count_queries(client, url):
    """Queries of one public GET of `url`, after a first GET has made the image renditions."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def api_detail(page) -> str:
    return f"/api/v2/pages/{page.pk}/"


def api_text(client, page) -> str:
    """The page's API detail as text, non-ASCII characters as themselves."""
    return json.dumps(client.get(api_detail(page)).json(), ensure_ascii=False)


def describe(small, large):
    """The queries the large page makes more often than the small one."""
    from collections import Counter

    def shape(sql):
        return sql.split(" WHERE ")[0][:160]

    extra = Counter(map(shape, large)) - Counter(map(shape, small))
    return "\n".join(f"{n}× {sql}" for sql, n in extra.most_common())


def preview_title(name: str) -> str:
    """The title in a block's preview value, which `big_body` tags per copy."""
    return ChapterBodyBlock().child_blocks[name].meta.preview_value["title"]


def test_chapter_queries_do_not_grow_with_blocks(client, plan):
    add_history(plan, 3)
    small = add_chapter(plan, body=big_body(1))  # ~15 blocks
    large = add_chapter(plan, body=big_body(10))  # ~140 blocks
    assert len(large.body) > 9 * len(small.body) - 10

    small_queries = count_queries(client, small.url)
    large_queries = count_queries(client, large.url)
    assert len(large_queries) == len(small_queries), describe(small_queries, large_queries)

    # The large page really shows every chosen object: nothing was skipped to save queries.
    html = client.get(large.url).content.decode()
    assert html.count("<img") >= 10
    assert html.count('href="tel:') >= 30
    assert html.count("Tiltak nummer") >= 30
    for i in range(10):  # every copy of the section and the contacts blocks (tests.factories)
        assert tagged(preview_title("section"), i) in html
        assert tagged(preview_title("contacts"), i) in html
    assert html.count("Endring 2") == 1


def seed_pages_by_language() -> dict[str, list]:
    """The live home page, plan and chapters (not wagtail-localize's aliases of Norwegian
    pages) of every locale in the database, by language code."""
    from wagtail.models import Locale

    from home.models import HomePage
    from plan_pages.models import ChapterPage, PlanPage

    pages = {}
    for locale in Locale.objects.order_by("language_code"):
        found = [
            page
            for model in (HomePage, PlanPage, ChapterPage)
            for page in model.objects.live()
            .filter(locale=locale, alias_of__isnull=True)
            .order_by("path")
        ]
        if found:
            pages[locale.language_code] = found
    return pages


def test_seed_pages_in_every_language_have_few_queries(client):
    """Home, plan and every chapter in every loaded language, as HTML and as an API detail,
    within issue #12's bound: a translation's notice, footer and language switcher too."""
    pages = seed_pages_by_language()
    assert len(pages) > 1, f"the loaded plan should have translations: {sorted(pages)}"
    too_many = {}
    for page in (p for found in pages.values() for p in found):
        for url in (page.url, api_detail(page)):
            queries = count_queries(client, url)
            if len(queries) > MAX_QUERIES:
                too_many[url] = "\n".join([f"{len(queries)} queries:", *queries])
    assert not too_many, "\n\n".join(f"{url}: {sql}" for url, sql in too_many.items())


def test_api_detail_queries_do_not_grow_with_blocks(client, plan):
    add_history(plan, 3)
    small = add_chapter(plan, body=big_body(1))
    large = add_chapter(plan, body=big_body(10))

    small_queries = count_queries(client, api_detail(small))
    large_queries = count_queries(client, api_detail(large))
    assert len(large_queries) == len(small_queries), describe(small_queries, large_queries)

    # The large chapter's detail really carries every chosen object.
    text = api_text(client, large)
    body = client.get(api_detail(large)).json()["body"]
    assert sum(1 for b in body if b["type"] == "image" and b["value"]["image"]) == 10
    for i in range(10):
        assert tagged(preview_title("section"), i) in text
        assert tagged(preview_title("contacts"), i) in text
    measures = [m for b in body if b["type"] == "measures" for m in b["value"]["measures"]]
    assert len(measures) == 30
    contacts = [c for b in body if b["type"] == "contacts" for c in b["value"]["contacts"]]
    assert sum(len(c["phone_numbers"]) for c in contacts) >= 30


def test_plan_page_queries_do_not_grow_with_chapter_content(client, plan):
    """The table of contents reads each chapter's sections, not its other blocks."""
    add_chapter(plan, body=big_body(1))
    small_queries = count_queries(client, plan.url)
    add_chapter(plan, body=big_body(10))  # images, measures and contacts by the dozen
    large_queries = count_queries(client, plan.url)
    assert len(large_queries) == len(small_queries), describe(small_queries, large_queries)
    # The new chapter's sections are in the table of contents.
    assert tagged(preview_title("section"), 9) in client.get(plan.url).content.decode()
