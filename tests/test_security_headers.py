"""Security headers (README "Security"): the Content-Security-Policy of the public site, the API
and its docs (strict) and of the Wagtail admin (relaxed, cms.settings.base says why), uploaded
files that cannot run, Permissions-Policy, Referrer-Policy and the rest on every response; HSTS
and the redirect to https under production settings only; `check --deploy` clean."""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from csp.constants import NONCE
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from cms.settings.environment import RENAMED_VARIABLES
from home.models import HomePage, SiteIdentity
from plan_pages.models import ChapterPage
from tests.processes import MANAGE, finish, python
from tests.roles import client_for
from tests.sources import api_prefix

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
CSP = "Content-Security-Policy"
# CSP source expressions that name no host: keywords, nonces and hashes.
KEYWORD = re.compile(r"^'(self|none|nonce-[A-Za-z0-9+/=]+|sha(256|384|512)-[A-Za-z0-9+/=]+)'$")
# What an event handler attribute looks like (onclick=…): never on a public page.
EVENT_HANDLER = re.compile(r"^on[a-z]+$")


def policy(response) -> dict[str, list[str]]:
    """The response's enforced Content-Security-Policy as directive → sources."""
    assert CSP in response, f"no {CSP} header: {dict(response.headers)}"
    directives = {}
    for part in response[CSP].split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} given twice"
        directives[name] = sources
    return directives


def nonce_of(directives: dict, name: str) -> str | None:
    nonces = [s[len("'nonce-") : -1] for s in directives.get(name, []) if s.startswith("'nonce-")]
    assert len(nonces) <= 1, nonces
    return nonces[0] if nonces else None


def sha256_source(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def assert_strict(directives: dict):
    """The public policy: own origin only, no inline script, no inline style but by nonce or
    hash, nothing framed or framing, no plugins, no <base>."""
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name], (name, directives[name])
        assert "'unsafe-eval'" not in directives[name], (name, directives[name])
    for name, sources in directives.items():
        for source in sources:
            allowed = KEYWORD.match(source) or (name == "img-src" and source == "data:")
            assert allowed, f"{name} allows {source}: only our own origin is allowed"
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def assert_inline_elements_allowed_and_no_others(html: str, directives: dict):
    """Every inline <script> and <style> of the page carries the header's nonce or is allowed by
    its hash; no element has a style or event handler attribute (neither would apply)."""
    page = BeautifulSoup(html, "html.parser")
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        nonce = nonce_of(directives, directive)
        for element in page.find_all(tag):
            if tag == "script" and element.get("src"):
                # An external script of our own origin; a nonce on it must be the header's.
                assert element.get("nonce") in (None, nonce), element
                continue
            if element.get("nonce") is not None:
                assert nonce is not None and element["nonce"] == nonce, (element, nonce)
            else:
                assert sha256_source(element.string or "") in directives[directive], element
    for element in page.find_all(True):
        assert "style" not in element.attrs, element
        assert not [a for a in element.attrs if EVENT_HANDLER.match(a)], element


def assert_everywhere_headers(response):
    """What SecurityMiddleware and cms.middleware put on every response, from the settings."""
    assert response["Referrer-Policy"] == settings.SECURE_REFERRER_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    denied = [f.strip() for f in response["Permissions-Policy"].split(",")]
    assert denied == [f"{f}=()" for f in settings.PLANPORTAL_PERMISSIONS_POLICY_DENIED]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in denied


def public_urls(plan) -> dict[str, str]:
    nb_chapter = ChapterPage.objects.child_of(plan).live().order_by("path").first()
    ar_chapter = nb_chapter.get_translation(Locale.objects.get(language_code="ar"))
    return {
        "nb home": HomePage.objects.get(locale__language_code="nb").url,
        "nb plan": plan.url,
        "nb chapter": nb_chapter.url,
        "ar chapter": ar_chapter.url,
        "search": reverse("search") + "?q=politiet",
        "not found": "/nb/denne-siden-finnes-ikke/",
    }


def test_public_pages_have_the_strict_policy_and_nothing_inline_outside_it(client, plan):
    for name, url in public_urls(plan).items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), name
        directives = policy(response)
        assert_strict(directives)
        assert_inline_elements_allowed_and_no_others(response.content.decode(), directives)
        assert_everywhere_headers(response)


def test_the_theme_colours_style_element_is_allowed_by_its_hash_not_a_nonce(client, plan):
    """The public pages are kept by the edge cache for everyone: no nonce, which would be the
    same for every reader, but the hash of the one inline style they have."""
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.theme_colour = "#1A5C38"
    identity.save()
    response = client.get(plan.url)
    html = response.content.decode()
    styles = BeautifulSoup(html, "html.parser").find_all("style")
    assert len(styles) == 1 and "--ds-color-accent" in styles[0].string
    directives = policy(response)
    assert sha256_source(styles[0].string) in directives["style-src"]
    assert nonce_of(directives, "style-src") is None
    assert nonce_of(directives, "script-src") is None
    assert_inline_elements_allowed_and_no_others(html, directives)
    # Another page of the site without a theme colour: no hash left over.
    identity.theme_colour = ""
    identity.save()
    assert not [s for s in policy(client.get(plan.url))["style-src"] if s.startswith("'sha")]


def test_api_docs_have_the_public_policy_with_inline_styles_and_a_blob_worker_for_redoc(client):
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    directives = policy(response)
    replaced = settings.PLANPORTAL_API_DOCS_CONTENT_SECURITY_POLICY
    for name, sources in directives.items():
        expected = replaced.get(name, settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].get(name))
        # The nonce's place holder is dropped from a response that uses no nonce.
        assert sources == [str(s) for s in expected if s is not NONCE], name
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    # No inline script on the page, and no nonce in the header that nothing uses.
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert all(script.get("src") for script in page.find_all("script"))
    assert nonce_of(directives, "script-src") is None
    assert_everywhere_headers(response)


def test_the_api_answers_with_the_strict_policy(client):
    response = client.get(f"{api_prefix()}/pages/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert_strict(policy(response))
    assert_everywhere_headers(response)


def test_the_admin_works_under_its_relaxed_policy(superuser, plan):
    """Dashboard, the page editor and a snippet listing load for a signed-in editor, each with
    the admin's policy: inline script and style allowed, still nothing from another origin."""
    editor = client_for(superuser)
    chapter = ChapterPage.objects.child_of(plan).order_by("path").first()
    urls = {
        "dashboard": reverse("wagtailadmin_home"),
        "page editor": reverse("wagtailadmin_pages:edit", args=[chapter.pk]),
        "snippet listing": reverse("wagtailsnippets_snippets_measure:list"),
        "image listing": reverse("wagtailimages:index"),
    }
    expected = {
        name: [str(s) for s in sources]
        for name, sources in settings.PLANPORTAL_ADMIN_CONTENT_SECURITY_POLICY.items()
    }
    for name, url in urls.items():
        response = editor.get(url)
        assert response.status_code == 200, name
        directives = policy(response)
        assert directives == expected, name
        assert_everywhere_headers(response)
        for directive, sources in directives.items():
            for source in sources:
                assert source.startswith("'") or source in {"data:", "blob:"}, (directive, source)
        # Its inline scripts would be refused under the public policy.
        assert "'unsafe-inline'" in directives["script-src"]
    # The login page too, for someone not signed in.
    assert policy(Client().get(reverse("wagtailadmin_login"))) == expected


def test_a_page_preview_in_the_admin_has_the_admins_policy(superuser, plan):
    """Wagtail's preview renders the page again for a dummy request with the page's path, and
    the admin frames it: the admin's policy (framed by the admin only), without the public
    page's style hash (which would switch its 'unsafe-inline' off)."""
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.theme_colour = "#1A5C38"
    identity.save()
    editor = client_for(superuser)
    chapter = ChapterPage.objects.child_of(plan).order_by("path").first()
    url = reverse("wagtailadmin_pages:view_draft", args=[chapter.pk])
    response = editor.get(url)
    assert response.status_code == 200
    assert "--ds-color-accent" in response.content.decode()
    directives = policy(response)
    assert "'unsafe-inline'" in directives["style-src"]
    assert not [s for s in directives["style-src"] if s.startswith("'sha")]
    assert directives["frame-ancestors"] == ["'self'"]


def test_uploaded_images_served_by_django_cannot_run_anything(client):
    image = get_image_model().objects.order_by("pk").first()
    assert image is not None, "the plan as loaded has images"
    assert image.file.url.startswith(settings.MEDIA_URL)
    response = client.get(image.file.url)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["sandbox"] == []
    assert "script-src" not in directives and "style-src" not in directives
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_is_a_download_that_cannot_run_anything(client):
    document = get_document_model().objects.create(
        title="Vedlegg", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="vedlegg.pdf")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert policy(response) == {"default-src": ["'none'"]}  # Wagtail's own, left alone
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_and_the_https_redirect_are_off_outside_production(client, plan):
    response = client.get(plan.url, secure=True)
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
    assert client.get(plan.url).status_code == 200  # plain http is not redirected
    # `make run`'s settings: no HSTS, no redirect, cookies without Secure over http.
    dev = settings_of(
        "cms.settings.dev",
        {},
        ["SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE"],
    )
    assert dev == {
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
    }


# --- production settings, in processes of their own ------------------------------------------


def production_env(**variables) -> dict:
    """What README's "Settings and environment" asks of a production server."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "PLANPORTAL_")) and k not in RENAMED_VARIABLES
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        # A key as `make prod` makes one: random, long (Django's check wants 50+ characters).
        "SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
        "ALLOWED_HOSTS": "plan.example.no,testserver",
        "CSRF_TRUSTED_ORIGINS": "https://plan.example.no",
        "DATABASE_URL": "postgres://planportal@db.example.no:5432/planportal",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "WAGTAILADMIN_BASE_URL": "https://plan.example.no",
        **variables,
    }


def settings_of(module: str, env: dict, names: list[str]) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": module},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


HTTPS_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]


def test_production_is_https_only_unless_a_local_stack_says_plain_http():
    on = settings_of("cms.settings.production", production_env(), HTTPS_SETTINGS)
    assert on["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert all(on[name] is True for name in HTTPS_SETTINGS[1:]), on
    # make prod / make stack-test (deploy/prod.sh): plain http on 127.0.0.1.
    off = settings_of(
        "cms.settings.production", production_env(PLANPORTAL_HTTPS="0"), HTTPS_SETTINGS
    )
    assert off["SECURE_HSTS_SECONDS"] == 0
    assert not off["SECURE_SSL_REDIRECT"]
    assert not off["SESSION_COOKIE_SECURE"] and not off["CSRF_COOKIE_SECURE"]
    # Each one its own variable too.
    tuned = settings_of(
        "cms.settings.production",
        production_env(SECURE_HSTS_SECONDS="300", SECURE_HSTS_PRELOAD="0"),
        HTTPS_SETTINGS,
    )
    assert tuned["SECURE_HSTS_SECONDS"] == 300 and tuned["SECURE_HSTS_PRELOAD"] is False


def test_production_refuses_a_yes_or_no_it_cannot_read():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=production_env(SECURE_SSL_REDIRECT="maybe"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT must be 1 or 0" in result.stderr


# Requests through production's whole middleware stack, before any database is needed.
PRODUCTION_REQUESTS = """
import json, sys
from django.test import Client

client = Client()
answers = {}
for name, path, secure in (
    ("http page", "/nb/", False),
    ("http admin", "/admin/", False),
    ("http healthz", "/healthz", False),
    ("https healthz", "/healthz", True),
    ("proxied https healthz", "/healthz", "proxy"),
):
    extra = {"HTTP_X_FORWARDED_PROTO": "https"} if secure == "proxy" else {}
    try:
        response = client.get(path, secure=secure is True, **extra)
    except Exception as error:  # the view ran, and failed: there is no database here
        answers[name] = {"status": None, "location": None, "error": type(error).__name__}
        continue
    answers[name] = {
        "status": response.status_code,
        "location": response.get("Location"),
        "hsts": response.get("Strict-Transport-Security"),
        "csp": response.get("Content-Security-Policy"),
    }
sys.stdout.write(json.dumps(answers))
"""


def production_requests(env) -> dict:
    return json.loads(finish(python(env, PRODUCTION_REQUESTS)))


def test_production_redirects_http_to_https_but_the_probes_and_sends_hsts_over_https(tmp_path):
    answers = production_requests(
        production_env(REDIS_URL="", DATABASE_URL=f"sqlite:///{tmp_path}/db")
    )
    assert answers["http page"]["status"] == 301
    assert answers["http page"]["location"] == "https://testserver/nb/"
    assert answers["http admin"]["status"] == 301
    # The load balancer probes the app servers over plain http.
    assert answers["http healthz"]["status"] == 200
    assert answers["http healthz"]["hsts"] is None  # never over http (browsers ignore it there)
    for name in ("https healthz", "proxied https healthz"):
        assert answers[name]["hsts"] == "max-age=31536000; includeSubDomains; preload", name
        assert "default-src 'self'" in answers[name]["csp"]


def test_the_local_plain_http_stack_is_neither_redirected_nor_told_hsts(tmp_path):
    env = production_env(
        PLANPORTAL_HTTPS="0", REDIS_URL="", DATABASE_URL=f"sqlite:///{tmp_path}/db"
    )
    answers = production_requests(env)
    # Past the redirect to the view (which fails here, no database, or sends the admin's
    # visitor to its login): never to https.
    for name in ("http page", "http admin"):
        assert answers[name]["status"] != 301, name
        assert not (answers[name]["location"] or "").startswith("https:"), name
    assert answers["http healthz"]["status"] == 200
    assert answers["https healthz"]["hsts"] is None


def test_check_deploy_finds_nothing_under_the_production_environment():
    """`manage.py check --deploy` with the environment README's Drift asks for: no warning."""
    result = subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
    # The same check does warn on the local plain-http stack: it is not silenced.
    plain = subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy"],
        cwd=ROOT,
        env=production_env(PLANPORTAL_HTTPS="0"),
        capture_output=True,
        text=True,
        check=False,
    )
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in plain.stderr, check


def test_every_process_sends_the_same_policy_in_the_same_order(tmp_path):
    """Two app servers behind one cache must send one header: django-csp joins the directives
    in a set's order, which Python's hash seed changes from process to process."""
    headers = set()
    for seed in ("1", "2"):
        env = production_env(
            PLANPORTAL_HTTPS="0",
            REDIS_URL="",
            DATABASE_URL=f"sqlite:///{tmp_path}/db",
            PYTHONHASHSEED=seed,
        )
        headers.add(production_requests(env)["http healthz"]["csp"])
    assert len(headers) == 1, headers
    (header,) = headers
    names = [part.split()[0] for part in header.split(";")]
    assert names == sorted(names), names
