"""Purge the edge cache now, for a deploy: what any change purges, or with --all everything."""

from django.core.management.base import BaseCommand, CommandError

from edge import purge
from edge.backends import BanFailed


class Command(BaseCommand):
    help = (
        "Ban every public address of the site (every live page in every language, the "
        "sitemap, robots.txt, search, the API) in the caches PLANPORTAL_FRONTEND_CACHE_URLS "
        "names, now (not through the task worker). --all bans everything they hold."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Ban every address of every site, not only the public ones.",
        )

    def handle(self, *args, **options):
        if not purge.purging_enabled():
            self.stdout.write(
                "Ingen mellomlager er satt opp (PLANPORTAL_FRONTEND_CACHE_URLS): ingenting å tømme."
            )
            return
        urls = purge.everything_urls() if options["all"] else purge.change_urls()
        try:
            count = purge.send(urls)
        except BanFailed as error:
            raise CommandError(f"Mellomlageret ble ikke tømt: {error}") from error
        what = "alt innhold" if options["all"] else f"{count} adresser"
        self.stdout.write(f"Tømte mellomlageret: {what}.")
