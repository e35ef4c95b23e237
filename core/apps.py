from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Mechanisms every domain app shares (no models, no views)."""

    name = "core"
    verbose_name = "Felles"

    def ready(self):
        from . import publishing

        publishing.install()
