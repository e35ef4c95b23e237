"""The logins locked now, read from django-axes' database records.

Axes counts failed logins per client address (AXES_LOCKOUT_PARAMETERS = ["ip_address"]) in
axes.AccessAttempt, one row per address, username and browser; an address is locked while
its rows of the last AXES_COOLOFF_TIME hold AXES_FAILURE_LIMIT failures or more
(AxesDatabaseHandler.get_failures). The same sum is made here, once for every address, so the
listing and the lockout message agree with what axes refuses.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Lockout:
    ip_address: str
    usernames: tuple[str, ...]
    failures: int
    last_attempt: datetime
    # When the address may try again by itself, without anyone unlocking it.
    until: datetime


def _lockout(ip_address: str, attempts: list, now: datetime) -> Lockout | None:
    """The lockout of one address from its recent rows (oldest first), or None."""
    cool_off = get_cool_off()
    limit = settings.AXES_FAILURE_LIMIT
    failures = sum(a.failures_since_start for a in attempts)
    if failures < limit:
        return None
    # The lock lifts when enough of the oldest rows have aged out of the cool-off.
    remaining = failures
    until = attempts[-1].attempt_time + cool_off
    for attempt in attempts:
        remaining -= attempt.failures_since_start
        if remaining < limit:
            until = attempt.attempt_time + cool_off
            break
    return Lockout(
        ip_address=ip_address,
        usernames=tuple(sorted({a.username for a in attempts if a.username})),
        failures=failures,
        last_attempt=attempts[-1].attempt_time,
        until=max(until, now),
    )


def _recent_attempts(now: datetime):
    return AccessAttempt.objects.filter(attempt_time__gte=now - get_cool_off()).order_by(
        "ip_address", "attempt_time", "pk"
    )


def current_lockouts() -> list[Lockout]:
    """Every locked address, the most recent first."""
    now = timezone.now()
    by_address: dict[str, list] = {}
    for attempt in _recent_attempts(now):
        by_address.setdefault(attempt.ip_address, []).append(attempt)
    lockouts = [_lockout(address, rows, now) for address, rows in by_address.items()]
    return sorted(
        (lockout for lockout in lockouts if lockout), key=lambda lockout: lockout.last_attempt
    )[::-1]


def lockout_of(ip_address: str) -> Lockout | None:
    now = timezone.now()
    return _lockout(ip_address, list(_recent_attempts(now).filter(ip_address=ip_address)), now)


def unlock(ip_address: str) -> int:
    """Forget the address's failed attempts (axes' own reset); how many rows went."""
    return reset(ip=ip_address)
