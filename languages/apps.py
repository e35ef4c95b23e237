from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "languages"
    verbose_name = "Språk og oversettelser"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
