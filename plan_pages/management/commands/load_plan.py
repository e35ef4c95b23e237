"""`manage.py load_plan`: build the whole plan in the CMS from plan_pages/plan_content.py.

Idempotent: a second run changes nothing and creates no new revision.
`--reset` deletes the plan (pages, snippets, history, generated images) first.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from languages.shipped import import_shipped_translations
from moderation.history import history_suppressed
from plan_pages.loader import PlanLoader, pending_migrations


class Command(BaseCommand):
    help = (
        "Bygger handlingsplanen i CMS-et fra plan_pages/plan_content.py (kan kjøres flere ganger)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Slett planen (sider, snippets, historikk og genererte bilder) og bygg den på nytt.",
        )

    def handle(self, *args, reset=False, **options):
        if pending_migrations():
            raise CommandError(
                "Databasen mangler migreringer. Kjør «python manage.py migrate» først, "
                "og deretter «python manage.py load_plan» på nytt."
            )

        loader = PlanLoader(write=self.stdout.write)
        # Loading the municipality's own text is not an editorial change: no history rows.
        with transaction.atomic(), history_suppressed():
            report = loader.run(reset=reset)
        # Translations after the source has committed, one object per transaction:
        # wagtail-localize publishes each translation when its transaction commits,
        # and a parent must be published before its children are added.
        with history_suppressed():
            translations = import_shipped_translations(write=self.stdout.write)

        self.stdout.write("")
        if report.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Ferdig: {len(report.created)} opprettet, {len(report.updated)} oppdatert, "
                    f"{len(report.deleted)} slettet, {len(report.unchanged)} uendret."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Ingen endringer: alle {len(report.unchanged)} objekter var allerede oppdatert."
                )
            )

        self.stdout.write(
            f"Oversettelser levert med planen: {len(translations.imported)} importert og "
            f"publisert (maskinoversatt, ikke kontrollert), {len(translations.unchanged)} uendret."
        )
        for warning in translations.warnings:
            self.stdout.write(f"  Advarsel: {warning}")

        self.stdout.write("")
        self.stdout.write("Lenker som mangler adresse i kilden (vises som ren tekst):")
        for text in report.missing_links:
            self.stdout.write(f"  - {text}")
        if report.phone_links:
            self.stdout.write(
                "Telefonnumre som i kilden lenker til «#» (lenkes nå som tel: fra nummeret): "
                + ", ".join(report.phone_links)
            )
        if report.joins:
            self.stdout.write(
                "Setninger som sideombrytingen i kilden delte over to linjer, slått sammen:"
            )
            for parts in report.joins:
                self.stdout.write(
                    "  - «…"
                    + "» + «".join([parts[0][-45:], *(part[:45] + "…" for part in parts[1:])])
                    + "»"
                )
