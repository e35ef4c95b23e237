"""examples/headless/: the plan built from the API alone, in Chromium.

Every expected text is read from the API in the test, never hard-coded, so the
tests say "the client shows what the API gives" and survive content changes.
"""

import json
import re
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from plan_pages.blocks import ChapterBodyBlock

from .conftest import VIEWPORTS, watch_csp
from .test_accessibility import AXE_PATH, AXE_RUN, AXE_SOURCE, WCAG_TAGS

pytestmark = pytest.mark.browser

EXAMPLE_PATH = "/examples/headless/"
# Every block type of the chapter body; the loaded plan uses each one.
BLOCK_TYPES = set(ChapterBodyBlock.base_blocks)


# --- the API, read by the test ---------------------------------------------------------


class Api:
    def __init__(self, server_url: str):
        self.base = f"{server_url}/api/v2/"
        self._cache: dict[str, dict] = {}

    def get(self, path: str, **params) -> dict:
        url = self.base + path + (f"?{urlencode(params)}" if params else "")
        if url not in self._cache:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our server
                self._cache[url] = json.load(response)
        return self._cache[url]

    def page(self, page_id: int) -> dict:
        return self.get(f"pages/{page_id}/")

    def plan(self, locale: str) -> dict:
        items = self.get("pages/", type="plan_pages.PlanPage", locale=locale)["items"]
        assert items, f"The API has no plan in {locale}"
        return self.page(items[0]["id"])

    def chapter_with(self, locale: str, block_type: str) -> dict:
        """The first chapter (detail) of the plan in `locale` with a block of this type."""
        for chapter in self.plan(locale)["chapters"]:
            detail = self.page(chapter["id"])
            if any(block["type"] == block_type for block in detail["body"]):
                return detail
        raise AssertionError(f"No {locale} chapter has a {block_type} block")

    def translation(self, page_id: int, locale: str) -> dict:
        items = self.get("pages/", translation_of=page_id, locale=locale)["items"]
        assert items, f"Page {page_id} has no {locale} translation"
        return items[0]


def block_value(chapter: dict, block_type: str):
    return next(block["value"] for block in chapter["body"] if block["type"] == block_type)


def numbered(page: dict) -> str:
    return f"{page['number']} {page['title']}"


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def api(server_url) -> Api:
    return Api(server_url)


# --- the client, driven in Chromium ----------------------------------------------------


@dataclass
class Client:
    """A browser tab on the example, with the page's uncaught errors, console warnings and what
    its Content-Security-Policy (the public site's) refused."""

    page: object
    base_url: str
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    refused: list = field(default_factory=list)

    def open(self, query: str = "") -> None:
        self.page.goto(f"{self.base_url}{EXAMPLE_PATH}{query}", wait_until="load")

    def wait_for(self, view: str, page_id: int | None = None) -> None:
        selector = f'main[aria-busy="false"][data-view="{view}"]'
        if page_id is not None:
            selector += f'[data-page-id="{page_id}"]'
        self.page.wait_for_selector(selector, timeout=15_000)

    def html_lang_dir(self) -> tuple[str, str]:
        return tuple(
            self.page.evaluate(
                "() => [document.documentElement.getAttribute('lang'),"
                " document.documentElement.getAttribute('dir')]"
            )
        )

    def h1(self) -> str:
        return squash(self.page.locator("main h1").text_content())

    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.page.url).query).items()}


def open_client(browser, base_url: str, viewport: str = "desktop") -> tuple[object, Client]:
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="nb-NO")
    # axe-core for the accessibility test, as an init script: the policy refuses inline ones.
    context.add_init_script(AXE_SOURCE)
    tab = context.new_page()
    client = Client(page=tab, base_url=base_url)
    watch_csp(context, client.refused)
    tab.on("pageerror", lambda error: client.errors.append(str(error)))
    tab.on(
        "console",
        lambda message: client.warnings.append(message.text) if message.type == "warning" else None,
    )
    return context, client


@pytest.fixture
def client(browser, server_url):
    context, client = open_client(browser, server_url)
    yield client
    context.close()


def assert_sign_list_rendered(client: Client, sign_list: dict) -> None:
    rendered = client.page.locator('main [data-block="sign_list"]')
    assert rendered.count() == 1
    assert squash(rendered.locator("h2, h3").first.text_content()) == sign_list["title"]
    categories = rendered.locator(".sign-category")
    assert categories.count() == len(sign_list["categories"])
    for index, category in enumerate(sign_list["categories"]):
        shown = categories.nth(index)
        assert shown.locator(".sign-category__title").text_content() == category["title"]
        assert shown.locator("li").all_text_contents() == category["signs"]


# --- what the client shows ----------------------------------------------------------------


def test_client_renders_the_sign_list_chapter_from_the_table_of_contents(client, api):
    plan = api.plan("nb")
    chapter = api.chapter_with("nb", "sign_list")

    client.open()
    client.wait_for("plan", plan["id"])
    assert client.h1() == plan["title"]
    assert client.html_lang_dir() == ("nb", "ltr")
    toc = client.page.locator("main nav.toc")
    assert toc.locator(".toc__chapters > li > a").all_text_contents() == [
        numbered(c) for c in plan["chapters"]
    ]

    toc.get_by_role("link", name=numbered(chapter), exact=True).click()
    client.wait_for("chapter", chapter["id"])
    assert client.query() == {"locale": "nb", "page": str(chapter["id"])}
    assert client.h1() == numbered(chapter)
    assert client.page.evaluate("document.activeElement.tagName") == "H1"
    assert client.page.title() == f"{numbered(chapter)} – {plan['title']}"
    assert_sign_list_rendered(client, block_value(chapter, "sign_list"))
    # Sections keep their anchors as ids, so #anchor addresses work.
    for block in chapter["body"]:
        if block["type"] == "section":
            assert client.page.locator(f"main h2#{block['value']['anchor']}").count() == 1

    client.page.go_back()
    client.wait_for("plan", plan["id"])
    client.page.go_forward()
    client.wait_for("chapter", chapter["id"])
    assert not client.errors


def test_client_renders_the_guide_table_and_contacts(client, api):
    guide = api.chapter_with("nb", "guide_table")
    contacts_chapter = api.chapter_with("nb", "contacts")
    steps = block_value(guide, "guide_table")["steps"]
    contacts = block_value(contacts_chapter, "contacts")["contacts"]

    client.open()
    client.wait_for("plan")
    client.page.locator("main nav.toc").get_by_role(
        "link", name=numbered(guide), exact=True
    ).click()
    client.wait_for("chapter", guide["id"])
    rows = client.page.locator('main [data-block="guide_table"] tbody tr')
    assert rows.count() == len(steps)
    for index, step in enumerate(steps):
        cells = rows.nth(index).locator("th, td")
        assert cells.nth(0).text_content() == str(index + 1)
        assert squash(cells.nth(2).text_content()) == squash(step["responsible"])

    # Back to the table of contents through the breadcrumbs, then to the contacts.
    client.page.locator("main nav.breadcrumbs a").click()
    client.wait_for("plan")
    client.page.locator("main nav.toc").get_by_role(
        "link", name=numbered(contacts_chapter), exact=True
    ).click()
    client.wait_for("chapter", contacts_chapter["id"])
    rendered = client.page.locator('main [data-block="contacts"]')
    assert rendered.locator(".contact__name").all_text_contents() == [c["name"] for c in contacts]
    phones = [phone for contact in contacts for phone in contact["phone_numbers"]]
    assert phones, "The contacts block has no phone numbers to check"
    for phone in phones:
        assert phone["href"].startswith("tel:")
        link = rendered.locator(f'a[href="{phone["href"]}"]')
        assert link.first.text_content() == phone["number"]
        assert link.first.get_attribute("dir") == "ltr"  # digit groups never reversed
    for contact in contacts:
        if contact["email"]:
            assert rendered.locator(f'a[href="mailto:{contact["email"]}"]').count() == 1
    assert not client.errors


def test_client_renders_the_sign_list_in_arabic_right_to_left(client, api):
    plan = api.plan("ar")
    chapter = api.chapter_with("ar", "sign_list")

    client.open("?locale=ar")
    client.wait_for("plan", plan["id"])
    assert client.html_lang_dir() == ("ar", "rtl")
    assert client.h1() == plan["title"]
    client.page.locator("main nav.toc").get_by_role(
        "link", name=numbered(chapter), exact=True
    ).click()
    client.wait_for("chapter", chapter["id"])
    assert client.html_lang_dir() == ("ar", "rtl")
    assert client.h1() == numbered(chapter)
    assert_sign_list_rendered(client, block_value(chapter, "sign_list"))
    # A machine translation says so (the API's translation facts).
    if chapter["translation"] and chapter["translation"]["machine_translated"]:
        assert client.page.locator("main .translation-notice").count() == 1
    assert not client.errors


def test_language_picker_switches_to_the_translated_chapter(client, api):
    chapter = api.chapter_with("nb", "sign_list")
    arabic = api.translation(chapter["id"], "ar")

    client.open(f"?page={chapter['id']}")
    client.wait_for("chapter", chapter["id"])
    picker = client.page.locator("header nav")
    assert picker.locator("a").count() == 8
    picker.locator('a[hreflang="ar"]').click()
    client.wait_for("chapter", arabic["id"])
    assert client.query() == {"locale": "ar", "page": str(arabic["id"])}
    assert client.html_lang_dir() == ("ar", "rtl")
    assert client.h1() == numbered(api.page(arabic["id"]))

    client.page.go_back()
    client.wait_for("chapter", chapter["id"])
    assert client.html_lang_dir() == ("nb", "ltr")
    assert not client.errors


def test_untranslated_language_says_so_and_links_to_norwegian(client, api):
    chapter = api.chapter_with("nb", "sign_list")
    somali = api.get("pages/", translation_of=chapter["id"], locale="so")["items"]
    assert not [p for p in somali if not p["meta"].get("alias_of")], "Somali is translated now"

    client.open(f"?locale=so&page={chapter['id']}")
    client.wait_for("not-translated")
    assert client.html_lang_dir() == ("so", "ltr")
    link = client.page.locator('main a[hreflang="nb"]')
    assert squash(link.locator('[lang="nb"]').text_content()) == chapter["title"]
    link.click()
    client.wait_for("chapter", chapter["id"])
    assert client.html_lang_dir() == ("nb", "ltr")

    client.open("?locale=so")
    client.wait_for("not-translated")
    client.page.locator('main a[hreflang="nb"]').click()
    client.wait_for("plan", api.plan("nb")["id"])
    assert not client.errors


def test_missing_page_shows_an_error_message(client):
    client.open("?page=999999")
    client.wait_for("not-found")
    alert = client.page.locator('main [role="alert"]')
    assert alert.is_visible()
    assert alert.text_content().strip()
    assert client.page.title() == client.h1()
    assert not client.errors


def test_unreachable_api_shows_an_error_message(client):
    client.open("?api=/no-api-here/v2/")
    client.wait_for("error")
    assert client.page.locator('main [role="alert"]').is_visible()
    assert client.page.locator("main button").is_visible()  # try again
    assert not client.errors


def test_preview_token_is_passed_to_the_page_request(client, api):
    chapter = api.chapter_with("nb", "sign_list")
    requested = []
    client.page.on("request", lambda request: requested.append(request.url))

    client.open(f"?page={chapter['id']}&preview_token=not-a-real-token")
    # A token the server does not accept gives the live page.
    client.wait_for("chapter", chapter["id"])
    assert client.h1() == numbered(chapter)
    detail = f"/api/v2/pages/{chapter['id']}/?preview_token=not-a-real-token"
    assert any(url.endswith(detail) for url in requested), requested
    assert client.page.locator("main .notice").count() == 0  # the live page, no draft notice
    assert not client.errors


def test_a_draft_served_for_a_preview_token_is_marked(client, api):
    """The API marks a draft served for a valid token with `X-Planportal-Preview: 1`."""
    chapter = api.chapter_with("nb", "sign_list")

    def fulfil_as_draft(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "x-planportal-preview": "1"})

    client.page.route(re.compile(r".*/api/v2/pages/\d+/\?preview_token=.*"), fulfil_as_draft)
    client.open(f"?page={chapter['id']}&preview_token=draft-token")
    client.wait_for("chapter", chapter["id"])
    assert client.page.locator("main .notice").count() == 1
    assert_sign_list_rendered(client, block_value(chapter, "sign_list"))
    # Links away from the draft do not carry the token.
    hrefs = client.page.locator("a[data-route]").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and not [href for href in hrefs if "preview_token" in href]
    assert not client.errors


def test_every_block_type_is_rendered(client, api):
    """Each chapter shows one element per block the API gives (null values show nothing)."""
    seen = set()
    for summary in api.plan("nb")["chapters"]:
        chapter = api.page(summary["id"])
        client.open(f"?page={chapter['id']}")
        client.wait_for("chapter", chapter["id"])
        expected = [b["type"] for b in chapter["body"] if b["value"] is not None]
        rendered = client.page.locator("main .chapter__body > [data-block]")
        assert [rendered.nth(i).get_attribute("data-block") for i in range(rendered.count())] == (
            expected
        ), f"chapter {chapter['id']}"
        seen |= set(expected)
    assert seen == BLOCK_TYPES
    assert not [w for w in client.warnings if "headless example" in w], client.warnings
    assert not client.errors


def test_unknown_blocks_are_skipped_and_rich_text_is_cleaned(client, api):
    """A block type the client does not know, or a broken block, is skipped with a warning;
    rich text cannot run script."""
    chapter = api.chapter_with("nb", "sign_list")
    changed = json.loads(json.dumps(chapter))
    changed["body"][0:0] = [
        {"type": "poll", "value": {"question": "?"}, "id": "unknown-1"},
        {"type": "sign_list", "value": None, "id": "broken-1"},
        {
            "type": "paragraph",
            "value": '<p id="evil" onclick="x()">Trygg <script>window.pwned = 1</script>'
            '<img src="/nope.png" onerror="window.pwned = 2"><a href="javascript:alert(1)">'
            "lenke</a></p>",
            "id": "html-1",
        },
    ]

    def fulfil(route):
        route.fulfill(status=200, content_type="application/json", body=json.dumps(changed))

    client.page.route(re.compile(rf".*/api/v2/pages/{chapter['id']}/(\?.*)?$"), fulfil)
    client.open(f"?page={chapter['id']}")
    client.wait_for("chapter", chapter["id"])
    assert_sign_list_rendered(client, block_value(chapter, "sign_list"))
    first = client.page.locator("main .chapter__body > [data-block]").first
    assert first.get_attribute("data-block") == "paragraph"
    assert squash(first.text_content()) == "Trygg lenke"
    assert first.locator("script, img, [onclick], [id], a[href]").count() == 0
    assert client.page.evaluate("window.pwned") is None
    assert any('unknown block type "poll"' in w for w in client.warnings), client.warnings
    assert any('render a "sign_list" block' in w for w in client.warnings), client.warnings
    assert not client.errors


def test_an_untranslated_alias_counts_as_not_translated(client, api):
    """wagtail-localize may create Somali pages as aliases with Norwegian text: not a translation."""
    plan = api.plan("nb")
    alias = {
        "id": plan["id"],
        "meta": {**plan["meta"], "locale": "so", "alias_of": {"id": plan["id"]}},
        "title": plan["title"],
    }
    listing = {"meta": {"total_count": 1}, "items": [alias]}

    def fulfil(route):
        route.fulfill(status=200, content_type="application/json", body=json.dumps(listing))

    client.page.route(re.compile(r".*/api/v2/pages/\?.*locale=so.*"), fulfil)
    client.open("?locale=so")
    client.wait_for("not-translated")
    assert client.page.locator(f'main a[hreflang="nb"][href*="page={plan["id"]}"]').count() == 1
    assert not client.errors


# --- accessibility, on a desktop and a phone ---------------------------------------------


def view_queries(api: Api) -> dict[str, tuple[str, str]]:
    """Name → (query string, view) of what axe-core checks."""
    views = {"toc": ("", "plan"), "toc-ar": ("?locale=ar", "plan")}
    for chapter in api.plan("nb")["chapters"]:
        views[f"chapter-{chapter['number']}"] = (f"?page={chapter['id']}", "chapter")
    views["chapter-sign-list-ar"] = (
        f"?page={api.chapter_with('ar', 'sign_list')['id']}",
        "chapter",
    )
    views["not-translated"] = ("?locale=so", "not-translated")
    views["not-found"] = ("?page=999999", "not-found")
    return views


VIEW_NAMES = [
    "toc",
    "toc-ar",
    *(f"chapter-{number}" for number in range(1, 10)),
    "chapter-sign-list-ar",
    "not-translated",
    "not-found",
]


@pytest.fixture(scope="module", params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport_client(request, browser, server_url):
    context, client = open_client(browser, server_url, request.param)
    yield client
    context.close()


@pytest.mark.parametrize("name", VIEW_NAMES)
def test_example_has_no_wcag_violations(viewport_client, api, name):
    assert AXE_PATH.exists(), f"axe-core is missing ({AXE_PATH}); run `make node`."
    query, view = view_queries(api)[name]
    client = viewport_client
    client.errors.clear()
    client.refused.clear()
    client.open(query)
    client.wait_for(view)
    size = client.page.viewport_size

    # Lazy images too: each is loaded and decoded now, or named.
    broken_images = [
        src
        for src in client.page.evaluate(
            "async () => Promise.all([...document.images].map((i) => {"
            " i.loading = 'eager'; return i.decode().then(() => null, () => i.currentSrc || i.src);"
            " }))"
        )
        if src
    ]
    assert not broken_images, f"{name}: images that did not load: {broken_images}"
    overflow = client.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {size['width']}px"

    violations = client.page.evaluate(AXE_RUN, WCAG_TAGS)["violations"]
    assert not violations, (
        f"{name} ({size['width']}×{size['height']}) has {len(violations)} WCAG 2.1 A/AA "
        "violation(s):\n" + format_violations(violations)
    )
    assert not client.errors
    assert not client.refused, f"{name}: refused by its Content-Security-Policy: {client.refused}"


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            if node.get("failureSummary"):
                lines.append("       " + re.sub(r"\s+", " ", node["failureSummary"]))
    return "\n".join(lines)
