"""Every public page, in every published language, passes axe-core's WCAG 2.1 A/AA rules
on a desktop and a phone."""

from pathlib import Path

import pytest

from .conftest import VIEWPORTS, csp_violations, watch_csp

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_NAMES = [
    "home",
    "plan",
    *(f"chapter-{number}" for number in range(1, 10)),
    "search",
    "not-found",
]
# Translated pages, a page not translated yet and the site's own pages:
# (path, expected lang, expected dir).
LANGUAGE_PAGES = {
    "ar-home": ("/ar/", "ar", "rtl"),
    "ar-plan": ("/ar/action-plan/", "ar", "rtl"),
    "ar-chapter": ("/ar/action-plan/what-do-you-do-if-you-are-worried-about-someone/", "ar", "rtl"),
    "en-chapter": ("/en/action-plan/what-do-you-do-if-you-are-worried-about-someone/", "en", "ltr"),
    "so-not-translated": ("/so/handlingsplan/forord/", "so", "ltr"),
    # The site's own pages, linked from every footer (home.models).
    "accessibility-statement": ("/nb/tilgjengelighetserklaering/", "nb", "ltr"),
    "privacy": ("/nb/personvern/", "nb", "ltr"),
}
AXE_RUN = """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})"""
# axe-core goes in as an init script: a <script> element added to the page (add_script_tag) is an
# inline script, which the pages' Content-Security-Policy refuses, as it should.
AXE_SOURCE = AXE_PATH.read_text(encoding="utf-8") if AXE_PATH.exists() else ""

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
    """A browser context whose pages record what their Content-Security-Policy refuses
    (`context.csp_refused`, checked by check_page) and have axe-core loaded."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="nb-NO")
    context.csp_refused = watch_csp(context)
    context.add_init_script(AXE_SOURCE)
    yield context
    context.close()


def check_page(
    browser_context,
    url,
    *,
    status=200,
    lang="nb",
    direction="ltr",
    search=False,
    ready=None,
    refused_from=(),
):
    """Load `url`, check its status, language and images, that its Content-Security-Policy
    refused nothing, and run axe-core on it.

    `ready`: a selector that appears once a page drawn by JavaScript is complete.
    `refused_from`: addresses the policy is expected to refuse (a library's hard-coded ones).
    """
    assert AXE_PATH.exists(), f"axe-core is missing ({AXE_PATH}); run `make node`."
    page = browser_context.new_page()
    browser_context.csp_refused.clear()
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None
        assert response.status == status, f"{url} answered {response.status}"
        if ready:
            page.wait_for_selector(ready, state="attached", timeout=30_000)

        found = page.evaluate(
            "() => [document.documentElement.getAttribute('lang'),"
            " document.documentElement.getAttribute('dir')]"
        )
        assert tuple(found) == (lang, direction), (
            f'{url}: <html lang="{found[0]}" dir="{found[1]}">'
        )

        if search:
            assert page.locator(".search-results > li").count() > 0, (
                f"{url}: the search page shows no results to check"
            )

        broken_images = page.evaluate(
            "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.currentSrc || i.src)"
        )
        assert not broken_images, f"{url}: images that did not load: {broken_images}"

        assert response.headers.get("content-security-policy"), f"{url}: no Content-Security-Policy"
        refused = [
            message
            for message in csp_violations(page, browser_context.csp_refused)
            if not any(address in message for address in refused_from)
        ]
        assert not refused, f"{url}: refused by its Content-Security-Policy: {refused}"

        results = page.evaluate(AXE_RUN, WCAG_TAGS)
        violations = results["violations"]
        assert not violations, (
            f"{url} ({page.viewport_size['width']}×{page.viewport_size['height']}) has "
            f"{len(violations)} WCAG 2.1 A/AA violation(s):\n{format_violations(violations)}"
        )
    finally:
        page.close()


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_page_has_no_wcag_violations(browser_context, public_pages, page_name):
    check_page(
        browser_context,
        public_pages[page_name],
        status=404 if page_name == "not-found" else 200,
        search=page_name == "search",
    )


@pytest.mark.parametrize("page_name", list(LANGUAGE_PAGES))
def test_translated_page_has_no_wcag_violations(browser_context, server_url, page_name):
    path, lang, direction = LANGUAGE_PAGES[page_name]
    check_page(browser_context, f"{server_url}{path}", lang=lang, direction=direction)


def test_api_docs_have_no_wcag_violations(browser_context, server_url):
    """/api/docs/ (ReDoc over the OpenAPI document), once it has drawn every operation."""
    check_page(
        browser_context,
        f"{server_url}/api/docs/",
        lang="en",
        ready='#redoc-container[data-ready] [id="operation/pages_listing"]',
        # ReDoc's vendor logo, hard-coded in its bundle: nothing is fetched from elsewhere.
        refused_from=["https://cdn.redoc.ly/"],
    )
