"""The webhooks' background work: one task per message and endpoint, retried on failure."""

import logging

from django.conf import settings
from django_tasks import task

from core.retry import retry_later

from . import delivery
from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The receiver did not take the message (an error, a timeout, a status not 2xx)."""


@task(priority=5)
def deliver_webhook(
    endpoint_id: int,
    message_id: str,
    payload: dict,
    published_version_id: int | None = None,
    attempt: int = 1,
) -> int:
    """POST the message to the endpoint, log the attempt; its status code.

    Every attempt sends the same id and body (a receiver can tell a retry by its
    webhook-id), with the time of this attempt. An attempt that failed enqueues the next
    (PLANPORTAL_WEBHOOK_RETRY_DELAYS) and fails, unless the endpoint was deactivated or
    deleted meanwhile, or its address is not allowed.
    """
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, active=True).first()
    if endpoint is None:
        logger.info("Webhook %s: endpoint %s gone or inactive", message_id, endpoint_id)
        return 0
    outcome = delivery.post(endpoint.url, endpoint.secret, message_id, delivery.body_of(payload))
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        message_id=message_id,
        event_type=payload["type"],
        published_version_id=published_version_id,
        attempt=attempt,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
        succeeded=outcome.succeeded,
    )
    if outcome.succeeded:
        return outcome.status_code
    reason = outcome.error or f"status {outcome.status_code}"
    delay = None
    if outcome.retry:
        delay = retry_later(
            deliver_webhook,
            attempt,
            settings.PLANPORTAL_WEBHOOK_RETRY_DELAYS,
            endpoint_id,
            message_id,
            payload,
            published_version_id,
        )
    if delay is None:
        logger.error(
            "Webhook %s to %r failed (attempt %d, %s); giving up",
            message_id,
            endpoint,
            attempt,
            reason,
        )
    else:
        logger.warning(
            "Webhook %s to %r failed (attempt %d, %s); retrying in %d s",
            message_id,
            endpoint,
            attempt,
            reason,
            delay,
        )
    raise DeliveryFailed(reason)
