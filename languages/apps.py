import django.conf.locale
from django.apps import AppConfig

# Languages of the plan that Django does not know (settings.LANGUAGES). Without them,
# get_language_info() raises KeyError and /so/… and /ti/… answer 404.
EXTRA_LANG_INFO = {
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
}


class LanguagesConfig(AppConfig):
    name = "languages"
    verbose_name = "Språk og oversettelser"

    def ready(self):
        from . import signal_handlers, translation_drafts

        django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)
        signal_handlers.register()
        # wagtail-localize writes drafts into live rows; see languages.translation_drafts.
        translation_drafts.install()
