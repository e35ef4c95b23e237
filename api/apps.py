from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The headless API app; it owns the record of the last public change (api.http)."""

    name = "api"
    verbose_name = "API"

    def ready(self):
        from api.http import connect_public_change_receivers

        connect_public_change_receivers()
