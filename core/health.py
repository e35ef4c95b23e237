"""Health probes for a load balancer or process manager, outside the language prefixes.

`/healthz` answers whether the process serves requests at all (no database, no cache);
`/readyz` whether it can do its work: the database answers a trivial query, the cache
stores and returns a value, and the task queue is being worked (no task has waited longer than
PLANPORTAL_READYZ_MAX_TASK_AGE seconds since it became due: else no task worker runs). Neither is ever cached, by us or by anything in front of us.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

# How long the readiness probe's cache entry may outlive a probe that died half-way.
CACHE_PROBE_TIMEOUT = 10


def database_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_round_trips() -> bool:
    """Set and get a value of our own: concurrent probes never read each other's."""
    key, value = f"planportal:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, CACHE_PROBE_TIMEOUT)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


def task_queue_is_worked() -> bool:
    """No queued task has been due for longer than PLANPORTAL_READYZ_MAX_TASK_AGE seconds.

    A task is due when it was enqueued, or at its `run_after` (a deferred retry); django-tasks-db
    marks "no run_after" with the largest date. A task running or finished is not waiting.
    """
    due_before = timezone.now() - timedelta(seconds=settings.PLANPORTAL_READYZ_MAX_TASK_AGE)
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    waiting = ready.filter(run_after=get_date_max(), enqueued_at__lt=due_before).exists()
    deferred = ready.filter(run_after__lt=due_before).exists()
    return not (waiting or deferred)


# Each readiness check by the name a failed probe reports.
READINESS_CHECKS = {
    "database": database_answers,
    "cache": cache_round_trips,
    "tasks": task_queue_is_worked,
}


def _passes(name, check) -> bool:
    try:
        if check():
            return True
        logger.warning("Readiness check %s failed", name)
    except Exception:
        logger.warning("Readiness check %s failed", name, exc_info=True)
    return False


@never_cache
@require_safe
def healthz(request):
    """The process is alive and answers; nothing else is asked."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """200 when every readiness check passes, else 503 naming the checks that failed."""
    results = {name: _passes(name, check) for name, check in READINESS_CHECKS.items()}
    failed = [name for name, ok in results.items() if not ok]
    body = {
        "status": "unavailable" if failed else "ok",
        "checks": {name: "ok" if ok else "failed" for name, ok in results.items()},
    }
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
