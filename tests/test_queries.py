"""A chapter's database queries do not grow with its content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plan_pages.blocks import ChapterBodyBlock
from tests.factories import add_chapter, add_history, big_body, tagged

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    """Queries of one public GET of `url`, after a first GET has made the image renditions."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


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


def test_seed_chapters_have_bounded_queries(client, chapters):
    """Every seed chapter renders in a small, fixed number of queries (22 with every block type)."""
    counts = {n: len(count_queries(client, c.url)) for n, c in chapters.items()}
    assert max(counts.values()) <= 40, counts


def test_plan_page_queries_do_not_grow_with_chapter_content(client, plan):
    """The table of contents reads each chapter's sections, not its other blocks."""
    add_chapter(plan, body=big_body(1))
    small_queries = count_queries(client, plan.url)
    add_chapter(plan, body=big_body(10))  # images, measures and contacts by the dozen
    large_queries = count_queries(client, plan.url)
    assert len(large_queries) == len(small_queries), describe(small_queries, large_queries)
    # The new chapter's sections are in the table of contents.
    assert tagged(preview_title("section"), 9) in client.get(plan.url).content.decode()
