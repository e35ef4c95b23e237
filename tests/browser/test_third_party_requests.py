"""Privacy in a real browser: loading the public pages and the API's documentation makes no
request to any host but ours (tests/test_third_party.py checks the markup; this checks what
Chromium actually asks for, scripts' requests included)."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_context(browser):
    context = browser.new_context(locale="nb-NO")
    yield context
    context.close()


def requests_elsewhere(browser_context, url: str, server_url: str, ready: str | None = None):
    """Requests to other hosts that left the browser: one the page's Content-Security-Policy
    stopped (Playwright reports its failure as "csp") never did."""
    own = urlsplit(server_url).netloc
    requested, blocked = [], set()
    page = browser_context.new_page()
    page.on("request", lambda request: requested.append(request.url))

    def failed(request):
        if request.failure in ("csp", "net::ERR_BLOCKED_BY_CSP"):
            blocked.add(request.url)

    page.on("requestfailed", failed)
    try:
        page.goto(url, wait_until="networkidle")
        if ready:
            page.wait_for_selector(ready, state="attached", timeout=30_000)
            page.wait_for_load_state("networkidle")
    finally:
        page.close()
    assert requested, f"{url}: no request seen at all"
    return [
        r
        for r in requested
        if urlsplit(r).scheme in ("http", "https")
        and urlsplit(r).netloc != own
        and r not in blocked
    ]


def test_the_public_pages_ask_no_one_else(browser_context, public_pages, server_url):
    elsewhere = {
        name: requests_elsewhere(browser_context, url, server_url)
        for name, url in public_pages.items()
    }
    assert {name: found for name, found in elsewhere.items() if found} == {}


@pytest.mark.parametrize("code", ["ar"])
def test_a_translated_page_asks_no_one_else(browser_context, server_url, code):
    assert requests_elsewhere(browser_context, f"{server_url}/{code}/", server_url) == []


def test_the_api_docs_ask_no_one_else(browser_context, server_url):
    """ReDoc's side bar would fetch its maker's logo: the page's policy stops it."""
    ready = '#redoc-container[data-ready] [id="operation/pages_listing"]'
    assert requests_elsewhere(browser_context, f"{server_url}/api/docs/", server_url, ready) == []
