"""Another attempt of a background task, later: django-tasks-db has no retries of its own.

A task whose work failed for a reason that may pass (a mail server or a cache that is down)
enqueues its own next attempt, deferred by the next of its delays, and then fails as usual, so
the worker records this attempt's error. After the last delay it is given up.
"""

from datetime import timedelta

from django.utils import timezone


def retry_later(task, attempt: int, delays: list[int], *args, **kwargs) -> int | None:
    """Enqueue attempt `attempt + 1` of `task` with these arguments, after the delay for
    `attempt`; the delay in seconds, or None when the attempts are used up or the backend
    cannot defer (the immediate backend of tests: retrying at once would meet the same
    outage)."""
    if attempt > len(delays) or not task.get_backend().supports_defer:
        return None
    delay = delays[attempt - 1]
    task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
        *args, attempt=attempt + 1, **kwargs
    )
    return delay
