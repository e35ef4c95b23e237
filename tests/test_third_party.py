"""Privacy: no page makes a reader's or an editor's browser ask a third party for anything.

Rendered through the test client: the admin as the communications adviser (and its login page),
the public pages in Norwegian and Arabic, the API's JSON and its documentation. Every resource
a browser would fetch by itself (script, style sheet, image, frame, font, icon, preload, a
form's action, a CSS url() or @import, a refresh) must be relative or on our own host; only a
link (`<a href>`) may point elsewhere: the municipality's outbound links in the plan's text are
clicked by a reader, never fetched. The style sheets those pages link (ours, Designsystemet's,
Wagtail's) are read too, and ReDoc's bundle for what it would load.
"""

import re
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import models
from django.urls import reverse
from wagtail.models import Site, get_page_models

from home.models import HomePage
from plan_pages.blocks import SourcesBlock
from plan_pages.models import ChapterPage
from tests.roles import client_for
from tests.sources import api_prefix
from tests.translations import translated_page

LANGUAGES = ("nb", "ar")

# Attributes that make a browser fetch, on any element (`href` too, except on a link).
FETCHED = ("src", "poster", "data", "action", "formaction", "background", "href", "xlink:href")
SRCSET = ("srcset", "imagesrcset")
LINKS = {"a", "area"}  # their href is followed only when clicked
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.I)
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.I)


def own_hosts() -> set[str]:
    """The test client's host, the admin's base URL's, and the sites' as Wagtail knows them
    (its cached root URLs, which the API's absolute URLs are made from)."""
    hosts = {"testserver", urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname}
    hosts |= set(Site.objects.values_list("hostname", flat=True))
    hosts |= {urlsplit(root.root_url).hostname for root in Site.get_site_root_paths()}
    return hosts


def is_remote(url: str, hosts: set[str]) -> bool:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "mailto", "tel", "javascript"):
        return False
    if parts.scheme in ("http", "https", "ftp", "ws", "wss") or url.startswith("//"):
        return parts.hostname not in hosts
    return bool(parts.scheme)  # any other scheme is somewhere else


def css_urls(css: str) -> list[str]:
    return [m.group(2) for m in CSS_URL.finditer(css)] + CSS_IMPORT.findall(css)


def fetched_urls(html: str) -> list[tuple[str, str]]:
    """(where, URL) of every resource a browser would fetch for this HTML by itself."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for attribute in FETCHED:
            if attribute == "href" and tag.name in LINKS:
                continue
            if value := tag.get(attribute):
                found.append((f"<{tag.name} {attribute}>", value))
        for attribute in SRCSET:
            for candidate in (tag.get(attribute) or "").split(","):
                if candidate.strip():
                    found.append((f"<{tag.name} {attribute}>", candidate.split()[0]))
        if style := tag.get("style"):
            found += [(f"<{tag.name} style>", url) for url in css_urls(style)]
        if tag.name == "style":
            found += [("<style>", url) for url in css_urls(tag.get_text())]
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            found += [
                ("<meta refresh>", url) for url in REFRESH_URL.findall(tag.get("content", ""))
            ]
    return found


def style_sheets(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        link["href"]
        for link in soup.find_all("link", href=True)
        if "stylesheet" in (link.get("rel") or [])
    ]


def remote_in_css(path: str, hosts: set[str], seen: set[str]) -> list[tuple[str, str]]:
    """Remote url()/@import in a static style sheet and the sheets it imports."""
    if path in seen:
        return []
    seen.add(path)
    name = unquote(urlsplit(path).path).removeprefix(settings.STATIC_URL)
    file = finders.find(name)
    assert file, f"{path}: a linked style sheet that no static finder has"
    with open(file, encoding="utf-8") as f:
        css = f.read()
    remote = []
    for url in css_urls(css):
        if is_remote(url, hosts):
            remote.append((path, url))
        elif url.endswith(".css") and not urlsplit(url).scheme:
            base = path.rsplit("/", 1)[0]
            target = url if url.startswith("/") else f"{base}/{url}"
            remote += remote_in_css(target, hosts, seen)
    return remote


def remote_resources(response, hosts, sheets_seen) -> list[tuple[str, str]]:
    html = response.content.decode()
    remote = [(where, url) for where, url in fetched_urls(html) if is_remote(url, hosts)]
    for sheet in style_sheets(html):
        if not is_remote(sheet, hosts):
            remote += remote_in_css(sheet, hosts, sheets_seen)
    return remote


def test_the_checker_finds_what_a_browser_would_fetch_and_lets_links_be():
    hosts = {"testserver"}
    html = """
        <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">
        <link rel="preconnect" href="https://fonts.gstatic.com">
        <script src="//cdn.example.org/x.js"></script>
        <img src="/media/a.png" srcset="/media/a.png 1x, https://img.example.org/b.png 2x">
        <form action="https://forms.example.org/post"></form>
        <div style="background: url('https://bg.example.org/c.png')"></div>
        <style>@import url(https://css.example.org/d.css); p { background: url(/e.png) }</style>
        <meta http-equiv="refresh" content="0; url=https://away.example.org/">
        <svg><use href="https://icons.example.org/i.svg#x"></use></svg>
        <a href="https://holmestrand.kommune.no/">a link</a>
        <img src="http://testserver/media/f.png"><img src="data:image/png;base64,AA==">
    """
    remote = {url for _, url in fetched_urls(html) if is_remote(url, hosts)}
    assert remote == {
        "https://fonts.googleapis.com/css2?family=Roboto",
        "https://fonts.gstatic.com",
        "//cdn.example.org/x.js",
        "https://img.example.org/b.png",
        "https://forms.example.org/post",
        "https://bg.example.org/c.png",
        "https://css.example.org/d.css",
        "https://away.example.org/",
        "https://icons.example.org/i.svg#x",
    }


def public_pages(plan) -> list[str]:
    home = HomePage.objects.get(locale__language_code="nb")
    chapters = list(ChapterPage.objects.child_of(plan).live().specific().order_by("path"))
    urls = []
    for code in LANGUAGES:
        pages = [home, plan, *chapters]
        if code != "nb":
            pages = [translated_page(page, code) for page in pages]
        urls += [page.url for page in pages]
        urls += [f"/{code}/sok/?q=politiet", f"/{code}/finnes-ikke-{code}/"]
    return urls


@pytest.mark.django_db
def test_public_pages_fetch_nothing_from_a_third_party(client, plan):
    hosts, seen = own_hosts(), set()
    urls = public_pages(plan)
    assert len(urls) > 2 * len(LANGUAGES) + 4  # home, plan, the chapters, search, 404
    remote = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        if response.status_code == 404:
            assert url.endswith(f"-{url.split('/')[1]}/"), url  # only the page that is not there
        remote[url] = remote_resources(response, hosts, seen)
    assert {url: found for url, found in remote.items() if found} == {}
    assert seen  # the style sheets were read


@pytest.mark.django_db
def test_the_plans_text_links_outside_and_those_are_links_only(client, plan):
    """The check does not pass for want of content: the plan's text links elsewhere."""
    hosts = own_hosts()
    outbound = []
    for url in public_pages(plan):
        soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
        outbound += [
            a["href"] for a in soup.find_all("a", href=True) if is_remote(a["href"], hosts)
        ]
    assert outbound


def admin_pages(foreword) -> list[str]:
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[foreword.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailsnippets_snippets_measure:list"),
        reverse("wagtailsnippets_snippets_contact:list"),
        reverse("wagtailadmin_account"),
    ]


@pytest.mark.django_db
def test_the_admin_fetches_nothing_from_a_third_party(client, users, foreword):
    hosts, seen = own_hosts(), set()
    login = client.get(reverse("wagtailadmin_login"))
    assert login.status_code == 200
    remote = {"login": remote_resources(login, hosts, seen)}
    adviser = client_for(users["kommunikasjon"])
    for url in admin_pages(foreword):
        response = adviser.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        remote[url] = remote_resources(response, hosts, seen)
        assert "gravatar" not in html.lower(), url
    assert {url: found for url, found in remote.items() if found} == {}
    # The avatar is Wagtail's own picture, drawn from our static files.
    account = BeautifulSoup(adviser.get(reverse("wagtailadmin_account")).content, "html.parser")
    avatars = account.select("img.avatar, .avatar img")
    assert avatars
    assert all(not is_remote(img["src"], hosts) for img in avatars)


def link_block_types() -> set[str]:
    """The body's blocks that are lists of outbound links (a chapter's sources)."""
    return {
        name
        for name, block in ChapterPage.body.field.stream_block.child_blocks.items()
        if isinstance(block, SourcesBlock)
    }


def link_fields() -> set[str]:
    """Pages' address fields: outbound links (the accessibility statement's complaint link)."""
    return {
        field.name
        for model in get_page_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField)
    }


def strings_of(value, key="", links=frozenset()):
    """(key, string) of every string in the API's JSON, but those in a list of links."""
    if isinstance(value, dict):
        if value.get("type") in links:
            return
        for k, v in value.items():
            yield from strings_of(v, k, links)
    elif isinstance(value, list):
        for v in value:
            yield from strings_of(v, key, links)
    elif isinstance(value, str):
        yield key, value


@pytest.mark.django_db
def test_the_api_points_at_nothing_but_our_host_and_the_texts_links(client, plan):
    """Every absolute URL the API gives (images, documents, pages) is ours, but the outbound
    links the municipality wrote: a chapter's sources, a page's address fields, links in HTML (held to the
    pages' rule: only links may point elsewhere)."""
    hosts = own_hosts()
    listing = client.get(f"{api_prefix()}/pages/", {"fields": "*", "limit": 100}).json()
    details = [
        client.get(f"{api_prefix()}/pages/{item['id']}/").json() for item in listing["items"]
    ]
    assert details
    others = [
        client.get(f"{api_prefix()}/{endpoint}/", {"fields": "*"}).json()
        for endpoint in ("images", "documents")
    ]
    links, fields = link_block_types(), link_fields()
    assert links and fields
    remote = []
    for document in (listing, *details, *others):
        for key, text in strings_of(document, links=links):
            if key in fields:
                continue
            if "<" in text and ">" in text:
                remote += [(key, url) for _, url in fetched_urls(text) if is_remote(url, hosts)]
            elif re.match(r"^(https?:)?//", text) and is_remote(text, hosts):
                remote.append((key, text))
    assert remote == []


@pytest.mark.django_db
def test_the_api_docs_fetch_nothing_from_a_third_party(client):
    hosts, seen = own_hosts(), set()
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert remote_resources(response, hosts, seen) == []
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    # ReDoc's bundle is our static copy (drf-spectacular-sidecar): it loads no fonts of its
    # own, and the one image it would fetch from its maker (its logo in the side bar) is
    # stopped in the browser by the page's Content-Security-Policy.
    scripts = [s["src"] for s in BeautifulSoup(html, "html.parser").find_all("script", src=True)]
    assert scripts and not [s for s in scripts if is_remote(s, hosts)]
    bundle_path = next(s for s in scripts if "redoc" in s)
    with open(finders.find(bundle_path.removeprefix(settings.STATIC_URL)), encoding="utf-8") as f:
        bundle = f.read()
    assert not re.search(r"fonts\.(googleapis|gstatic)\.com|@import\s+url\(\s*['\"]?http", bundle)
    fetched_by_bundle = set(re.findall(r"""\bsrc:\s*["'](https?://[^"']+)""", bundle))
    assert fetched_by_bundle  # ReDoc's logo, as found in this version of the bundle
    policy = content_security_policy(html)
    assert policy["img-src"] and all(is_own_source(s) for s in policy["img-src"])
    assert policy["font-src"] and all(is_own_source(s) for s in policy["font-src"])


def content_security_policy(html: str) -> dict[str, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    meta = soup.find("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    assert meta, "the page sets its own Content-Security-Policy"
    directives = {}
    for directive in meta["content"].split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def is_own_source(source: str) -> bool:
    return source in ("'self'", "data:", "'none'")


@pytest.mark.django_db
def test_the_static_files_we_ship_import_nothing_remote():
    """Every style sheet among our static files (ours and Designsystemet's), linked or not."""
    hosts, seen = own_hosts(), set()
    remote = []
    for finder in finders.get_finders():
        if not isinstance(finder, finders.FileSystemFinder):
            continue  # apps' static files (Wagtail's admin) are checked where they are linked
        for path, storage in finder.list(ignore_patterns=[]):
            if path.endswith(".css"):
                prefix = getattr(storage, "prefix", None)
                name = f"{prefix}/{path}" if prefix else path
                remote += remote_in_css(settings.STATIC_URL + name, hosts, seen)
    assert seen
    assert remote == []
