"""A real server with the real plan, and Debian's Chromium driven by Playwright.

pytest-django's live_server shares the suite's test database, whose session
fixture and transactional flushes make it unreliable under a browser; instead
the plan is loaded into a SQLite file of its own and served by `runserver` in
a subprocess. Playwright never downloads a browser: it drives /usr/bin/chromium.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.processes import manage

BASE_DIR = Path(__file__).resolve().parents[2]
MANAGE = BASE_DIR / "manage.py"
SERVER_START_TIMEOUT = 60  # seconds
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 375, "height": 812},
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return ""


@dataclass(frozen=True)
class Server:
    """The served site: its base URL, and the environment of its database for
    `tests.processes.manage`/`python` (to set up what a browser test starts from)."""

    url: str
    env: dict


@pytest.fixture(scope="session")
def server():
    """Migrate a fresh SQLite database, load the plan, serve it; yield the `Server`."""
    tmp = Path(tempfile.mkdtemp(prefix="planportal-browser-"))
    media = tmp / "media"
    media.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp / 'browser.sqlite3'}",
        "MEDIA_ROOT": str(media),
        "PYTHONUNBUFFERED": "1",
        # Set up by other processes (tests.processes), whose changes its in-memory cache
        # would not see.
        "PLANPORTAL_RENDER_CACHE_SECONDS": "0",
    }
    manage(env, "migrate", "--no-input")
    manage(env, "sync_locales")
    manage(env, "load_plan")

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp / "runserver.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                str(MANAGE),
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--insecure",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"runserver exited with {process.returncode}:\n{_tail(log_path)}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(f"{base_url}/robots.txt", timeout=2):  # noqa: S310
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"runserver did not answer within {SERVER_START_TIMEOUT} s:\n"
                        f"{_tail(log_path)}",
                        pytrace=False,
                    )
                time.sleep(0.2)
        yield Server(url=base_url, env=env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def server_url(server) -> str:
    return server.url


class _LinkCollector(HTMLParser):
    """Every <a href> of a page, with its classes."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attributes = dict(attrs)
            if attributes.get("href"):
                self.links.append((attributes["href"], attributes.get("class") or ""))


def _fetch(url: str) -> tuple[str, str]:
    """The final URL (after redirects) and the body of a page."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return response.geturl(), response.read().decode("utf-8")


def _links(url: str) -> tuple[str, list[tuple[str, str]]]:
    final_url, body = _fetch(url)
    collector = _LinkCollector()
    collector.feed(body)
    return final_url, [(urljoin(final_url, href), classes) for href, classes in collector.links]


@pytest.fixture(scope="session")
def public_pages(server_url) -> dict[str, str]:
    """Name → URL of every public page, found by following the site's own links."""
    home_url, home_links = _links(f"{server_url}/")
    plan_urls = [href for href, classes in home_links if "ds-button" in classes.split()]
    assert plan_urls, "The home page has no call-to-read button linking to the plan."
    plan_url = plan_urls[0]
    _, plan_links = _links(plan_url)
    chapter_urls = []
    from plan_pages.versions import pdf_path

    # The plan's intro links its PDF download, below the plan's address like the chapters.
    not_chapters = {plan_url, pdf_path(plan_url)}
    for href, _classes in plan_links:
        is_chapter = (
            href.startswith(plan_url) and href not in not_chapters and not urlsplit(href).fragment
        )
        if is_chapter and href not in chapter_urls:
            chapter_urls.append(href)
    assert len(chapter_urls) == 9, f"Expected 9 chapters in the table of contents: {chapter_urls}"
    language_prefix = urlsplit(home_url).path  # "/nb/"
    pages = {"home": home_url, "plan": plan_url}
    pages.update({f"chapter-{i}": url for i, url in enumerate(chapter_urls, start=1)})
    pages["search"] = f"{server_url}{language_prefix}sok/?q=utenforskap"
    pages["not-found"] = f"{server_url}{language_prefix}denne-siden-finnes-ikke/"
    return pages


# In every page of a watched context: each Content-Security-Policy violation, as the browser
# reports it to the page (an init script runs before the page's own, whatever its policy).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


def watch_csp(context, refused: list[str] | None = None) -> list[str]:
    """Record what the pages of `context` are refused by their Content-Security-Policy: the
    browser's console errors ("Refused to load …", "Executing inline script violates the
    following Content Security Policy directive …"), appended to `refused` (a new list by
    default), which is returned."""
    refused = [] if refused is None else refused
    context.add_init_script(RECORD_CSP_VIOLATIONS)

    def on_console(message):
        text = message.text
        if message.type == "error" and ("Refused to" in text or "Content Security Policy" in text):
            refused.append(message.text)

    context.on("console", on_console)
    return refused


def csp_violations(page, refused: list[str]) -> list[str]:
    """What `page` was refused so far: the console's messages and the page's own events."""
    return [*refused, *page.evaluate("() => window.__cspViolations || []")]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless. Fails (does not skip) when it is missing.

    Module scope on purpose: Playwright's sync API keeps an event loop running
    in this thread, which Django's async-safety check would trip over in
    database tests that run after this module.
    """
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Chromium is not installed: the browser tests drive Debian's chromium "
            "(`make browser`, or `apt-get install chromium`).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
