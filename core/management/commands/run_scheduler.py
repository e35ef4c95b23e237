"""The scheduler: a long-running process beside the task worker that runs what is due by the clock.

    python manage.py run_scheduler

Every `--interval` seconds (PLANPORTAL_SCHEDULER_INTERVAL, 60) it runs Wagtail's
`publish_scheduled` (pages and snippets whose "go live" or "expire" time has passed); once a
day (and at start) django-tasks-db's `prune_db_task_results` (finished tasks older than 14
days). Each job runs in its own try/except: a failed run is logged with its traceback and the
loop goes on. SIGTERM or SIGINT stops it between ticks (a running job finishes first).
"""

import logging
import signal
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)

# Each job: the management command and the seconds between its runs (None: every tick).
JOBS = (
    ("publish_scheduled", None),
    ("prune_db_task_results", 24 * 60 * 60),
)


class Command(BaseCommand):
    help = "Publiser planlagte sider hvert minutt og rydd ferdige oppgaver daglig (planleggeren)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Sekunder mellom hver runde (standard: PLANPORTAL_SCHEDULER_INTERVAL).",
        )
        parser.add_argument(
            "--ticks",
            type=int,
            default=None,
            help="Stopp etter så mange runder (standard: kjør til SIGTERM).",
        )

    def handle(self, *args, interval=None, ticks=None, **options):
        if interval is None:
            interval = settings.PLANPORTAL_SCHEDULER_INTERVAL
        stop = threading.Event()
        previous = {
            number: signal.signal(number, lambda *_: stop.set())
            for number in (signal.SIGTERM, signal.SIGINT)
        }
        last_run: dict[str, float] = {}
        done = 0
        logger.info("Scheduler started: a tick every %s s", interval)
        try:
            while not stop.is_set() and (ticks is None or done < ticks):
                self.tick(last_run)
                done += 1
                if ticks is not None and done >= ticks:
                    break
                stop.wait(interval)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        logger.info("Scheduler stopped after %d ticks", done)

    def tick(self, last_run: dict[str, float]) -> None:
        """Run every job that is due; one failing never keeps the others (or the loop) from running."""
        for name, every in JOBS:
            now = time.monotonic()
            if every is not None and name in last_run and now - last_run[name] < every:
                continue
            last_run[name] = now
            try:
                call_command(name, verbosity=0)
            except Exception:
                logger.exception("Scheduled job %s failed", name)
