from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "languages"
    verbose_name = "Språk og oversettelser"

    def ready(self):
        from . import signal_handlers, translation_drafts

        signal_handlers.register()
        # wagtail-localize writes drafts into live rows; see languages.translation_drafts.
        translation_drafts.install()
