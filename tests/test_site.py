"""The public site around the plan: the municipality's identity, the site's own pages,
header, footer, title and notices in the reader's language, printouts, and the port
every absolute URL carries."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, Site

from home.models import AccessibilityStatementPage, HomePage, PrivacyPage, SiteIdentity
from home.theme import MINIMUM_CONTRAST, contrast_ratio
from languages.facts import published_translations
from plan_loading import plan_content as pc
from plan_pages.models import ChapterPage, PlanPage
from snippets.phone import format_tel_href
from tests.roles import assert_refused, client_for, form_data_for_action
from tests.sources import shipped_languages

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
TRANSLATED = shipped_languages()


def soup(response):
    from wagtail.test.utils import WagtailTestUtils

    assert response.status_code == 200, response
    return WagtailTestUtils.get_soup(response.content.decode())


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


def live_pages(language: str) -> list[Page]:
    """Every live page in `language` that is really in that language (no aliases)."""
    return [
        page
        for page in Page.objects.filter(locale__language_code=language, depth__gt=1)
        .live()
        .specific()
        .order_by("path")
        if not page.alias_of_id
    ]


# --- the translation notice names the version, on every page -------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_translation_notice_names_the_version_on_every_translated_page(client, plan, language):
    pages = live_pages(language)
    assert any(isinstance(p, HomePage) for p in pages)
    assert any(isinstance(p, ChapterPage) for p in pages)
    for page in pages:
        notice = soup(client.get(page.url)).select_one(".translation-notice")
        assert notice is not None, page.url
        text = " ".join(notice.get_text().split())
        # The shipped translations were made of the plan as loaded: its version.
        assert f" {plan.version} " in text, f"{page.url}: {text}"


# --- header, footer, <title> and breadcrumb in the reader's language --------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_translated_pages_name_the_municipality_in_the_readers_language(client, language):
    home = HomePage.objects.get(locale__language_code=language)
    nb_name = SiteIdentity.for_site(default_site()).municipality_name
    assert home.title != nb_name  # the shipped translation translates it
    for page in live_pages(language):
        html = soup(client.get(page.url))
        assert html.title.get_text().endswith(f"– {home.title}"), page.url
        assert html.select_one(".site-header__municipality").get_text() == home.title
        assert html.select_one(".site-footer__name").get_text() == home.title
        assert nb_name not in html.title.get_text()
        crumbs = html.select(".breadcrumbs ol a")
        translated = {p.pk for p in published_translations(page) if p.locale == page.locale}
        assert translated  # the page itself
        for crumb in crumbs:
            # Every ancestor in the trail is in the reader's language, under its prefix.
            assert crumb["href"].startswith(f"/{language}/"), (page.url, crumb)


def test_a_language_without_translations_marks_the_norwegian_name(client, chapters):
    """Polish has no translation: the notice page's header and footer say the Norwegian
    name, marked as Norwegian."""
    response = client.get(chapters[1].url.replace("/nb/", "/pl/", 1))
    html = soup(response)
    name = SiteIdentity.for_site(default_site()).municipality_name
    for selector in (".site-header__municipality", ".site-footer__name"):
        element = html.select_one(selector)
        assert element.get_text() == name
        assert element["lang"] == "nb"


def test_norwegian_pages_carry_no_lang_on_their_own_text(client, history_chapter):
    html = soup(client.get(history_chapter.url))
    assert not html.select("main [lang], footer [lang]")


@pytest.mark.parametrize("language", TRANSLATED)
def test_history_rows_are_marked_norwegian_on_translated_pages(client, history_chapter, language):
    page = history_chapter.get_translation(Locale.objects.get(language_code=language))
    html = soup(client.get(page.url))
    rows = html.select(".document-history tbody tr")
    assert len(rows) == len(pc.HISTORY)
    for row in rows:
        cells = row.find_all("td")
        change, responsible = cells[2], cells[3]
        assert change.get("lang") == "nb" and responsible.get("lang") == "nb"
        assert cells[0].get("lang") is None  # a date is no language's


@pytest.mark.parametrize("language", TRANSLATED)
def test_norwegian_footer_texts_are_marked_on_translated_pages(client, language):
    home = HomePage.objects.get(locale__language_code=language)
    html = soup(client.get(home.url))
    heading = html.select_one(".site-footer__contact-heading")
    assert heading.get_text() == pc.IDENTITY.contact_heading
    assert heading["lang"] == "nb"


# --- the municipality's identity -----------------------------------------------------


def test_the_loader_fills_the_identity_from_the_seed():
    identity = SiteIdentity.for_site(default_site())
    assert identity.municipality_name == pc.MUNICIPALITY == pc.PLAN.municipality
    assert identity.contact_phone in pc.PLAN_CONTACT.phone_numbers
    assert identity.contact_heading == pc.IDENTITY.contact_heading
    # What the seed does not say stays empty for the adviser to fill in.
    assert identity.contact_email == "" and identity.contact_address == ""
    assert identity.theme_colour == ""


def test_footer_shows_the_contact_on_every_language(client, plan):
    identity = SiteIdentity.for_site(default_site())
    for language in ("nb", *TRANSLATED):
        home = HomePage.objects.get(locale__language_code=language)
        footer = soup(client.get(home.url)).select_one("footer")
        phone = footer.select_one('a[href^="tel:"]')
        assert phone.get_text() == identity.contact_phone
        assert phone["href"] == format_tel_href(identity.contact_phone)


@pytest.mark.parametrize("language", ["nb", *TRANSLATED])
def test_phone_numbers_read_left_to_right_on_every_page(client, language):
    """In right-to-left text the digit groups of "478 92 261" would show as "261 92 478"."""
    phones = []
    for page in live_pages(language):
        phones += soup(client.get(page.url)).select('a[href^="tel:"]')
    assert phones, f"no phone number on any {language} page"
    assert [str(a) for a in phones if a.get("dir") != "ltr"] == []


def settings_url() -> str:
    return reverse("wagtailsettings:edit", args=["home", "siteidentity", default_site().pk])


def post_identity(client, superuser, **changes):
    url = settings_url()
    response = client_for(superuser).get(url)
    data = form_data_for_action(response.content.decode(), url)
    for key, value in changes.items():
        data[key] = value
    return client.post(url, data)


def test_adviser_edits_identity_and_the_site_shows_it(client, superuser, users):
    adviser = client_for(users["kommunikasjon"])
    response = post_identity(
        adviser,
        superuser,
        municipality_name="Holmestrand kommune – test",
        contact_email="post@example.invalid",
        theme_colour="#1A5C38",
        **{
            "footer_links-TOTAL_FORMS": "1",
            "footer_links-0-url": "https://example.invalid/kart",
            "footer_links-0-label": "Kart over kommunen",
            "footer_links-0-page": "",
            "footer_links-0-ORDER": "1",
            "footer_links-0-id": "",
            "footer_links-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    identity = SiteIdentity.objects.get(site=default_site())
    assert identity.municipality_name == "Holmestrand kommune – test"
    home = HomePage.objects.get(locale__language_code="nb")
    html = client.get(home.url).content.decode()
    assert "<title>" in html and "– Holmestrand kommune – test</title>" in html
    assert 'href="mailto:post@example.invalid"' in html
    assert "--ds-color-accent-base-default:#1a5c38;" in html
    page = soup(client.get(home.url))
    link = page.select_one('.site-footer__links a[href="https://example.invalid/kart"]')
    assert link.get_text() == "Kart over kommunen" and link.get("lang") is None
    english = soup(client.get(HomePage.objects.get(locale__language_code="en").url))
    link = english.select_one('.site-footer__links a[href="https://example.invalid/kart"]')
    assert link["lang"] == "nb"

    # The adviser's work is theirs: load_plan leaves it and says so.
    out = io.StringIO()
    call_command("load_plan", stdout=out)
    assert SiteIdentity.objects.get(pk=identity.pk).municipality_name == (
        "Holmestrand kommune – test"
    )
    assert "Hoppet over (endret av redaktør): kommunens identitet" in out.getvalue()


@pytest.mark.parametrize("colour", ["#7fb3e6", "#ffcc00", "#777777"])
def test_a_theme_colour_without_aa_contrast_is_a_form_error(client, superuser, colour):
    assert contrast_ratio(colour, "#ffffff") < MINIMUM_CONTRAST
    before = list(SiteIdentity.objects.values())
    response = post_identity(client_for(superuser), superuser, theme_colour=colour)
    assert response.status_code == 200
    errors = soup(response).select_one('[id="panel-child-theme_colour-section"], form').get_text()
    assert "kontrast" in errors
    assert list(SiteIdentity.objects.values()) == before


def test_a_malformed_theme_colour_is_a_form_error(client, superuser):
    before = list(SiteIdentity.objects.values())
    response = post_identity(client_for(superuser), superuser, theme_colour="blå")
    assert response.status_code == 200
    assert "#RRGGBB" in response.content.decode()
    assert list(SiteIdentity.objects.values()) == before


def test_only_the_adviser_may_edit_the_identity(users):
    url = settings_url()
    for role, user in users.items():
        response = client_for(user).get(url)
        if role == "kommunikasjon":
            assert response.status_code == 200
        else:
            assert_refused(response)


# --- accessibility statement and privacy page -------------------------------------------


def test_site_pages_are_under_the_home_page():
    home = HomePage.objects.get(locale__language_code="nb")
    statement = AccessibilityStatementPage.objects.get(locale__language_code="nb")
    privacy = PrivacyPage.objects.get(locale__language_code="nb")
    for page in (statement, privacy):
        assert page.get_parent().pk == home.pk
        assert page.live
    assert statement.slug == pc.ACCESSIBILITY_STATEMENT.slug
    assert privacy.slug == pc.PRIVACY_STATEMENT.slug


def test_accessibility_statement_has_its_required_parts(client):
    statement = AccessibilityStatementPage.objects.get(locale__language_code="nb")
    html = soup(client.get(statement.url))
    headings = [h.get_text() for h in html.select("main h2")]
    assert headings == [
        "Hvilken standard vi følger",
        "Dette er ikke universelt utformet ennå",
        "Meld fra om feil og mangler",
        "Klage",
    ]
    text = html.select_one("main").get_text()
    assert "WCAG 2.1" in text
    assert html.select_one(f'main a[href="{statement.complaint_url}"]')
    # Whom to report to: the identity's contact.
    identity = SiteIdentity.for_site(default_site())
    assert html.select_one(f'main a[href="{identity.contact_phone_href}"]')


@pytest.mark.parametrize("language", ("nb", *TRANSLATED, "pl"))
def test_every_page_links_the_site_pages_from_its_footer(client, language):
    statement = AccessibilityStatementPage.objects.get(locale__language_code="nb")
    privacy = PrivacyPage.objects.get(locale__language_code="nb")
    home = HomePage.objects.filter(locale__language_code=language).first()
    url = home.url if home and home.live and not home.alias_of_id else f"/{language}/"
    response = client.get(url, follow=True)
    links = soup(response).select(".site-footer__links a")
    by_url = {a["href"]: a for a in links}
    for page in (statement, privacy):
        link = by_url[page.url]  # not translated yet: the Norwegian page
        if language == "nb":
            assert link.get("lang") is None
        else:
            assert link["lang"] == "nb" and link["hreflang"] == "nb"


def test_a_translated_site_page_is_linked_in_its_language(
    client, django_capture_on_commit_callbacks
):
    from wagtail_localize.operations import translate_object

    statement = AccessibilityStatementPage.objects.get(locale__language_code="nb")
    english = Locale.objects.get(language_code="en")
    translate_object(statement, [english])
    translated = statement.get_translation(english)
    translated.save_revision().publish()
    home = HomePage.objects.get(locale=english)
    link = soup(client.get(home.url)).select_one(f'.site-footer__links a[href="{translated.url}"]')
    assert link is not None and link.get("lang") is None


# --- printouts ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ("nb", "en"))
def test_printouts_carry_title_version_date_and_address(client, language):
    plan = PlanPage.objects.get(locale__language_code=language)
    chapter = ChapterPage.objects.child_of(plan).live().order_by("path").first()
    for page in (plan.get_parent(), plan, chapter):
        masthead = soup(client.get(page.url)).select_one(".print-masthead")
        text = " ".join(masthead.get_text().split())
        assert plan.title in text
        assert plan.version in text
        assert plan.version_date.strftime("%d.%m.%Y") in text
        assert f"http://testserver{page.url}" in text


def test_print_css_keeps_headings_with_what_follows():
    css = (BASE_DIR / "static" / "css" / "site.css").read_text()
    print_rules = "".join(re.findall(r"@media print \{(.*?)\n\}", css, re.S))
    assert ".print-masthead {\n        display: block;" in print_rules
    rule = re.search(r"((?:\s*[^{}]+,)*\s*h2,[^{}]*)\{([^}]*)\}", print_rules)
    assert rule and "break-after: avoid" in rule.group(2)
    for heading in ("h1", "h2", "h3", "h4", ".ds-heading", "caption"):
        assert heading in rule.group(1)


# --- one PORT for every absolute URL ----------------------------------------------------------


def test_make_run_passes_the_port_to_every_step():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8100", "WAGTAILADMIN_BASE_URL="],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    for command in ("load_plan", "create_demo_accounts", "runserver"):
        line = next(line for line in lines if f"manage.py {command}" in line)
        assert "WAGTAILADMIN_BASE_URL=http://127.0.0.1:8100" in line, line
    assert any(line.endswith("runserver 127.0.0.1:8100") for line in lines)


def test_a_port_reaches_the_site_the_sitemap_and_the_demo_accounts(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    call_command("load_plan", stdout=io.StringIO())
    site = default_site()
    assert (site.hostname, site.port) == ("127.0.0.1", 8100)

    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8100").content.decode()
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert urls and all(url.startswith("http://127.0.0.1:8100/") for url in urls)

    with translation.override("nb"):
        api = client.get("/api/v2/pages/?locale=nb", HTTP_HOST="127.0.0.1:8100").json()
    assert all(
        item["meta"]["html_url"].startswith("http://127.0.0.1:8100/") for item in api["items"]
    )

    out = io.StringIO()
    call_command("create_demo_accounts", "--force", stdout=out)
    assert "http://127.0.0.1:8100/admin/" in out.getvalue()


def test_the_demo_accounts_log_in_with_the_printed_passwords(db):
    """`make accounts` (and `make run`): every printed password passes the password rules
    and logs its account in through the admin's login page."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.test import Client

    from roles.definitions import ROLES
    from roles.management.commands.create_demo_accounts import SUPERUSER_NAME

    out = io.StringIO()
    call_command("create_demo_accounts", "--force", stdout=out)
    accounts = re.findall(r"brukernavn: (\S+)\s+passord: (\S+)", out.getvalue())
    expected = [role.demo_username for role in ROLES] + [SUPERUSER_NAME]
    assert [username for username, _ in accounts] == expected
    for username, password in accounts:
        validate_password(password, get_user_model().objects.get(username=username))
        client = Client()
        response = client.post(
            reverse("wagtailadmin_login"), {"username": username, "password": password}
        )
        assert response.status_code == 302, username
        assert response["Location"] == reverse("wagtailadmin_home")
        assert client.get(reverse("wagtailadmin_home")).status_code == 200, username
