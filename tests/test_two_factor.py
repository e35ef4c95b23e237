"""Two-factor login for the admin (two_factor, on django-otp), through the real admin views.

Codes are computed here with django-otp's own TOTP algorithm from the device's key, as an
authenticator app would; the clock is the real one. Users sign in with their password through
Wagtail's login view, never with force_login, since the second factor is about a login.
"""

import io
import os
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import PageViewRestriction, Site

from api.preview import issue_token
from home.models import SiteIdentity
from plan_pages.models import ChapterPage
from roles.definitions import (
    COMMUNICATIONS_ADVISER,
    MUNICIPAL_COUNCIL,
    POLICE_COUNCIL,
    SLT_COORDINATOR,
)
from tests.roles import admin_home_url, make_user
from tests.sources import api_prefix
from tests.test_settings import production_settings
from tests.untranslated import CONTEXT_SEPARATOR, UntranslatedRecorder
from two_factor import forms as two_factor_forms
from two_factor.middleware import OPEN_URL_NAMES

pytestmark = pytest.mark.django_db

PASSWORD = "passord-123"  # tests.roles.make_user's


# --- helpers ---------------------------------------------------------------------------


def sign_in(user) -> Client:
    """A new browser that signed in with `user`'s password through Wagtail's login view."""
    client = Client()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]
    return client


def app_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now for `device` (RFC 6238, django-otp's
    HOTP), or in the next time step when this one's code was already used (a code is taken
    once; the device accepts one step of drift)."""
    device.refresh_from_db()
    now = (int(time.time()) - device.t0) // device.step + device.drift
    step = max(now, device.last_t + 1)
    assert step <= now + 1, "no code left within the device's tolerance"
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def let_throttle_pass(device):
    """The time a wrong code makes the next one wait (django-otp's throttle), gone by."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )


def redirect_target(response) -> tuple[str, str]:
    """(path, next) of a redirect."""
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    return location.path, parse_qs(location.query).get("next", [""])[0]


def norwegian(message) -> str:
    """`message` as a Norwegian user reads it; translated, not the English msgid."""
    with translation.override("nb"):
        text = str(message)
    with translation.override("en"):
        assert text != str(message), f"untranslated: {text}"
    return text


def enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    """Enrol through the enrolment page; the confirmed device and the recovery codes shown."""
    response = client.get(reverse("two_factor_enrol"))
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_enrol"), {"code": app_code(device)})
    path, _next = redirect_target(response)
    assert path == reverse("two_factor_recovery_codes")
    response = client.get(response["Location"])
    assert response.status_code == 200
    codes = [code.get_text() for code in response_soup(response).select(".two-factor-codes code")]
    device.refresh_from_db()
    return device, codes


def response_soup(response):
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.content, "html.parser")


def admin_urls() -> list[str]:
    """Admin addresses of every kind: pages, the JSON API, a preview, a settings form."""
    page = ChapterPage.objects.filter(locale__language_code="nb").order_by("path").first()
    return [
        admin_home_url(),
        reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        reverse("wagtailadmin_api:pages:listing"),
        reverse("wagtailadmin_api:pages:detail", args=[page.pk]),
        reverse("wagtailadmin_account"),
        reverse("two_factor_manage"),
    ]


@pytest.fixture
def required(settings):
    """2FA required for the police council (Politiråd) only."""
    settings.PLANPORTAL_2FA_REQUIRED_GROUPS = [POLICE_COUNCIL]
    settings.PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS = False


@pytest.fixture
def member(required):
    return make_user("politiraadsmedlem", POLICE_COUNCIL)


# --- required: enrolment ------------------------------------------------------------------


def test_a_required_member_gets_no_admin_page_until_enrolled(member, plan):
    client = sign_in(member)
    for url in admin_urls():
        for method in (client.get, client.post):
            response = method(url)
            path, next_url = redirect_target(response)
            assert path == reverse("two_factor_enrol"), url
            assert next_url == url
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()


def test_enrolment_refuses_a_wrong_code_in_norwegian_and_takes_the_right_one(member):
    client = sign_in(member)
    response = client.get(reverse("two_factor_enrol"))
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    soup = response_soup(response)
    # The QR code is drawn here (inline SVG), the key given as text for screen readers.
    assert soup.select_one(".two-factor-qr svg") is not None
    assert not soup.select("img[src^=http]")
    secret = soup.select_one(".two-factor-secret").get_text()
    assert "".join(secret.split()) in device.config_url
    field = soup.select_one("input[name=code]")
    assert field["autocomplete"] == "one-time-code"
    assert field["inputmode"] == "numeric"
    assert soup.select_one(f"label[for={field['id']}]") is not None
    assert soup.html["lang"] == "nb"

    wrong = f"{(int(app_code(device)) + 1) % 10**device.digits:0{device.digits}d}"
    response = client.post(reverse("two_factor_enrol"), {"code": wrong})
    assert response.status_code == 200
    assert norwegian(two_factor_forms.WRONG_CODE) in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert redirect_target(client.get(admin_home_url()))[0] == reverse("two_factor_enrol")

    # Guessing is slowed down: each wrong code doubles the wait (1 s, 2 s, 4 s, ...) before
    # the next is checked, and while it lasts even the right code is refused.
    for _attempt in range(8):
        response = client.post(reverse("two_factor_enrol"), {"code": wrong})
        if norwegian(two_factor_forms.THROTTLED) in response.content.decode():
            break
    else:
        pytest.fail("wrong codes were never slowed down")
    response = client.post(reverse("two_factor_enrol"), {"code": app_code(device)})
    assert norwegian(two_factor_forms.THROTTLED) in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    let_throttle_pass(device)
    response = client.post(reverse("two_factor_enrol"), {"code": app_code(device)})
    assert redirect_target(response)[0] == reverse("two_factor_recovery_codes")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    response = client.get(response["Location"])
    codes = [c.get_text() for c in response_soup(response).select(".two-factor-codes code")]
    assert len(codes) == settings.PLANPORTAL_2FA_RECOVERY_CODES
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=member).values_list("token", flat=True)
    )
    # Shown once.
    assert redirect_target(client.get(reverse("two_factor_recovery_codes")))[0] == reverse(
        "two_factor_manage"
    )
    # The session that enrolled gave its second factor: the admin is open.
    assert client.get(admin_home_url()).status_code == 200


# --- a later login ---------------------------------------------------------------------


def test_a_login_without_the_second_factor_is_refused_and_a_code_lets_it_in(member, plan):
    device, _codes = enrol(sign_in(member), member)
    client = sign_in(member)

    for url in admin_urls():
        path, next_url = redirect_target(client.get(url))
        assert path == reverse("two_factor_verify"), url
        assert next_url == url
    # A POST to an admin edit view changes nothing.
    response = client.post(
        reverse("wagtailadmin_account"),
        {"name_email-first_name": "Endret", "name_email-last_name": "Navn"},
    )
    assert redirect_target(response)[0] == reverse("two_factor_verify")
    member.refresh_from_db()
    assert member.first_name != "Endret"

    response = client.get(reverse("two_factor_verify"), {"next": admin_home_url()})
    field = response_soup(response).select_one("input[name=code]")
    assert field["autocomplete"] == "one-time-code"
    assert field["inputmode"] == "numeric"

    response = client.post(
        reverse("two_factor_verify"), {"code": app_code(device), "next": admin_home_url()}
    )
    assert redirect_target(response)[0] == admin_home_url()
    assert client.get(admin_home_url()).status_code == 200
    assert client.get(reverse("wagtailadmin_account")).status_code == 200


def test_a_used_code_is_not_taken_again(member):
    device, _codes = enrol(sign_in(member), member)
    code = app_code(device)
    first = sign_in(member)
    assert redirect_target(first.post(reverse("two_factor_verify"), {"code": code}))[0] == (
        admin_home_url()
    )
    let_throttle_pass(device)
    second = sign_in(member)
    response = second.post(reverse("two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert norwegian(two_factor_forms.WRONG_CODE) in response.content.decode()
    assert redirect_target(second.get(admin_home_url()))[0] == reverse("two_factor_verify")


def test_a_recovery_code_works_once(member):
    _device, codes = enrol(sign_in(member), member)
    code = codes[0]

    client = sign_in(member)
    response = client.post(reverse("two_factor_verify"), {"recovery_code": code.upper()})
    assert redirect_target(response)[0] == admin_home_url()
    assert client.get(admin_home_url()).status_code == 200
    assert not StaticToken.objects.filter(device__user=member, token=code).exists()

    client = sign_in(member)
    response = client.post(reverse("two_factor_verify"), {"recovery_code": code})
    assert response.status_code == 200
    assert norwegian(two_factor_forms.WRONG_RECOVERY_CODE) in response.content.decode()
    assert redirect_target(client.get(admin_home_url()))[0] == reverse("two_factor_verify")
    # Another of the codes still works (after the wrong one's wait).
    let_throttle_pass(StaticDevice.objects.get(user=member))
    response = client.post(reverse("two_factor_verify"), {"recovery_code": codes[1]})
    assert redirect_target(response)[0] == admin_home_url()


def test_the_verify_step_sends_nowhere_but_this_site(member):
    device, _codes = enrol(sign_in(member), member)
    client = sign_in(member)
    response = client.post(
        reverse("two_factor_verify"), {"code": app_code(device), "next": "https://evil.example/"}
    )
    assert redirect_target(response)[0] == admin_home_url()


# --- who is asked ----------------------------------------------------------------------


def test_a_group_not_required_logs_in_with_the_password_alone(required):
    for group in (SLT_COORDINATOR, COMMUNICATIONS_ADVISER, MUNICIPAL_COUNCIL):
        assert group not in settings.PLANPORTAL_2FA_REQUIRED_GROUPS
        user = make_user(f"bruker-{len(group)}-{group[:3].lower()}", group)
        client = sign_in(user)
        assert client.get(admin_home_url()).status_code == 200, group


def test_with_the_setting_off_nobody_is_asked(superuser):
    """The test settings, like development's, require nobody (the default of base settings)."""
    assert settings.PLANPORTAL_2FA_REQUIRED_GROUPS == []
    assert settings.PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS is False
    for user in (make_user("politiraad-uten", POLICE_COUNCIL), superuser):
        assert sign_in(user).get(admin_home_url()).status_code == 200


def test_superusers_are_required_when_the_setting_says_so(settings, superuser):
    settings.PLANPORTAL_2FA_REQUIRED_GROUPS = []
    settings.PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS = True
    assert redirect_target(sign_in(superuser).get(admin_home_url()))[0] == reverse(
        "two_factor_enrol"
    )


def test_whoever_has_a_second_factor_gives_it_even_where_none_is_required():
    user = make_user("frivillig", SLT_COORDINATOR)
    client = sign_in(user)
    response = client.get(reverse("two_factor_manage"))
    assert response.status_code == 200
    assert reverse("two_factor_enrol") in response.content.decode()
    enrol(client, user)
    assert redirect_target(sign_in(user).get(admin_home_url()))[0] == reverse("two_factor_verify")


def test_signing_in_and_out_stay_open_to_a_session_that_owes_the_second_factor(member):
    assert {"wagtailadmin_login", "wagtailadmin_logout"} <= OPEN_URL_NAMES
    client = sign_in(member)
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert redirect_target(client.get(admin_home_url()))[0] == reverse("wagtailadmin_login")


# --- outside the admin: pages for signed-in users, the API's preview tokens ------------------


@pytest.fixture
def private_chapter(plan, chapters):
    chapter = chapters[min(chapters)]
    PageViewRestriction.objects.create(page=chapter, restriction_type=PageViewRestriction.LOGIN)
    return chapter


def test_a_page_for_signed_in_users_asks_for_the_second_factor_too(member, private_chapter):
    with translation.override("nb"):
        site_login = reverse("wagtailcore_login")
    url = private_chapter.url

    client = sign_in(member)  # password only, no app set up yet
    path, next_url = redirect_target(client.get(url))
    assert (path, next_url) == (site_login, url)
    path, next_url = redirect_target(client.get(site_login, {"next": url}))
    assert (path, next_url) == (reverse("two_factor_enrol"), url)
    device, _codes = enrol(client, member)
    assert client.get(url).status_code == 200

    client = sign_in(member)
    assert redirect_target(client.get(url))[0] == site_login
    path, next_url = redirect_target(client.get(site_login, {"next": url}))
    assert (path, next_url) == (reverse("two_factor_verify"), url)
    response = client.post(path, {"code": app_code(device), "next": next_url})
    assert redirect_target(response)[0] == url
    response = client.get(url)
    assert response.status_code == 200
    assert private_chapter.title in response.content.decode()


def test_a_page_for_signed_in_users_opens_to_the_password_where_none_is_owed(
    required, private_chapter
):
    user = make_user("slt-privat", SLT_COORDINATOR)
    assert sign_in(user).get(private_chapter.url).status_code == 200


def test_preview_tokens_are_tokens_not_sessions(member, plan, chapters):
    """A preview token works without any session, and a session that owes its second factor
    neither adds to it nor takes from it: the API never asks for one."""
    editor = make_user("redaktor", COMMUNICATIONS_ADVISER)
    chapter = ChapterPage.objects.get(pk=chapters[2].pk)
    chapter.title = "Utkasttittel tofaktor"
    chapter.save_revision()
    token = issue_token(chapter, editor).token
    url = f"{api_prefix()}/pages/{chapter.pk}/"
    owing = sign_in(member)
    assert redirect_target(owing.get(admin_home_url()))[0] == reverse("two_factor_enrol")
    for client in (Client(), owing):
        response = client.get(url, {"preview_token": token})
        assert response.status_code == 200
        assert response.json()["title"] == "Utkasttittel tofaktor"
        assert client.get(url).json()["title"] != "Utkasttittel tofaktor"


# --- the account's page and the reset -----------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(member):
    client = sign_in(member)
    _device, old_codes = enrol(client, member)
    response = client.get(reverse("wagtailadmin_account"))
    assert reverse("two_factor_manage") in response.content.decode()

    response = client.post(reverse("two_factor_regenerate_recovery_codes"))
    response = client.get(response["Location"])
    new_codes = [c.get_text() for c in response_soup(response).select(".two-factor-codes code")]
    assert len(new_codes) == settings.PLANPORTAL_2FA_RECOVERY_CODES
    assert not set(new_codes) & set(old_codes)
    other = sign_in(member)
    response = other.post(reverse("two_factor_verify"), {"recovery_code": old_codes[0]})
    assert response.status_code == 200
    let_throttle_pass(StaticDevice.objects.get(user=member))
    response = other.post(reverse("two_factor_verify"), {"recovery_code": new_codes[0]})
    assert redirect_target(response)[0] == admin_home_url()


def test_a_user_removes_their_second_factor_and_a_required_one_sets_up_a_new(member):
    client = sign_in(member)
    enrol(client, member)
    response = client.post(reverse("two_factor_remove"))
    assert redirect_target(response)[0] == reverse("two_factor_enrol")
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    assert redirect_target(client.get(admin_home_url()))[0] == reverse("two_factor_enrol")
    enrol(client, member)
    assert client.get(admin_home_url()).status_code == 200


def test_reset_two_factor_removes_another_users_second_factor(member):
    client = sign_in(member)
    enrol(client, member)
    assert client.get(admin_home_url()).status_code == 200
    out = io.StringIO()
    call_command("reset_two_factor", member.username, stdout=out)
    assert member.username in out.getvalue()
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticToken.objects.filter(device__user=member).exists()
    # The session that had given its second factor owes a new one.
    assert redirect_target(client.get(admin_home_url()))[0] == reverse("two_factor_enrol")


def test_a_superuser_resets_another_users_second_factor_in_the_admin(member, superuser):
    enrolled = sign_in(member)
    enrol(enrolled, member)
    admin = sign_in(superuser)
    url = reverse("two_factor_reset_user", args=[member.pk])
    response = admin.get(reverse("wagtailusers_users:index"))
    assert url in response.content.decode()
    response = admin.get(url)
    assert response.status_code == 200
    assert response_soup(response).select_one(f"form[action='{url}']") is not None

    response = admin.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    assert redirect_target(enrolled.get(admin_home_url()))[0] == reverse("two_factor_enrol")


def test_only_who_may_change_users_resets_a_second_factor(member):
    enrol(sign_in(member), member)
    adviser = make_user("raadgiver", COMMUNICATIONS_ADVISER)
    assert not adviser.has_perm("auth.change_user")
    client = sign_in(adviser)
    url = reverse("two_factor_reset_user", args=[member.pk])
    for method in (client.get, client.post):
        assert method(url).status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=member, confirmed=True).exists()


def test_reset_two_factor_refuses_an_unknown_user():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reset_two_factor", "finnes-ikke", stdout=io.StringIO())


# --- what the app shows: the municipality's name, Norwegian -------------------------------


def test_the_authenticator_app_shows_the_municipalitys_name(member):
    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    identity.municipality_name = "Holmestrand kommune"
    identity.save()
    sign_in(member).get(reverse("two_factor_enrol"))
    device = TOTPDevice.objects.get(user=member)
    assert "issuer=Holmestrand%20kommune" in device.config_url
    SiteIdentity.objects.filter(pk=identity.pk).update(municipality_name="")
    assert f"issuer={settings.WAGTAIL_SITE_NAME}" in device.config_url


class _AnyUntranslated(UntranslatedRecorder):
    """Records every msgid looked up without a Norwegian translation, ours included."""

    def record(self, message):
        self.missing.add(message.rpartition(CONTEXT_SEPARATOR)[2])


def test_every_step_speaks_norwegian(member, monkeypatch):
    recorder = _AnyUntranslated("nb").install(monkeypatch)
    client = sign_in(member)
    shown = []
    shown.append(client.get(reverse("two_factor_enrol")))
    shown.append(client.post(reverse("two_factor_enrol"), {"code": "12"}))
    device = TOTPDevice.objects.get(user=member)
    let_throttle_pass(device)
    response = client.post(reverse("two_factor_enrol"), {"code": app_code(device)})
    shown.append(client.get(response["Location"]))
    shown.append(client.get(reverse("two_factor_manage")))
    shown.append(client.get(reverse("wagtailadmin_account")))
    other = sign_in(member)
    shown.append(other.get(reverse("two_factor_verify")))
    shown.append(other.post(reverse("two_factor_verify"), {"recovery_code": "feil"}))
    superuser = make_user("superbruker-nb", superuser=True)
    admin = sign_in(superuser)
    for subject in (member, superuser):
        shown.append(admin.get(reverse("two_factor_reset_user", args=[subject.pk])))
    assert recorder.lookups
    for response in shown:
        assert response.status_code == 200
        assert recorder.shown_in(response.content.decode()) == []


# --- production's defaults ---------------------------------------------------------------


def test_production_requires_the_roles_that_approve_and_publish_and_superusers():
    names = ("PLANPORTAL_2FA_REQUIRED_GROUPS", "PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANPORTAL_2FA")}
    env["SECRET_KEY"] = "x" * 50
    production = production_settings(env, names)
    assert set(production["PLANPORTAL_2FA_REQUIRED_GROUPS"]) == {
        POLICE_COUNCIL,
        MUNICIPAL_COUNCIL,
        COMMUNICATIONS_ADVISER,
    }
    assert production["PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS"] is True

    production = production_settings(
        {
            **env,
            "PLANPORTAL_2FA_REQUIRED_GROUPS": f"{SLT_COORDINATOR}, ",
            "PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS": "0",
        },
        names,
    )
    assert production["PLANPORTAL_2FA_REQUIRED_GROUPS"] == [SLT_COORDINATOR]
    assert production["PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS"] is False

    production = production_settings({**env, "PLANPORTAL_2FA_REQUIRED_GROUPS": ""}, names)
    assert production["PLANPORTAL_2FA_REQUIRED_GROUPS"] == []
