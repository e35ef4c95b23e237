"""Logging in over the open internet: the lockout after failed attempts and the password rules.

Through the real admin login view (/admin/login/): AXES_FAILURE_LIMIT failed logins from one
client address lock it; a locked address is refused, the right password too, with the
lockout in Norwegian on the login page and without hashing any password; the address is read
as the API's rate limit reads it (core.client_address, PLANPORTAL_NUM_PROXIES); the
communications adviser unlocks it in the admin. Passwords follow AUTH_PASSWORD_VALIDATORS.
"""

import math

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import get_random_string
from wagtail.test.utils import WagtailTestUtils
from wagtail.users.models import UserProfile

from accounts.lockout_response import message_for
from accounts.views import UNLOCK_PERMISSION
from roles.definitions import COMMUNICATIONS_ADVISER, ROLES
from tests.roles import assert_refused, client_for, form_data, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Riktig-passord-til-testen-42"
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.23"
PROXY = "10.0.0.1"


@pytest.fixture
def editor(db):
    user = make_user("redaktor", COMMUNICATIONS_ADVISER)
    user.set_password(PASSWORD)
    user.save()
    return user


def login_url() -> str:
    return reverse("wagtailadmin_login")


def log_in(client, username, password, **meta):
    return client.post(login_url(), {"username": username, "password": password}, **meta)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_until_locked(client, username="redaktor", **meta):
    """AXES_FAILURE_LIMIT wrong passwords: the last one is answered with the lockout."""
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit + 1):
        response = log_in(client, username, f"feil-passord-{attempt}", **meta)
        assert response.status_code == (429 if attempt == limit else 200), attempt
    return response


def cool_off_minutes() -> int:
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def page_errors(response) -> list[str]:
    soup = WagtailTestUtils.get_soup(response.content)
    return [li.get_text(strip=True) for li in soup.select(".messages li.error")]


def assert_lockout_page(response):
    """The admin's login page, status 429, with the lockout in Norwegian (a translation of
    our English msgid, the whole cool-off left since the lock is fresh)."""
    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE == 429
    with translation.override("en"):
        english = message_for(cool_off_minutes())
    with translation.override("nb"):
        norwegian = message_for(cool_off_minutes())
    assert norwegian != english
    assert page_errors(response) == [norwegian]
    soup = WagtailTestUtils.get_soup(response.content)
    assert soup.select_one(f'form.login-form[action="{login_url()}"]') is not None


# --- the lockout ---------------------------------------------------------------------------


def test_failures_from_one_address_lock_it_even_for_the_right_password(client, editor):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit > 1
    for attempt in range(1, limit):
        response = log_in(client, "redaktor", f"feil-{attempt}", REMOTE_ADDR=ATTACKER)
        assert response.status_code == 200
        assert len(page_errors(response)) == 1  # the form's own "wrong username or password"
    # The limit-th failure is answered with the lockout.
    assert_lockout_page(log_in(client, "redaktor", "feil", REMOTE_ADDR=ATTACKER))
    # Then the right password is refused as well.
    response = log_in(client, "redaktor", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert_lockout_page(response)
    assert not logged_in(client)
    # Whatever the username: the address is locked.
    other = make_user("annen-bruker")
    other.set_password(PASSWORD)
    other.save()
    assert_lockout_page(log_in(client, "annen-bruker", PASSWORD, REMOTE_ADDR=ATTACKER))


def test_the_limit_is_read_from_the_settings(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert log_in(client, "redaktor", "feil-1", REMOTE_ADDR=ATTACKER).status_code == 200
    assert log_in(client, "redaktor", "feil-2", REMOTE_ADDR=ATTACKER).status_code == 429
    assert log_in(client, "redaktor", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429


def test_fewer_failures_than_the_limit_then_the_right_password_log_in(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "redaktor", f"feil-{attempt}", REMOTE_ADDR=VICTIM).status_code == 200
    response = log_in(client, "redaktor", PASSWORD, REMOTE_ADDR=VICTIM)
    assert response.status_code == 302
    assert logged_in(client)
    # The success forgot the failures (AXES_RESET_ON_SUCCESS).
    assert not AccessAttempt.objects.filter(ip_address=VICTIM).exists()


def test_another_address_still_logs_in(client, editor):
    fail_until_locked(Client(), REMOTE_ADDR=ATTACKER)
    response = log_in(client, "redaktor", PASSWORD, REMOTE_ADDR=VICTIM)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert logged_in(client)


def test_the_public_login_for_private_pages_is_locked_alike(client, editor):
    """Wagtail's login for pages restricted to logged-in readers (Django's LoginView) checks
    the same count and shows the same message on its own page."""
    url = reverse("wagtailcore_login")
    fail_until_locked(Client(), REMOTE_ADDR=ATTACKER)
    response = client.post(
        url, {"username": "redaktor", "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429
    assert not logged_in(client)
    with translation.override("nb"):
        assert message_for(cool_off_minutes()) in response.content.decode()
    other = client.post(url, {"username": "redaktor", "password": PASSWORD}, REMOTE_ADDR=VICTIM)
    assert other.status_code == 302
    assert logged_in(client)


# --- the client's address behind the proxies ------------------------------------------------


def test_without_proxies_a_forwarded_for_header_neither_evades_nor_frames(client, editor, settings):
    settings.PLANPORTAL_NUM_PROXIES = 0
    attacker = Client()
    limit = settings.AXES_FAILURE_LIMIT
    # Each attempt claims another address, and the last ones the victim's.
    for attempt in range(1, limit + 1):
        forged = VICTIM if attempt > limit // 2 else f"192.0.2.{attempt}"
        response = log_in(
            attacker, "redaktor", "feil", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=forged
        )
    assert response.status_code == 429  # not evaded
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    # The victim's own address is not locked: not framed.
    response = log_in(client, "redaktor", PASSWORD, REMOTE_ADDR=VICTIM)
    assert response.status_code == 302


def test_behind_one_proxy_the_address_it_saw_is_the_client(client, editor, settings):
    settings.PLANPORTAL_NUM_PROXIES = 1
    attacker = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit + 1):
        # The proxy appends the address it saw; whatever the client wrote stays to the left.
        response = log_in(
            attacker,
            "redaktor",
            "feil",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, {ATTACKER}",
        )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert_lockout_page(
        log_in(attacker, "redaktor", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    )
    # Another client through the same proxy, even one claiming the attacker's address, is
    # not locked: neither the proxy's address nor a client-written entry counts.
    response = log_in(
        client,
        "redaktor",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {VICTIM}",
    )
    assert response.status_code == 302


def test_the_api_rate_limit_reads_the_address_the_same_way(client, settings, monkeypatch):
    """The API's throttle keys on core.client_address too: behind one proxy, two clients are
    two clients, and a forged entry to the left changes nothing."""
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    settings.PLANPORTAL_NUM_PROXIES = 1
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    cache.clear()
    listing = "/api/v2/pages/"
    try:
        for forged in ("192.0.2.1", "192.0.2.2"):
            response = client.get(
                listing, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{forged}, {ATTACKER}"
            )
            assert response.status_code == 200
        assert (
            client.get(
                listing, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.3, {ATTACKER}"
            ).status_code
            == 429
        )
        assert (
            client.get(listing, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM).status_code == 200
        )
    finally:
        cache.clear()


# --- no password hashing for a locked address ---------------------------------------------


class CountingMD5PasswordHasher(MD5PasswordHasher):
    """The test settings' hasher, counting every password it hashes or checks."""

    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings, editor):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingMD5PasswordHasher"]
    editor.set_password(PASSWORD)
    editor.save()
    CountingMD5PasswordHasher.calls = 0
    return CountingMD5PasswordHasher


def test_a_locked_address_is_refused_before_any_password_is_hashed(
    client, editor, counting_hasher, django_assert_max_num_queries
):
    # Unlocked, every attempt hashes (a wrong password, and an unknown user too).
    log_in(client, "redaktor", "feil", REMOTE_ADDR=ATTACKER)
    log_in(client, "finnes-ikke", "feil", REMOTE_ADDR=ATTACKER)
    assert counting_hasher.calls == 2
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        response = log_in(client, "redaktor", "feil", REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    hashed = counting_hasher.calls

    for username, password in [("redaktor", PASSWORD), ("redaktor", "feil"), ("x", "y")]:
        # The lock's sum, axes' clean-up of old attempts, the minutes left, and the login
        # page's own (rendered again with the message): as many for any number of attempts.
        with django_assert_max_num_queries(5):
            response = log_in(client, username, password, REMOTE_ADDR=ATTACKER)
        assert response.status_code == 429
    assert counting_hasher.calls == hashed
    # Refused attempts are not recorded: the lock ends when the message said.
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == (
        settings.AXES_FAILURE_LIMIT
    )


def test_the_apis_basic_authentication_counts_and_is_refused_alike(client, editor, counting_hasher):
    """DRF accepts HTTP Basic on the API: it is another door to the same passwords."""
    import base64

    def basic(password):
        token = base64.b64encode(f"redaktor:{password}".encode()).decode()
        return {"HTTP_AUTHORIZATION": f"Basic {token}", "REMOTE_ADDR": ATTACKER}

    listing = "/api/v2/pages/"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        assert client.get(listing, **basic(f"feil-{attempt}")).status_code in (401, 403)
    hashed = counting_hasher.calls
    assert client.get(listing, **basic(PASSWORD)).status_code in (401, 403)
    assert counting_hasher.calls == hashed
    # The same count as the login page's.
    assert log_in(Client(), "redaktor", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429


# --- unlocking --------------------------------------------------------------------------------


def unlock_url() -> str:
    return reverse("accounts_locked_logins")


def test_the_adviser_unlocks_an_address_in_the_admin(editor, users):
    fail_until_locked(Client(), REMOTE_ADDR=ATTACKER)
    fail_until_locked(Client(), REMOTE_ADDR=VICTIM)
    adviser = Client(enforce_csrf_checks=True)
    adviser.force_login(users["kommunikasjon"])

    listing = adviser.get(unlock_url())
    assert listing.status_code == 200
    html = listing.content.decode()
    assert ATTACKER in html and VICTIM in html and "redaktor" in html
    data = form_data(html, form_index=_unlock_form_index(html, VICTIM), exclude_csrf=False)
    assert data["ip_address"] == [VICTIM] and data["csrfmiddlewaretoken"]

    response = adviser.post(unlock_url(), data)
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(ip_address=VICTIM).exists()
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).exists()
    messages = [str(m) for m in adviser.get(unlock_url()).context["messages"]]
    assert any(VICTIM in message for message in messages)

    user = Client()
    assert log_in(user, "redaktor", PASSWORD, REMOTE_ADDR=VICTIM).status_code == 302
    assert logged_in(user)
    assert log_in(Client(), "redaktor", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429


def _unlock_form_index(html: str, address: str) -> int:
    forms = WagtailTestUtils.get_soup(html).find_all("form")
    return next(
        index
        for index, form in enumerate(forms)
        if form.find("input", attrs={"name": "ip_address", "value": address})
    )


def test_the_superuser_unlocks_too(editor, superuser):
    fail_until_locked(Client(), REMOTE_ADDR=ATTACKER)
    response = client_for(superuser).post(unlock_url(), {"ip_address": ATTACKER})
    assert response.status_code == 302
    assert log_in(Client(), "redaktor", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 302


def test_the_listing_and_the_menu_are_the_advisers_and_no_other_roles(editor, users):
    fail_until_locked(Client(), REMOTE_ADDR=ATTACKER)
    dashboard = reverse("wagtailadmin_home")
    for key, user in users.items():
        may = user.has_perm(UNLOCK_PERMISSION)
        assert may == (key == "kommunikasjon"), key
        client = client_for(user)
        assert (unlock_url() in client.get(dashboard).content.decode()) == may, key
        if not may:
            assert_refused(client.get(unlock_url()))
            assert_refused(client.post(unlock_url(), {"ip_address": ATTACKER}))
    assert log_in(Client(), "redaktor", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429


def test_the_role_definitions_give_unlocking_to_the_adviser_alone():
    holders = [role.name for role in ROLES if UNLOCK_PERMISSION in role.model_permissions]
    assert holders == [COMMUNICATIONS_ADVISER]


def test_the_listing_shows_nothing_below_the_limit(users):
    log_in(Client(), "redaktor", "feil", REMOTE_ADDR=ATTACKER)
    response = client_for(users["kommunikasjon"]).get(unlock_url())
    assert response.status_code == 200
    assert ATTACKER not in response.content.decode()
    assert response.context["lockouts"] == []


def test_unlocking_an_address_that_is_not_locked_changes_nothing(users):
    log_in(Client(), "redaktor", "feil", REMOTE_ADDR=ATTACKER)
    response = client_for(users["kommunikasjon"]).post(unlock_url(), {"ip_address": ATTACKER})
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).exists()


# --- the password rules ------------------------------------------------------------------


def validator_messages(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def min_length() -> int:
    (validator,) = [
        v
        for v in settings.AUTH_PASSWORD_VALIDATORS
        if v["NAME"].endswith(".MinimumLengthValidator")
    ]
    return validator["OPTIONS"]["min_length"]


def test_the_validators_refuse_the_products_name_and_short_passwords(editor):
    assert min_length() >= 12
    assert validator_messages("Planportal", editor)
    assert validator_messages(get_random_string(min_length() - 1), editor)
    assert validator_messages(get_random_string(min_length()), editor) == []
    # Long enough, but digits only; like the username; a common password.
    assert len(validator_messages("1234" * min_length())) == 1
    assert len(validator_messages(f"{editor.username}-2026!", editor)) == 1
    common = next(
        password
        for password in sorted(CommonPasswordValidator().passwords)
        if len(password) >= min_length() and not password.isdigit()
    )
    assert len(validator_messages(common, editor)) == 1


def test_the_validators_speak_norwegian(editor):
    for password in ("Planportal", "1234" * min_length()):
        with translation.override("nb"):
            norwegian = validator_messages(password, editor)
        with translation.override("en"):
            english = validator_messages(password, editor)
        assert norwegian and len(norwegian) == len(english)
        assert not set(norwegian) & set(english)


@pytest.mark.parametrize("password", ["Planportal", "kort-passor"])
def test_the_admins_password_change_refuses_weak_passwords_in_norwegian(editor, password):
    assert len("kort-passor") == min_length() - 1
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "nb"
    profile.save()
    client = client_for(editor)
    url = reverse("wagtailadmin_account")
    data = form_data(client.get(url).content.decode())
    data.update(
        {
            "password-old_password": [PASSWORD],
            "password-new_password1": [password],
            "password-new_password2": [password],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    with translation.override("nb"):
        expected = validator_messages(password, editor)
    with translation.override("en"):
        english = validator_messages(password, editor)
    assert expected and not set(expected) & set(english)
    text = response.content.decode()
    for message in expected:
        assert message in text or message.replace('"', "&quot;") in text
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_the_admins_user_form_refuses_a_weak_password(superuser):
    client = client_for(superuser)
    url = reverse("wagtailusers_users:add")
    data = form_data(client.get(url).content.decode())
    data.update(
        {
            "username": ["ny-bruker"],
            "email": ["ny@example.com"],
            "first_name": ["Ny"],
            "last_name": ["Bruker"],
            "password1": ["Planportal"],
            "password2": ["Planportal"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="ny-bruker").exists()
    with translation.override(settings.LANGUAGE_CODE):
        expected = validator_messages("Planportal")
    text = response.content.decode()
    assert all(message in text for message in expected)
