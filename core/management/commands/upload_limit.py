"""`manage.py upload_limit`: the request size the front (proxy) must let through, in bytes.

The front's configuration takes its limit from here, so it follows PLANPORTAL_MAX_UPLOAD_BYTES
(cms/settings/base.py) and is never written down twice. `--file` prints the limit on one
uploaded file instead.
"""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Skriver ut hvor stor en forespørsel kan være (byte), for frontens grense "
        "(--file: hvor stor én opplastet fil kan være)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            action="store_true",
            help="grensen for én fil (PLANPORTAL_MAX_UPLOAD_BYTES) i stedet for hele forespørselen",
        )

    def handle(self, *args, **options):
        limit = (
            settings.PLANPORTAL_MAX_UPLOAD_BYTES
            if options["file"]
            else settings.PLANPORTAL_MAX_REQUEST_BYTES
        )
        self.stdout.write(str(limit))
