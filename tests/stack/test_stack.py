"""The production stack as `make prod` runs it: Varnish in front of two gunicorn app servers,
nginx for files, the task worker and the scheduler, on PostgreSQL and Redis.

Run by `make stack-test` (deploy/stack-test.sh), which starts the stack on a throwaway
database and its own ports and gives these tests its addresses and settings in the
environment. Content is changed the way a process of the installation would: in
`manage.py shell` with the stack's environment (deploy/prod.sh manage).
"""

import json
import os
import re
import secrets
import socket
import socketserver
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
from django_otp.oath import TOTP

ROOT = Path(__file__).resolve().parents[2]
CACHE = os.environ["PLANPORTAL_STACK_URL"]
APP_A, APP_B = os.environ["PLANPORTAL_STACK_APP_URLS"].split(",")
ANON_RATE = os.environ["PLANPORTAL_API_ANON_RATE"]
SMTP_PORT = int(os.environ["EMAIL_PORT"])
# How soon a change must be visible through the cache.
VISIBLE_WITHIN = 2.0
TIMEOUT = 30


def shell(code: str) -> dict:
    """Run `code` in manage.py shell with the stack's environment; its last line is JSON."""
    result = subprocess.run(
        [str(ROOT / "deploy/prod.sh"), "manage", "shell", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def get(url, session=None, **kwargs):
    return (session or requests).get(url, timeout=TIMEOUT, allow_redirects=False, **kwargs)


def warm(url) -> requests.Response:
    """Request `url` through the cache until the cache answers from its store."""
    for _ in range(3):
        response = get(CACHE + url)
        assert response.status_code == 200, (url, response.status_code)
        if response.headers.get("X-Cache") == "HIT":
            return response
    raise AssertionError(f"{url} is not cached: {dict(response.headers)}")


def poll_until(url, text, since: float) -> float:
    """Seconds from `since` until `url` through the cache shows `text` (fails after TIMEOUT)."""
    while time.time() - since < TIMEOUT:
        response = get(CACHE + url)
        if text in response.text:
            return time.time() - since
        time.sleep(0.05)
    raise AssertionError(f"{text!r} did not appear on {url} within {TIMEOUT} s")


# An authenticator app, set up for `user` (the stack requires a second factor of superusers and
# the approving bodies, production's default): its key, in hex.
AUTHENTICATOR = """
from django_otp.plugins.otp_totp.models import TOTPDevice
device = TOTPDevice.objects.create(user={user}, name="stack-test", confirmed=True)
"""


@pytest.fixture(scope="module")
def editor():
    """A superuser of our own, with a password only this run knows, and an authenticator."""
    username, password = f"stack-{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    found = shell(
        "import json; from django.contrib.auth import get_user_model; "
        f"user = get_user_model().objects.create_superuser({username!r}, 'stack@example.com', {password!r})"
        + AUTHENTICATOR.format(user="user")
        + "print(json.dumps({'key': device.key}))"
    )
    return username, password, found["key"]


def log_in(base, username, password, key) -> requests.Session:
    """Through the admin's real login form on `base`, then its second-factor step with the
    code the authenticator with `key` shows now."""
    session = requests.Session()
    form = get(f"{base}/admin/login/", session)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    response = session.post(
        f"{base}/admin/login/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        },
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    assert "sessionid" in session.cookies
    # The admin refuses the session until it gives the second factor.
    gate = get(f"{base}/admin/", session)
    assert gate.status_code == 302, gate.status_code
    step = base + gate.headers["Location"]
    form = get(step, session)
    assert form.status_code == 200, form.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    code = f"{TOTP(bytes.fromhex(key)).token():06d}"
    response = session.post(
        step,
        {"code": code, "csrfmiddlewaretoken": token},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    assert get(f"{base}/admin/", session).status_code == 200
    return session


CHAPTERS = """
import json
from plan_pages.models import ChapterPage
chapters = ChapterPage.objects.live().public().filter(locale__language_code="nb").order_by("path")
"""


def chapter_urls() -> list[dict]:
    return shell(CHAPTERS + "print(json.dumps([{'id': c.pk, 'url': c.url} for c in chapters]))")


# --- a. one session for every app server and the cache ---------------------------------------


def test_a_session_made_on_one_app_server_works_on_the_other_and_through_the_cache(editor):
    for base in (APP_B, CACHE):  # without a session: the login form
        assert get(f"{base}/admin/").status_code == 302, base
    session = log_in(APP_A, *editor)
    for base in (APP_B, CACHE):
        response = get(f"{base}/admin/", session)
        assert response.status_code == 200, base
        assert editor[0] in response.text, base
    assert get(f"{CACHE}/admin/", session).headers["X-Cache"] == "PASS"
    # A public page asked for with the session is never taken from, nor put in, the cache.
    url = chapter_urls()[0]["url"]
    for _ in range(2):
        assert get(CACHE + url, session).headers["X-Cache"] == "PASS"


# --- b. private pages and previews never come from the cache ---------------------------------


def test_a_private_page_and_a_preview_never_come_from_the_cache(editor):
    found = shell(
        CHAPTERS
        + f"""
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction
from api.preview import issue_token
chapter = chapters.last()
PageViewRestriction.objects.create(
    page=chapter, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
)
user = get_user_model().objects.get(username={editor[0]!r})
print(json.dumps({{"url": chapter.url, "id": chapter.pk, "token": issue_token(chapter, user).token}}))
"""
    )
    try:
        for _ in range(3):
            response = get(CACHE + found["url"])
            assert response.status_code == 200
            assert response.headers["X-Cache"] != "HIT"
            assert 'name="password"' in response.text

        preview = f"{CACHE}/api/v2/pages/{found['id']}/?preview_token={found['token']}"
        for _ in range(3):
            response = get(preview)
            assert response.status_code == 200
            assert response.headers["X-Planportal-Preview"] == "1"
            assert "private" in response.headers["Cache-Control"]
            assert response.headers["X-Cache"] == "PASS"
    finally:  # the page is public again for the tests after this one
        shell(
            "import json; from wagtail.models import PageViewRestriction; "
            f"PageViewRestriction.objects.filter(page_id={found['id']}).delete(); "
            "print(json.dumps({}))"
        )


# --- c, d. a change is visible through the cache at once -------------------------------------


AWAIT_LAST_APPROVAL = """
import json
from django.conf import settings
from wagtail.models import WorkflowState
from plan_pages.models import ChapterPage
from tests import sources
from tests.roles import (
    ROLE_GROUPS, approve, approval_data, client_for, make_user, submit_edit, workflow_action_url,
)

# The test client, in this process only: its host, and no second factor for the users it signs
# in with force_login (whoever signs in over HTTP in these tests gives theirs).
settings.ALLOWED_HOSTS.append("testserver")
settings.PLANPORTAL_2FA_REQUIRED_GROUPS = []
settings.PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS = False
users = {{key: make_user(f"stack-{{key}}", ROLE_GROUPS[key]) for key in ("slt", "politirad", "kommunestyret")}}
users["kommunestyret"].set_password({password!r})
users["kommunestyret"].save()
{authenticator}chapters = {{c.number: c for c in ChapterPage.objects.filter(locale__language_code="nb").specific()}}
chapter = sources.the_chapter_with(chapters, "document_history")
submit_edit(client_for(users["slt"]), users["slt"], chapter, {intro!r}, "Ny ingress.")
assert approve(client_for(users["politirad"]), users["politirad"], chapter, **approval_data()).status_code == 302
state = WorkflowState.objects.get(object_id=str(chapter.pk), status="in_progress")
print(json.dumps({{
    "url": chapter.url,
    "approve": workflow_action_url(chapter, "approve", state.current_task_state),
    "approver": users["kommunestyret"].username,
    "approval": approval_data(),
    "key": device.key,
}}))
"""


def test_a_publish_on_one_app_server_is_visible_through_the_cache_within_2_s():
    """The last approval, posted to app server A's admin, publishes; the cache shows it."""
    intro, password = f"Ny ingress {secrets.token_hex(4)}", secrets.token_urlsafe(16)
    pending = shell(
        AWAIT_LAST_APPROVAL.format(
            intro=intro,
            password=password,
            authenticator=AUTHENTICATOR.format(user='users["kommunestyret"]').lstrip("\n"),
        )
    )
    warm(pending["url"])
    assert intro not in get(CACHE + pending["url"]).text

    session = log_in(APP_A, pending["approver"], password, pending["key"])
    response = session.post(
        APP_A + pending["approve"],
        {**pending["approval"], "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    committed = time.time()  # the approval's transaction has committed when it answers
    assert response.status_code == 302, response.text[:500]
    assert poll_until(pending["url"], intro, committed) < VISIBLE_WITHIN


CONTACT_CHAPTERS = (
    CHAPTERS
    + """
from collections import Counter

def contact_ids(data):
    if isinstance(data, dict):
        if data.get("type") == "contacts":
            # A ListBlock's items: {"type": "item", "value": <pk>, "id": …} (or bare pks).
            for item in data["value"]["contacts"]:
                yield item["value"] if isinstance(item, dict) else item
        for value in data.values():
            yield from contact_ids(value)
    elif isinstance(data, list):
        for value in data:
            yield from contact_ids(value)

shown = {c.url: set(contact_ids(list(c.body.raw_data))) for c in chapters}
# The contact shown on the most chapters (in the seed each is on one, "Kontaktinformasjon").
counts = Counter(pk for ids in shown.values() for pk in ids)
contact, _ = counts.most_common(1)[0]
print(json.dumps({"contact": contact, "urls": sorted(u for u, ids in shown.items() if contact in ids)}))
"""
)

CHANGE_CONTACT = """
import json, time
from django.db import transaction
from snippets.models import Contact
with transaction.atomic():
    contact = Contact.objects.get(pk={pk})
    contact.name = {name!r}
    contact.save_revision().publish()
print(json.dumps({{"committed": time.time()}}))
"""


def test_a_changed_contact_is_visible_on_every_chapter_that_shows_it_within_2_s():
    found = shell(CONTACT_CHAPTERS)
    assert found["urls"], found
    for url in found["urls"]:
        warm(url)
    name = f"Kontakt {secrets.token_hex(4)}"
    committed = shell(CHANGE_CONTACT.format(pk=found["contact"], name=name))["committed"]
    for url in found["urls"]:
        assert poll_until(url, name, committed) < VISIBLE_WITHIN, url


# --- e. one rate limit for every app server ---------------------------------------------------


def test_the_api_rate_limit_holds_across_app_servers():
    allowed = int(ANON_RATE.split("/")[0])
    # A client address of this test's own (the cache's X-Forwarded-For, trusted from 127.0.0.1).
    client = f"192.0.2.{secrets.randbelow(250) + 1}"
    statuses = [
        get(
            f"{(APP_A, APP_B)[i % 2]}/api/v2/pages/?limit=1",
            headers={"X-Forwarded-For": client},
        ).status_code
        for i in range(allowed + 2)
    ]
    assert statuses == [200] * allowed + [429] * 2


# --- f. mail survives an SMTP outage ----------------------------------------------------------


class Sink(socketserver.StreamRequestHandler):
    """Just enough SMTP to take a message: what it got goes to server.messages."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink")
        recipients, data = [], None
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if data is not None:
                if command == ".":
                    self.server.messages.append((recipients, "\n".join(data)))
                    recipients, data = [], None
                    self.reply("250 queued")
                else:
                    data.append(command)
            elif verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 ok")
            elif verb == "DATA":
                data = []
                self.reply("354 go on")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


APPROVE = """
import json
from django.conf import settings
from django_tasks_db.models import DBTaskResult
from moderation.tasks import send_notification_email
from plan_pages.models import ChapterPage
from tests import sources
from tests.roles import approval_data, approve, client_for, make_role_users, submit_edit, make_user
import time

# The test client, in this process only: its host, and no second factor for the users it signs
# in with force_login (whoever signs in over HTTP in these tests gives theirs).
settings.ALLOWED_HOSTS.append("testserver")
settings.PLANPORTAL_2FA_REQUIRED_GROUPS = []
settings.PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS = False
users = make_role_users()
admin = make_user("stack-admin", superuser=True)
chapters = {c.number: c for c in ChapterPage.objects.filter(locale__language_code="nb").specific()}
chapter = sources.the_chapter_with(chapters, "document_history")
submit_edit(client_for(users["slt"]), users["slt"], chapter, "Endret ingress.", "Notat.")
for body in ("politirad", "kommunestyret"):
    assert approve(client_for(users[body]), users[body], chapter, **approval_data()).status_code == 302
chapter.refresh_from_db()
tasks = DBTaskResult.objects.filter(task_path=send_notification_email.module_path)
deadline = time.time() + 30
while not tasks.filter(status="FAILED").exists() and time.time() < deadline:
    time.sleep(0.2)
failed = tasks.filter(status="FAILED").first()
print(json.dumps({
    "published": chapter.live_revision.content["intro"] == "Endret ingress.",
    "failure": failed and failed.exception_class_path,
    "submitter": users["slt"].email,
}))
"""


def test_an_smtp_outage_fails_no_approval_and_the_mail_goes_when_the_server_is_back():
    with socket.socket() as probe:  # nothing listens on the stack's mail port yet
        assert probe.connect_ex(("127.0.0.1", SMTP_PORT)) != 0
    approved = shell(APPROVE)
    assert approved["published"]
    assert approved["failure"] == "builtins.ConnectionRefusedError"

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", SMTP_PORT), Sink) as server:
        server.messages = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            if any(approved["submitter"] in to for to, _ in server.messages):
                break
            time.sleep(0.2)
        server.shutdown()
    assert any(approved["submitter"] in to for to, _ in server.messages), server.messages


# --- g. media from nginx, through the cache ---------------------------------------------------


def test_media_are_served_by_nginx_through_the_cache():
    page = get(CACHE + chapter_urls()[0]["url"]).text
    images = re.findall(r'src="(/media/[^"]+)"', page) or re.findall(
        r'"(/media/[^"\s]+\.(?:png|jpe?g|webp|avif))"', get(CACHE + "/api/v2/images/").text
    )
    assert images, "no image on the first chapter"
    first = get(CACHE + images[0])
    assert first.status_code == 200
    assert first.headers["Server"] == "nginx"
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    # Nothing in an uploaded file runs (deploy/nginx.conf.template): only the image shows.
    directives = {
        name: sources
        for name, *sources in (
            part.split() for part in first.headers["Content-Security-Policy"].split(";")
        )
    }
    assert directives["default-src"] == ["'none'"]
    assert "sandbox" in directives
    assert "script-src" not in directives and "style-src" not in directives
    cached = get(CACHE + images[0])
    assert cached.headers["X-Cache"] == "HIT"
    assert cached.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    # The app servers do not serve media at all.
    assert get(APP_A + images[0]).status_code == 404


def test_a_page_from_the_cache_keeps_its_security_headers_and_plain_http_stays_plain():
    """The stack speaks plain http (PLANPORTAL_HTTPS=0): no redirect to https, no HSTS; the
    cache stores a page's Content-Security-Policy and Permissions-Policy with it."""
    url = chapter_urls()[0]["url"]
    hit = warm(url)
    origin = get(APP_A + url)
    for response in (hit, origin):
        assert response.status_code == 200
        assert "Strict-Transport-Security" not in response.headers
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
        assert "camera=()" in response.headers["Permissions-Policy"]
    assert hit.headers["Content-Security-Policy"] == origin.headers["Content-Security-Policy"]


# --- the cache's own rules: purges, bans, the upload limit -----------------------------------


def static_file() -> str:
    """A collected static file the home page links (nginx's, cached by its max-age)."""
    page = get(CACHE + "/nb/").text
    return re.search(r'"(/static/[^"]+\.css)"', page).group(1)


def test_purge_and_ban_from_localhost_remove_what_the_cache_holds():
    url = static_file()
    warm(url)
    purge = requests.request("PURGE", CACHE + url, timeout=TIMEOUT)
    assert purge.status_code == 200
    assert get(CACHE + url).headers["X-Cache"] == "MISS"

    warm(url)
    ban = requests.request(
        "BAN", CACHE + "/", headers={"X-Planportal-Ban": "^" + re.escape(url)}, timeout=TIMEOUT
    )
    assert ban.status_code == 200
    assert get(CACHE + url).headers["X-Cache"] == "MISS"
    # A ban without its expression is refused, not taken as "everything".
    assert requests.request("BAN", CACHE + "/", timeout=TIMEOUT).status_code == 400


def test_a_body_over_the_upload_limit_is_refused_by_the_cache():
    # The limit the stack's settings give the front (manage.py upload_limit prints the same).
    limit = shell(
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.PLANPORTAL_MAX_REQUEST_BYTES))"
    )
    # Only the headers: the cache answers from Content-Length, before any body arrives.
    with socket.create_connection(("127.0.0.1", int(CACHE.rsplit(":", 1)[1])), TIMEOUT) as sock:
        sock.sendall(
            b"POST /admin/images/multiple/add/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Content-Length: {limit + 1}\r\n\r\n".encode()
        )
        status_line = sock.makefile("rb").readline()
    assert status_line.split()[1] == b"413"
