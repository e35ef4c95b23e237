from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The API layer (cms.api*): it owns the record of the last public change (cms.api_http)."""

    name = "cms"
    verbose_name = "API"

    def ready(self):
        from cms.api_http import connect_public_change_receivers

        connect_public_change_receivers()
