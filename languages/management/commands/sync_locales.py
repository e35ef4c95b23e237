"""Create a wagtail Locale for every language in settings.WAGTAIL_CONTENT_LANGUAGES."""

from django.conf import settings
from django.core.management.base import BaseCommand
from wagtail.models import Locale


class Command(BaseCommand):
    help = "Opprett språkene i WAGTAIL_CONTENT_LANGUAGES som Wagtail-språk (idempotent)."

    def handle(self, *args, **options):
        for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
            _, created = Locale.objects.get_or_create(language_code=code)
            self.stdout.write(f"{'Opprettet' if created else 'Finnes'}: {code} ({name})")
