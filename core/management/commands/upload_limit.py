"""`manage.py upload_limit`: the request size the front (proxy) must let through, in bytes.

The front's configuration takes its limit from here, so it follows the upload limits
(PLANPORTAL_MAX_UPLOAD_BYTES, or PLANPORTAL_MAX_IMAGE_BYTES and PLANPORTAL_MAX_DOCUMENT_BYTES:
cms/settings/base.py) and is never written down twice. `--file` prints the limit on the
largest file an editor may upload (an image or a document) instead.
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
            help="grensen for den største fila (et bilde eller et dokument) i stedet for hele "
            "forespørselen",
        )

    def handle(self, *args, **options):
        limit = (
            max(settings.PLANPORTAL_MAX_IMAGE_BYTES, settings.PLANPORTAL_MAX_DOCUMENT_BYTES)
            if options["file"]
            else settings.PLANPORTAL_MAX_REQUEST_BYTES
        )
        self.stdout.write(str(limit))
