"""Webhooks (webhooks/): a signed POST per kept version, retried, logged, configured in the admin."""

import base64
import hashlib
import hmac
import json
import logging
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageViewRestriction

from plan_pages.changes import CHANGES_SEGMENT
from plan_pages.models import PublishedVersion
from plan_pages.versions import feed_path, version_path
from tests.factories import unique_word
from tests.roles import assert_refused, client_for, form_data
from webhooks.delivery import VERSION_PUBLISHED
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.tasks import deliver_webhook

pytestmark = pytest.mark.django_db

# Standard Webhooks: a receiver refuses a timestamp further than this from its clock.
TOLERANCE_SECONDS = 5 * 60


# --- an independent receiver ------------------------------------------------------------


def verify(secret: str, headers: dict, body: bytes) -> bool:
    """The Standard Webhooks check, written from the specification (not from our signing)."""
    message_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    content = message_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest())
    for candidate in headers["webhook-signature"].split(" "):
        version, _, sig = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(sig.encode(), expected):
            return True
    return False


class Receiver(BaseHTTPRequestHandler):
    statuses: list[int] = []
    received: list[dict] = []
    delay = 0.0

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        type(self).received.append(
            {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
            }
        )
        if type(self).delay:
            time.sleep(type(self).delay)
        status = type(self).statuses.pop(0) if type(self).statuses else 200
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", "/elsewhere/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    """A local HTTP receiver; the test network is loopback, so private addresses are allowed."""
    settings.PLANPORTAL_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    Receiver.statuses, Receiver.received, Receiver.delay = [], [], 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def database_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def webhook_tasks():
    return DBTaskResult.objects.filter(task_path=deliver_webhook.module_path)


def admin_form(html: str, **fields) -> dict:
    """The admin form's data as a browser would post it, with `fields` filled in."""
    data = form_data(html, form_id="w-editor-form")
    data.update({name: [value] for name, value in fields.items()})
    return data


def endpoint(url, **kwargs):
    return WebhookEndpoint.objects.create(name=unique_word("mottaker"), url=url, **kwargs)


def render(plan, captured, version="90.1", **kwargs):
    """A version recorded, then rendered as archive.freeze stores it, its commit run."""
    kept = PublishedVersion.objects.create(
        plan=plan,
        locale=plan.locale,
        version=version,
        date=date(2026, 3, 1),
        change=f"Endring {unique_word('endring')}",
        approved=True,
        **kwargs,
    )
    with captured(execute=True):
        kept.html = "<html></html>"
        kept.rendered_at = timezone.now()
        kept.save(update_fields=["html", "rendered_at"])
    return kept


# --- delivering -------------------------------------------------------------------------


def test_a_rendered_version_is_posted_signed_to_every_active_endpoint(
    receiver, plan, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    # An earlier kept version: the message links the comparison.
    PublishedVersion.objects.create(
        plan=plan,
        locale=plan.locale,
        version="90.0",
        date=date(2026, 2, 1),
        change="Før.",
        html="<html></html>",
        rendered_at=timezone.now(),
    )
    active = endpoint(f"{receiver}/aktiv/")
    endpoint(f"{receiver}/inaktiv/", active=False)

    kept = render(plan, django_capture_on_commit_callbacks, pdf="versions/plan.pdf")

    [request] = Receiver.received
    assert request["path"] == "/aktiv/"
    assert request["headers"]["content-type"] == "application/json"
    assert verify(active.secret, request["headers"], request["body"])
    assert request["headers"]["webhook-id"].startswith("msg_")
    payload = json.loads(request["body"])
    assert payload["type"] == VERSION_PUBLISHED
    data = payload["data"]
    plan_url = plan.get_full_url()
    page = version_path(plan_url, kept.version)
    assert data["plan"] == {"id": plan.pk, "title": plan.title, "url": plan_url}
    assert data["language"] == plan.locale.language_code
    assert (data["version"], data["date"], data["change"]) == (
        kept.version,
        kept.date.isoformat(),
        kept.change,
    )
    assert data["urls"]["page"] == page
    assert data["urls"]["comparison"] == f"{page}{CHANGES_SEGMENT}/"
    assert data["urls"]["pdf"].startswith(page)
    assert data["urls"]["feed"] == feed_path(plan_url)

    [logged] = WebhookDelivery.objects.all()
    assert (logged.endpoint, logged.attempt, logged.status_code, logged.succeeded) == (
        active,
        1,
        200,
        True,
    )
    assert (
        logged.published_version == kept and logged.message_id == request["headers"]["webhook-id"]
    )
    # The secret is in no log: neither the delivery's row nor the log records.
    assert all(active.secret not in str(value) for value in logged.__dict__.values())
    assert active.secret not in caplog.text
    assert active.secret.split("_", 1)[1] not in caplog.text


def test_a_wrong_secret_fails_the_receivers_check(
    receiver, plan, django_capture_on_commit_callbacks
):
    """The check above can fail: another endpoint's secret does not verify the message."""
    active = endpoint(f"{receiver}/aktiv/")
    other = WebhookEndpoint(name="annen", url=receiver)
    other.save()
    other.delete()
    render(plan, django_capture_on_commit_callbacks)
    [request] = Receiver.received
    assert verify(active.secret, request["headers"], request["body"])
    assert not verify(other.secret, request["headers"], request["body"])
    tampered = request["body"].replace(b"90.1", b"90.9")
    assert not verify(active.secret, request["headers"], tampered)


def test_a_failing_receiver_is_retried_and_each_attempt_logged(
    receiver, database_queue, settings, plan, django_capture_on_commit_callbacks, caplog
):
    active = endpoint(receiver)
    Receiver.statuses = [500, 200]
    before = timezone.now()
    render(plan, django_capture_on_commit_callbacks)

    run_worker()

    failed, retry = webhook_tasks().order_by("enqueued_at")
    assert failed.status == TaskResultStatus.FAILED
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    delay = settings.PLANPORTAL_WEBHOOK_RETRY_DELAYS[0]
    assert retry.run_after >= before + timedelta(seconds=delay)

    webhook_tasks().filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL

    attempts = list(
        WebhookDelivery.objects.order_by("attempt").values_list(
            "attempt", "status_code", "succeeded", "error"
        )
    )
    assert attempts == [(1, 500, False, ""), (2, 200, True, "")]
    first, second = Receiver.received
    # A retry is the same message (id and body), signed anew.
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"]
    assert first["body"] == second["body"]
    assert all(verify(active.secret, r["headers"], r["body"]) for r in Receiver.received)
    assert active.secret not in caplog.text


def test_the_last_attempt_gives_up(receiver, database_queue, settings, plan):
    active = endpoint(receiver)
    Receiver.statuses = [503]
    last = len(settings.PLANPORTAL_WEBHOOK_RETRY_DELAYS) + 1
    deliver_webhook.enqueue(active.pk, "msg_test", {"type": VERSION_PUBLISHED}, None, attempt=last)
    run_worker()
    [given_up] = webhook_tasks()
    assert given_up.status == TaskResultStatus.FAILED
    assert list(WebhookDelivery.objects.values_list("attempt", "status_code")) == [(last, 503)]


def test_a_slow_receiver_times_out_and_the_attempt_is_logged(
    receiver, settings, plan, django_capture_on_commit_callbacks
):
    settings.PLANPORTAL_WEBHOOK_TIMEOUT = 1
    Receiver.delay = 2
    endpoint(receiver)
    render(plan, django_capture_on_commit_callbacks)
    [logged] = WebhookDelivery.objects.all()
    assert logged.status_code is None and not logged.succeeded
    assert "timed out" in logged.error
    assert logged.duration_ms >= settings.PLANPORTAL_WEBHOOK_TIMEOUT * 1000


def test_a_redirect_is_not_followed(receiver, plan, django_capture_on_commit_callbacks):
    endpoint(receiver)
    Receiver.statuses = [302]
    render(plan, django_capture_on_commit_callbacks)
    assert [r["path"] for r in Receiver.received] == ["/"]
    [logged] = WebhookDelivery.objects.all()
    assert (logged.status_code, logged.succeeded) == (302, False)


def test_a_private_address_is_refused_unless_allowed(
    receiver, settings, plan, django_capture_on_commit_callbacks
):
    settings.PLANPORTAL_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    endpoint(receiver)
    render(plan, django_capture_on_commit_callbacks)
    assert Receiver.received == []
    [logged] = WebhookDelivery.objects.all()
    assert logged.status_code is None and "non-public" in logged.error


def test_a_private_plans_versions_are_never_sent(
    receiver, plan, django_capture_on_commit_callbacks
):
    endpoint(receiver)
    PageViewRestriction.objects.create(
        page=plan, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    render(plan, django_capture_on_commit_callbacks)
    assert Receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_an_unrendered_or_re_saved_version_sends_nothing(
    receiver, plan, django_capture_on_commit_callbacks
):
    endpoint(receiver)
    with django_capture_on_commit_callbacks(execute=True):
        kept = PublishedVersion.objects.create(
            plan=plan, locale=plan.locale, version="90.1", date=date(2026, 3, 1), change="x"
        )
    assert Receiver.received == []
    kept = render(plan, django_capture_on_commit_callbacks, version="90.2")
    assert len(Receiver.received) == 1
    with django_capture_on_commit_callbacks(execute=True):
        kept.pdf = "versions/plan.pdf"
        kept.save(update_fields=["pdf"])
    assert len(Receiver.received) == 1


def test_an_approved_change_is_sent_once_per_kept_language(
    receiver,
    settings,
    users,
    superuser,
    plan,
    history_chapter,
    django_capture_on_commit_callbacks,
):
    """The real path: the final approval records the versions, the worker renders them."""
    from tests.test_versions import approve_change

    settings.PLANPORTAL_RENDER_KEPT_VERSIONS = True
    active = endpoint(receiver)
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro="Webhook."
    )
    kept = PublishedVersion.objects.filter(decision=entry, rendered_at__isnull=False)
    languages = set(kept.values_list("locale__language_code", flat=True))
    assert languages
    payloads = [json.loads(r["body"]) for r in Receiver.received]
    assert sorted(p["data"]["language"] for p in payloads) == sorted(languages)
    assert {p["data"]["version"] for p in payloads} == {entry.version}
    assert all(verify(active.secret, r["headers"], r["body"]) for r in Receiver.received)
    assert {p["data"]["decision"]["responsible"] for p in payloads} == {entry.responsible}


# --- the admin --------------------------------------------------------------------------


def test_the_adviser_creates_an_endpoint_and_reads_its_secret(users):
    client = client_for(users["kommunikasjon"])
    add_url = reverse("webhook_endpoints:add")
    response = client.get(add_url)
    assert response.status_code == 200
    url = f"https://mottaker.example.no/{unique_word('krok')}/"
    data = admin_form(response.content.decode(), name="Mottaker", url=url, active="on")
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = WebhookEndpoint.objects.get(url=url)
    assert created.secret.startswith("whsec_")
    assert len(base64.b64decode(created.secret.removeprefix("whsec_"))) >= 24

    edit_url = reverse("webhook_endpoints:edit", args=[created.pk])
    response = client.get(edit_url)
    assert response.status_code == 200
    assert created.secret in response.content.decode()
    # The secret is ours: an edit cannot set it.
    data = admin_form(response.content.decode(), secret="whsec_AAAA")
    assert client.post(edit_url, data).status_code == 302
    created.refresh_from_db()
    assert created.secret != "whsec_AAAA" and created.secret.startswith("whsec_")


@pytest.mark.parametrize(
    "bad_url", ["ftp://mottaker.example.no/", "javascript:alert(1)", "https://"]
)
def test_only_web_addresses_are_accepted(users, bad_url):
    client = client_for(users["kommunikasjon"])
    add_url = reverse("webhook_endpoints:add")
    data = admin_form(client.get(add_url).content.decode(), name="Feil", url=bad_url)
    response = client.post(add_url, data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select(".error-message, .w-field__errors")
    assert not WebhookEndpoint.objects.exists()


def test_the_adviser_reads_the_delivery_log_and_cannot_write_it(
    receiver, users, plan, django_capture_on_commit_callbacks
):
    active = endpoint(receiver)
    Receiver.statuses = [500]
    render(plan, django_capture_on_commit_callbacks)
    logged = WebhookDelivery.objects.get()
    client = client_for(users["kommunikasjon"])
    response = client.get(reverse("webhook_deliveries:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert active.name in body and "500" in body
    assert active.secret not in body
    inspect = client.get(reverse("webhook_deliveries:inspect", args=[logged.pk]))
    assert inspect.status_code == 200 and logged.message_id in inspect.content.decode()
    # The log has no address to add, edit or delete a row (core.read_only_admin).
    for name, args in (("add", []), ("edit", [logged.pk]), ("delete", [logged.pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"webhook_deliveries:{name}", args=args)
    prefix = reverse("webhook_deliveries:index")
    for path in ("new/", f"edit/{logged.pk}/", f"delete/{logged.pk}/"):
        assert client.get(f"{prefix}{path}").status_code == 404
        assert client.post(f"{prefix}{path}", {}).status_code == 404
    assert WebhookDelivery.objects.filter(pk=logged.pk, error=logged.error).exists()


def test_the_slt_coordinator_is_refused(users, receiver):
    active = endpoint(receiver)
    client = client_for(users["slt"])
    for url in [
        reverse("webhook_endpoints:index"),
        reverse("webhook_endpoints:add"),
        reverse("webhook_endpoints:edit", args=[active.pk]),
        reverse("webhook_deliveries:index"),
    ]:
        assert_refused(client.get(url))
    assert_refused(client.post(reverse("webhook_endpoints:add"), {"name": "x", "url": receiver}))
    assert WebhookEndpoint.objects.count() == 1
