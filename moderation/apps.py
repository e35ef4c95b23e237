from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Planbehandling"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
