"""The admin's "Webhooks" (under Innstillinger): the endpoints, and the deliveries' log."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.read_only_admin import ReadOnlyPermissionPolicy, ReadOnlyViewSetMixin

from .models import WebhookDelivery, WebhookEndpoint

register_permission_policy(WebhookDelivery, ReadOnlyPermissionPolicy(WebhookDelivery))


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link"
    menu_label = _("Adresser")
    url_prefix = "webhooks/adresser"
    name = "webhook_endpoints"
    list_display = ["name", "url", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]


class WebhookDeliveryViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    model = WebhookDelivery
    icon = "list-ul"
    menu_label = _("Leveringer")
    url_prefix = "webhooks/leveringer"
    name = "webhook_deliveries"
    list_display = [
        "attempted_at",
        "endpoint",
        "published_version",
        "attempt",
        "status_code",
        "error",
        "duration_ms",
        "succeeded",
    ]
    list_filter = ["endpoint", "succeeded"]
    inspect_view_fields = [
        "attempted_at",
        "endpoint",
        "message_id",
        "event_type",
        "published_version",
        "attempt",
        "status_code",
        "error",
        "duration_ms",
        "succeeded",
    ]


class WebhooksViewSetGroup(ViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link-external"
    add_to_settings_menu = True
    items = (WebhookEndpointViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_webhooks_viewsets():
    return WebhooksViewSetGroup()
