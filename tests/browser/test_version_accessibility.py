"""A kept version's pages (the stored page with its banner), and what changed from the one
before (plan_pages.changes), pass axe-core's WCAG 2.1 A/AA rules, in Norwegian and in
Arabic (right to left), on a desktop and a phone.

Runs after the other browser modules (it publishes twice on the shared server's database:
the first version it makes is then an old one, with the warning banner and `noindex`).
"""

import json

import pytest

from plan_pages.versions import VERSION_SEGMENT, pdf_path
from tests.processes import finish, python

from .test_accessibility import browser_context, check_page  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

MAKE_VERSIONS = """
import json
from plan_pages.changes import changes_path
from plan_pages.models import ChapterPage, PlanPage, PublishedVersion
from plan_pages.versions import version_path

chapter = ChapterPage.objects.filter(locale__language_code="nb").order_by("path").first()
versions = []
for step in range(2):  # two editorial publishes: two versions, the first no longer current
    if step:  # words removed and inserted: the comparison has both
        chapter.intro = chapter.intro.replace(" ", " endret ", 1) + " Ny setning her."
    revision = chapter.save_revision()
    revision.publish()
    versions.append(PlanPage.objects.get(pk=chapter.get_parent().pk).version)
old = PublishedVersion.objects.filter(version=versions[0], rendered_at__isnull=False)
pages = {}
for kept in old.select_related("plan", "locale"):
    code = kept.locale.language_code
    index = version_path(kept.plan.url, kept.version)
    pages[f"{code}-version"] = (index, code)
    pages[f"{code}-version-chapter"] = (f"{index}{kept.chapters.first().slug}/", code)
new = PublishedVersion.objects.filter(version=versions[1], comparisons__isnull=False)
for kept in new.distinct().select_related("plan", "locale"):
    code = kept.locale.language_code
    pages[f"{code}-changes"] = (changes_path(version_path(kept.plan.url, kept.version)), code)
print(json.dumps(pages))
"""


@pytest.fixture(scope="module")
def version_pages(server):
    env = {**server.env, "PLANPORTAL_RENDER_KEPT_VERSIONS": "1"}
    pages = json.loads(finish(python(env, MAKE_VERSIONS)))
    assert {"nb-version", "nb-version-chapter", "ar-version", "ar-version-chapter"} <= set(pages)
    assert {"nb-changes", "ar-changes"} <= set(pages)
    return pages


@pytest.mark.parametrize(
    "name",
    [
        "nb-version",
        "nb-version-chapter",
        "ar-version",
        "ar-version-chapter",
        "nb-changes",
        "ar-changes",
    ],
)
def test_a_kept_version_has_no_wcag_violations(browser_context, server_url, version_pages, name):  # noqa: F811
    path, lang = version_pages[name]
    check_page(
        browser_context,
        f"{server_url}{path}",
        lang=lang,
        direction="rtl" if lang == "ar" else "ltr",
    )


@pytest.mark.parametrize("lang", ["nb", "ar"])
def test_the_page_saying_there_is_no_pdf_yet_has_no_wcag_violations(
    browser_context,  # noqa: F811 - the fixture
    server_url,
    version_pages,
    lang,
):
    """The PDFs are not made on this server (PLANPORTAL_MAKE_VERSION_PDFS): the plan's PDF
    address answers 404 with a page of the site."""
    plan_path = version_pages[f"{lang}-version"][0].split(f"{VERSION_SEGMENT}/")[0]
    check_page(
        browser_context,
        f"{server_url}{pdf_path(plan_path)}",
        status=404,
        lang=lang,
        direction="rtl" if lang == "ar" else "ltr",
    )
