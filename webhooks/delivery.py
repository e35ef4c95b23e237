"""What a webhook says about a kept version, and one attempt to deliver it."""

import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from plan_pages.feeds import kept_versions, version_links
from plan_pages.versions import feed_path

from . import signing

VERSION_PUBLISHED = "plan.version.published"
USER_AGENT = "Planportal-Webhooks/1"


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def version_payload(published) -> dict:
    """The message for a kept version: the plan, the version, its decision and addresses."""
    plan = published.plan
    plan_url = plan.get_full_url()
    earliest = kept_versions(plan)[-1].version
    links = version_links(plan_url, published, earliest)
    decision = published.decision
    return {
        "type": VERSION_PUBLISHED,
        "timestamp": timezone.now().isoformat(),
        "data": {
            "plan": {"id": plan.pk, "title": plan.title, "url": plan_url},
            "language": published.locale.language_code,
            "version": published.version,
            "date": published.date.isoformat(),
            "approved": published.approved,
            "change": published.change,
            "decision": (
                {
                    "date": decision.date.isoformat(),
                    "version": decision.version,
                    "responsible": decision.responsible,
                }
                if decision is not None
                else None
            ),
            "urls": {**links, "feed": feed_path(plan_url)},
        },
    }


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


class AddressNotAllowed(Exception):
    pass


def check_address(url: str) -> None:
    """Refuse a host that resolves to a non-public address (unless allowed by the settings)."""
    if settings.PLANPORTAL_WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise AddressNotAllowed(f"cannot resolve {parts.hostname}: {error}") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise AddressNotAllowed(f"{parts.hostname} resolves to a non-public address")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx is the receiver's answer, not a new address to deliver to."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int
    retry: bool = True

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, secret: str, message_id: str, body: bytes) -> Outcome:
    """One signed POST of `body` to `url`: its status, or the error that stopped it."""
    try:
        check_address(url)
    except AddressNotAllowed as error:
        return Outcome(None, str(error), 0, retry=False)
    request = urllib.request.Request(  # noqa: S310 - the URL's scheme is validated: http(s)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            **signing.headers(secret, message_id, int(time.time()), body),
        },
    )
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=settings.PLANPORTAL_WEBHOOK_TIMEOUT) as response:
            response.read(1024)
            status, error = response.status, ""
    except urllib.error.HTTPError as response:
        status, error = response.code, ""
        response.close()
    except (OSError, ValueError) as failure:  # URLError, timeouts, refused connections
        status, error = None, _describe(failure)
    return Outcome(status, error, round((time.monotonic() - started) * 1000))


def _describe(failure: Exception) -> str:
    reason = getattr(failure, "reason", None)
    return f"{type(failure).__name__}: {reason if reason is not None else failure}"
