"""When a kept version has been rendered: one message to every active endpoint."""

from django.db import transaction
from django.db.models.signals import post_save

from plan_pages.models import PublishedVersion

from . import delivery
from .models import WebhookEndpoint


def _is_public(plan) -> bool:
    return plan.live and not plan.get_view_restrictions().exists()


def on_published_version_saved(sender, instance, created=False, raw=False, **kwargs):
    """Once, when its rendering is stored (archive.freeze saves `rendered_at` once)."""
    update_fields = kwargs.get("update_fields") or ()
    if raw or instance.rendered_at is None:
        return
    if not created and "rendered_at" not in update_fields:
        return
    transaction.on_commit(lambda: enqueue_version(instance.pk), robust=True)


def enqueue_version(published_version_id: int) -> int:
    """Enqueue the message for a rendered version of a public plan; how many endpoints."""
    from .tasks import deliver_webhook

    published = (
        PublishedVersion.objects.select_related("plan", "locale", "decision")
        .filter(pk=published_version_id, rendered_at__isnull=False)
        .first()
    )
    if published is None or not _is_public(published.plan):
        return 0
    endpoints = list(WebhookEndpoint.objects.filter(active=True).values_list("pk", flat=True))
    if not endpoints:
        return 0
    payload = delivery.version_payload(published)
    message_id = delivery.new_message_id()
    for endpoint_id in endpoints:
        deliver_webhook.enqueue(endpoint_id, message_id, payload, published.pk)
    return len(endpoints)


def connect():
    post_save.connect(
        on_published_version_saved,
        sender=PublishedVersion,
        dispatch_uid="webhooks_version_published",
    )
