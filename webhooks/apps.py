from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed POSTs to configured addresses for each kept version of the plan."""

    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from webhooks.signals import connect

        connect()
