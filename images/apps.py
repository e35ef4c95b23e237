from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Bilder"

    def ready(self):
        from . import pixels

        pixels.install_pillow_limit()
