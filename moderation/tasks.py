"""The moderation's background work: its notification e-mails, sent by the task worker.

An approval, a rejection or a submission only renders its e-mails and enqueues
one task per recipient once it has committed (moderation.notifications); the
SMTP conversation happens in the worker (`manage.py db_worker`), so an SMTP
server that is slow or down neither slows nor fails the action.

A failed attempt is recorded as a failed task result (with its exception) and,
when the error is one a mail server recovers from (a refused or dropped
connection, a 4xx reply), the task enqueues its own next attempt (core.retry),
deferred by PLANPORTAL_EMAIL_RETRY_DELAYS; after the last delay the mail is
given up and logged as an error.
"""

import logging
import smtplib

from django.conf import settings
from django_tasks import task
from wagtail.admin.mail import send_mail

from core.retry import retry_later

logger = logging.getLogger(__name__)


def is_transient(error: BaseException) -> bool:
    """Whether the mail may get through later: the server was unreachable or said "try again"."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # Refused, reset or timed-out connections, and SMTPServerDisconnected.
    return isinstance(error, OSError)


@task()
def send_notification_email(
    recipient: str, subject: str, body: str, html: str | None = None, attempt: int = 1
) -> None:
    """Send one rendered notification e-mail; on a transient failure, enqueue the next attempt."""
    try:
        send_mail(subject, body, [recipient], html_message=html)
    except Exception as error:
        delay = None
        if is_transient(error):
            delay = retry_later(
                send_notification_email,
                attempt,
                settings.PLANPORTAL_EMAIL_RETRY_DELAYS,
                recipient,
                subject,
                body,
                html,
            )
        if delay is not None:
            logger.warning(
                "Notification e-mail %r to %s failed (attempt %d, %s); retrying in %d s",
                subject,
                recipient,
                attempt,
                error.__class__.__name__,
                delay,
            )
        else:
            logger.error(
                "Notification e-mail %r to %s failed (attempt %d, %s); giving up",
                subject,
                recipient,
                attempt,
                error.__class__.__name__,
            )
        # Recorded as this attempt's failed result.
        raise
