from django.apps import AppConfig


class EdgeConfig(AppConfig):
    """The edge cache's contract: Cache-Control of public responses, purges on change."""

    name = "edge"
    verbose_name = "Mellomlager"

    def ready(self):
        from edge.signals import connect_purge_receivers

        connect_purge_receivers()
