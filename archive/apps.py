from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """Versions kept: each version of the plan frozen as it was published."""

    name = "archive"
    verbose_name = "Versjonsarkiv"

    def ready(self):
        from archive.signals import connect

        connect()
