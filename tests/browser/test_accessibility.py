"""Every public page passes axe-core's WCAG 2.1 A/AA rules on a desktop and a phone."""

from pathlib import Path

import pytest

from .conftest import VIEWPORTS

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_NAMES = [
    "home",
    "plan",
    *(f"chapter-{number}" for number in range(1, 10)),
    "search",
    "not-found",
]
AXE_RUN = """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})"""

pytestmark = pytest.mark.browser


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " / ")
                lines.append(f"       {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="module", params=list(VIEWPORTS), ids=list(VIEWPORTS))
def browser_context(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="nb-NO")
    yield context
    context.close()


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_page_has_no_wcag_violations(browser_context, public_pages, page_name):
    assert AXE_PATH.exists(), f"axe-core is missing ({AXE_PATH}); run `make node`."
    url = public_pages[page_name]
    page = browser_context.new_page()
    try:
        response = page.goto(url, wait_until="load")
        expected_status = 404 if page_name == "not-found" else 200
        assert response is not None
        assert response.status == expected_status, f"{url} answered {response.status}"

        lang, direction = page.evaluate(
            "() => [document.documentElement.getAttribute('lang'),"
            " document.documentElement.getAttribute('dir')]"
        )
        assert (lang, direction) == ("nb", "ltr"), f'{url}: <html lang="{lang}" dir="{direction}">'

        if page_name == "search":
            assert page.locator(".search-results > li").count() > 0, (
                f"{url}: the search page shows no results to check"
            )

        broken_images = page.evaluate(
            "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.currentSrc || i.src)"
        )
        assert not broken_images, f"{url}: images that did not load: {broken_images}"

        page.add_script_tag(path=str(AXE_PATH))
        results = page.evaluate(AXE_RUN, WCAG_TAGS)
        violations = results["violations"]
        assert not violations, (
            f"{url} ({page.viewport_size['width']}×{page.viewport_size['height']}) has "
            f"{len(violations)} WCAG 2.1 A/AA violation(s):\n{format_violations(violations)}"
        )
    finally:
        page.close()
