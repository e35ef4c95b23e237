"""Render every chapter of the plan, and synthetic 10- and 100-block chapters, as HTML and API.

Run with `make bench` (DJANGO_SETTINGS_MODULE=cms.settings.test python -m bench).
A throwaway test database is created, the plan is loaded into it with the
real `load_plan` command, and the database is destroyed at the end. Prints the
median time over RUNS requests and the query count of each page, rendered on every
request and, for HTML pages, served from the render cache (core.render_cache, as
production does with Redis), and the ratios between the 100-block and the 10-block
chapter: rendering time should grow about linearly with blocks, queries not at all.
"""

import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
# What the render cache keeps a rendering for while measuring it.
KEPT_SECONDS = 60 * 60


def configure_test_database():
    """Point the default database's TEST name at a database of our own, never the suite's.

    Returns a temporary folder to remove afterwards (SQLite), or None.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    test = db.setdefault("TEST", {})
    if db["ENGINE"] == "django.db.backends.sqlite3":
        folder = Path(tempfile.mkdtemp(prefix="planportal-bench-"))
        test["NAME"] = str(folder / "bench.sqlite3")
        return folder
    test["NAME"] = f"test_{db['NAME']}_bench_{os.getpid()}"
    return None


def measure(client, url, runs=RUNS):
    """(median ms, queries) of GET `url`, after one warm-up request (renditions, caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries.captured_queries)  # now: later requests reset the query log
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), count


def measure_page(client, url):
    """((ms, queries) rendered on every request, (ms, queries) from the render cache)."""
    from django.test import override_settings

    with override_settings(PLANPORTAL_RENDER_CACHE_SECONDS=0):
        rendered = measure(client, url)
    with override_settings(PLANPORTAL_RENDER_CACHE_SECONDS=KEPT_SECONDS):
        kept = measure(client, url)
    return rendered, kept


def run(out):
    from django.test import Client

    from plan_pages.models import ChapterPage, PlanPage
    from tests.factories import add_chapter, sized_body

    plan = PlanPage.objects.get(locale__language_code="nb")
    client = Client()
    rows = []
    for chapter in ChapterPage.objects.child_of(plan).live().order_by("path"):
        label = f"{chapter.number} {chapter.title}"
        rows.append((label, len(chapter.body), *measure_page(client, chapter.url)))

    synthetic, synthetic_api = {}, {}
    for n in (10, 100):
        chapter = add_chapter(plan, title=f"Synthetic chapter {n}", body=sized_body(n))
        rendered, kept = measure_page(client, chapter.url)
        synthetic[n] = rendered
        rows.append((f"synthetic, {n} blocks", len(chapter.body), rendered, kept))
        synthetic_api[n] = measure(client, f"/api/v2/pages/{chapter.pk}/")
        rows.append((f"API detail, {n} blocks", len(chapter.body), synthetic_api[n], None))
    listing = measure(client, "/api/v2/pages/?limit=100")
    rows.append(("API pages listing (limit=100)", 0, listing, None))
    schema = measure(client, "/api/schema/?format=json", runs=3)
    rows.append(("API OpenAPI document", 0, schema, None))

    width = max(len(r[0]) for r in rows)
    out.write(f"\nMedian of {RUNS} requests (after one warm-up request); rendered on every ")
    out.write("request, and served from the render cache (HTML pages)\n\n")
    out.write(
        f"{'page':<{width}}  {'blocks':>6}  {'median ms':>9}  {'queries':>7}"
        f"  {'cached ms':>9}  {'queries':>7}\n"
    )
    out.write(f"{'-' * width}  {'-' * 6}  {'-' * 9}  {'-' * 7}  {'-' * 9}  {'-' * 7}\n")
    for label, blocks, (ms, queries), kept in rows:
        cached = f"  {kept[0]:>9.1f}  {kept[1]:>7}" if kept else f"  {'–':>9}  {'–':>7}"
        out.write(f"{label[:width]:<{width}}  {blocks:>6}  {ms:>9.1f}  {queries:>7}{cached}\n")
    status = 0
    for name, results in (("HTML", synthetic), ("API", synthetic_api)):
        (ms10, q10), (ms100, q100) = results[10], results[100]
        out.write(f"\n{name}\n")
        out.write(f"time    100 blocks / 10 blocks: {ms100 / ms10:5.2f}x\n")
        out.write(f"queries 100 blocks / 10 blocks: {q100 / q10:5.2f}x  ({q100} / {q10})\n")
        if q100 != q10:
            out.write("WARNING: the number of queries grows with the number of blocks.\n")
            status = 1
    return status


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    folder = configure_test_database()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        call_command("load_plan", stdout=io.StringIO())
        sys.stdout.write(f"load_plan: {(time.perf_counter() - started) * 1000:.0f} ms\n")
        status = run(sys.stdout)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
