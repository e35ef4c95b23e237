"""`manage.py load_plan`: build the whole plan in the CMS from the seed text (plan_content).

Creates what is missing and repairs what nobody edited; anything a person has
worked on in the CMS is left alone and listed as skipped (see
`plan_loading.editors.people_worked_on`). Idempotent: a second run changes nothing
and creates no new revision.

`--reset` deletes the plan (pages, snippets, history, generated images) first.
It asks for `--yes`, and on a database holding editors' work (their revisions,
history rows, workflows, pages, translations) also for
`--discard-editorial-work`, listing what would be lost; refused, it changes
nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from moderation.history import history_suppressed
from plan_loading.loader import PlanLoader, pending_migrations
from plan_loading.shipped import import_shipped_translations


class Command(BaseCommand):
    help = "Bygger handlingsplanen i CMS-et fra kommunens tekst (kan kjøres flere ganger)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Slett planen (sider, snippets, historikk og genererte bilder) og bygg den "
                "på nytt. Krever --yes."
            ),
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Bekreft at --reset skal slette planen.",
        )
        parser.add_argument(
            "--discard-editorial-work",
            action="store_true",
            help=(
                "Tillat at --reset sletter redaktørenes arbeid (revisjoner, historikkrader, "
                "arbeidsflyter, sider og oversettelser de har laget eller endret)."
            ),
        )

    def handle(self, *args, reset=False, yes=False, discard_editorial_work=False, **options):
        if (yes or discard_editorial_work) and not reset:
            raise CommandError("«--yes» og «--discard-editorial-work» gjelder bare «--reset».")
        if reset and not yes:
            raise CommandError(
                "«--reset» sletter hele planen og bygger den på nytt. Ingenting er endret. "
                "Bekreft med «--reset --yes», eller kjør uten «--reset» for å legge til det "
                "som mangler."
            )
        if pending_migrations():
            raise CommandError(
                "Databasen mangler migreringer. Kjør «python manage.py migrate» først, "
                "og deretter «python manage.py load_plan» på nytt."
            )

        loader = PlanLoader(write=self.stdout.write)
        # Loading the municipality's own text is not an editorial change: no history rows.
        with transaction.atomic(), history_suppressed():
            # Asked inside the transaction, before anything is written.
            if reset and not discard_editorial_work and (lost := loader.editorial_work()):
                raise CommandError(refusal(lost))
            report = loader.run(reset=reset)
        # Translations after the source has committed, one object per transaction:
        # wagtail-localize publishes each translation when its transaction commits,
        # and a parent must be published before its children are added.
        with history_suppressed():
            translations = import_shipped_translations(write=self.stdout.write)

        self.stdout.write("")
        skipped = (
            f" {len(report.skipped)} hoppet over fordi en person har endret dem i CMS-et."
            if report.skipped
            else ""
        )
        if report.changed:
            summary = (
                f"Ferdig: {len(report.created)} opprettet, {len(report.updated)} oppdatert, "
                f"{len(report.deleted)} slettet, {len(report.unchanged)} uendret."
            )
        else:
            every = "" if report.skipped else "alle "
            summary = (
                f"Ingen endringer: {every}{len(report.unchanged)} objekter var allerede oppdatert."
            )
        self.stdout.write(self.style.SUCCESS(summary + skipped))

        self.stdout.write(
            f"Oversettelser levert med planen: {len(translations.imported)} importert og "
            f"publisert (maskinoversatt, ikke kontrollert), {len(translations.unchanged)} uendret, "
            f"{len(translations.skipped)} hoppet over."
        )
        for line in translations.skipped:
            self.stdout.write(f"  {line}")
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


def refusal(lost: list[str]) -> str:
    """The refusal of a reset that would discard editors' work, with what would be lost."""
    return "\n".join(
        [
            "«--reset --yes» ville slette arbeid redaktørene har gjort i CMS-et:",
            *(f"  - {line}" for line in lost),
            "Ingenting er endret. Kjør uten «--reset» for å legge til det som mangler og la "
            "redaktørenes arbeid stå, eller legg til «--discard-editorial-work» for å slette det.",
        ]
    )
