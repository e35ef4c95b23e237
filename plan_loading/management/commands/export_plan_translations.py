"""Write the plan's strings as PO files for translation (plan_loading/po/<locale>/)."""

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale

from languages.plan_objects import source_objects
from plan_loading.shipped import export_po, po_path, source_for


class Command(BaseCommand):
    help = (
        "Skriv planens tekster som PO-filer per objekt til plan_loading/po/<språk>/, "
        "med oversettelsene som alt finnes i filene."
    )

    def add_arguments(self, parser):
        parser.add_argument("languages", nargs="+", help="Språkkoder, for eksempel en ar.")

    def handle(self, *args, languages, **options):
        known = {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
        unknown = sorted(set(languages) - known)
        if unknown:
            raise CommandError(f"Ukjente språk: {', '.join(unknown)}")
        source_locale = Locale.get_default()
        written = 0
        with transaction.atomic():
            for instance in source_objects(source_locale):
                source = source_for(instance)
                for code in languages:
                    path = po_path(code, instance)
                    previous = polib.pofile(str(path)) if path.exists() else None
                    path.parent.mkdir(parents=True, exist_ok=True)
                    export_po(source, code, previous).save(str(path))
                    written += 1
        self.stdout.write(f"Skrev {written} PO-filer.")
