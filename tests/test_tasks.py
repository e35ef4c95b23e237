"""Background work: the moderation's e-mails go through the database task queue.

An SMTP server that refuses connections must neither slow nor fail an
approval; the mail waits in the queue, its failed attempt is recorded, and the
task worker (`manage.py db_worker`) sends it once the server is back.
"""

import smtplib
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from moderation.tasks import send_notification_email
from plan_pages.models import HistoryEntry
from tests.roles import approval_data
from tests.test_notifications import act, submit

pytestmark = pytest.mark.django_db

TASK_PATH = send_notification_email.module_path


def use_database_queue(settings):
    """The production backend: tasks wait in django-tasks-db's table for the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def refuse_smtp(settings):
    """Django's SMTP backend pointed at a local port nothing listens on: every connection refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def database_queue(settings):
    use_database_queue(settings)


@pytest.fixture
def refusing_smtp(settings):
    refuse_smtp(settings)


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch):
    """The worker closes stale connections between tasks; in a test it shares the test's own."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def run_worker():
    """One pass of the task worker: every task that is due, then exit."""
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def mail_tasks():
    return DBTaskResult.objects.filter(task_path=TASK_PATH).order_by("enqueued_at")


def test_an_smtp_outage_neither_fails_an_approval_nor_loses_its_mail(
    history_chapter, users, superuser, django_capture_on_commit_callbacks, settings
):
    captured = django_capture_on_commit_callbacks
    chapter = submit("page", history_chapter, users["slt"], superuser, "Notat.", captured)
    revision = chapter.current_workflow_state.current_task_state.revision
    act(chapter, users["politirad"], "approve", approval_data(), captured)
    mail.outbox.clear()
    locmem_backend = settings.EMAIL_BACKEND

    # The mail server goes down, the queue is the database's; the last body approves.
    use_database_queue(settings)
    refuse_smtp(settings)

    task_state = act(chapter, users["kommunestyret"], "approve", approval_data(), captured)

    # The approval went through: published, and its row in the plan's history.
    chapter.refresh_from_db()
    assert chapter.live_revision_id == revision.pk
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_APPROVED
    assert HistoryEntry.objects.filter(revision=revision, sets_version=True).count() == 1
    # Its mail to the submitter waits in the queue, not yet tried.
    [queued] = mail_tasks()
    assert queued.status == TaskResultStatus.READY and queued.started_at is None
    assert queued.args_kwargs["args"][0] == users["slt"].email
    assert mail.outbox == []

    # The worker tries while the server is still down: the attempt fails, a retry is deferred.
    before = timezone.now()
    run_worker()
    failed, retry = mail_tasks()
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["args"] == failed.args_kwargs["args"]
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after >= before + timedelta(seconds=settings.PLANPORTAL_EMAIL_RETRY_DELAYS[0])
    # Not due yet: another pass leaves it waiting.
    run_worker()
    assert mail_tasks().get(pk=retry.pk).status == TaskResultStatus.READY

    # The server is back and the delay has passed: the next pass sends the mail.
    settings.EMAIL_BACKEND = locmem_backend
    mail_tasks().filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert [task.status for task in mail_tasks()] == [
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    ]
    [message] = mail.outbox
    assert message.to == [users["slt"].email]
    assert message.subject == f"Godkjent i «Planbehandling»: «{revision.object_str}»"
    assert message.subject == failed.args_kwargs["args"][1]


def test_retries_stop_after_the_last_delay(database_queue, refusing_smtp, settings):
    last_attempt = len(settings.PLANPORTAL_EMAIL_RETRY_DELAYS) + 1
    send_notification_email.enqueue(
        "mottaker@example.com", "Emne", "Tekst", None, attempt=last_attempt
    )

    run_worker()

    [given_up] = mail_tasks()
    assert given_up.status == TaskResultStatus.FAILED
    assert given_up.exception_class_path == "builtins.ConnectionRefusedError"


class RejectingRecipientBackend:
    """A mail server that answers but refuses the recipient for good (5xx)."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user") for m in messages})


def test_a_refused_recipient_is_not_retried(database_queue, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RejectingRecipientBackend"
    send_notification_email.enqueue("ukjent@example.com", "Emne", "Tekst")

    run_worker()

    [refused] = mail_tasks()
    assert refused.status == TaskResultStatus.FAILED
    assert refused.exception_class_path == "smtplib.SMTPRecipientsRefused"
