from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Forside"

    def ready(self):
        from .search_index import connect_search_index_receivers

        connect_search_index_receivers()
