from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared helpers below every domain app (no models, no views)."""

    name = "core"
    verbose_name = "Felles"

    def ready(self):
        from . import publishing

        publishing.install()
