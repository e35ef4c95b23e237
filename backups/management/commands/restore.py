"""`manage.py restore ARCHIVE`: bring a backup back into an empty database.

Order matters, so that a refusal writes nothing:

1. the archive: every member has the SHA-256 its manifest lists;
2. the schema: the archive's migration state is this code's;
3. the database is empty (no tables, or nothing but what `migrate` writes;
   see database.content_counts) and no media file would be overwritten with
   other content, unless --replace;
4. `migrate`, if migrations are missing (a new database has no tables);
5. in one transaction: delete every row, load the archive's, check foreign
   keys, reset sequences, add what post_migrate adds, rebuild the search and
   reference indexes, copy the media files. Any failure rolls it all back
   (and removes the files copied), leaving the database as empty as it was.
"""

from pathlib import Path

from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, transaction
from wagtail.models import Site

from backups import archive, database, media


class Command(BaseCommand):
    help = (
        "Gjenopprett en sikkerhetskopi (fra `manage.py backup`) til en tom database, "
        "på samme eller en annen databasemotor (SQLite eller PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Arkivfilen (planportal-….zip).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Slett alt som finnes i databasen (og mediefiler som ville blitt "
            "overskrevet) og erstatt det med arkivets innhold.",
        )

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"Finner ikke arkivet {path}.")
        try:
            with archive.ArchiveReader(path) as reader:
                reader.verify()
                self.check_schema(reader.manifest)
                if not options["replace"]:
                    self.check_empty(reader)
                self.restore(reader)
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from error

    def check_schema(self, manifest: dict) -> None:
        theirs, ours = set(manifest["migrations"]), set(database.schema_migrations())
        if theirs != ours:
            raise CommandError(
                "Arkivet er laget med et annet databaseskjema enn denne versjonen av "
                "Planportal, og kan ikke gjenopprettes her. "
                f"Migreringer bare i arkivet: {', '.join(sorted(theirs - ours)) or '–'}. "
                f"Migreringer bare her: {', '.join(sorted(ours - theirs)) or '–'}. "
                "Gjenopprett med den versjonen arkivet ble laget med "
                f"({manifest['versions']['planportal']}), og oppgrader etterpå."
            )

    def check_empty(self, reader: archive.ArchiveReader) -> None:
        counts = database.content_counts()
        if counts:
            found = ", ".join(f"{n} {name}" for name, n in counts.items())
            raise CommandError(
                "Databasen er ikke tom, og ingenting er endret. Gjenoppretting skjer til "
                "en ny, tom database (eller en som bare er migrert). Bruk --replace for å "
                f"slette alt innholdet og erstatte det med arkivets. Databasen har: {found}."
            )
        conflicts = media.conflicting_media(reader)
        if conflicts:
            raise CommandError(
                "Mediefiler med samme navn og annet innhold finnes allerede, og ingenting er "
                f"endret: {', '.join(conflicts[:10])}. Bruk --replace for å overskrive dem."
            )

    def restore(self, reader: archive.ArchiveReader) -> None:
        if database.unapplied_migrations():
            call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
        written: list[str] = []
        try:
            with transaction.atomic():
                rows = self.load(reader)
                self.rebuild_derived_data()
                files = media.restore_media(reader, written)
        except Exception as error:
            media.remove_media(written)
            raise CommandError(
                f"Gjenopprettingen mislyktes; ingen rader eller filer er skrevet: {error}"
            ) from error
        # Cached pages, API dates, site roots and sessions describe another database.
        for cache in caches.all():
            cache.clear()
        Site.clear_site_root_paths_cache()
        manifest = reader.manifest
        self.stdout.write(
            f"Gjenopprettet {rows} rader i {len(manifest['models'])} tabeller og {files} nye "
            f"mediefiler fra en sikkerhetskopi tatt {manifest['created_at']} "
            f"({manifest['engine']}, Planportal {manifest['versions']['planportal']})."
        )

    def load(self, reader: archive.ArchiveReader) -> int:
        listed = reader.manifest["models"]
        models = database.backed_up_models()
        by_label = {model._meta.label: model for model in models}
        unknown = [entry["model"] for entry in listed if entry["model"] not in by_label]
        if unknown:
            raise CommandError(f"Arkivet har tabeller denne installasjonen ikke kjenner: {unknown}")
        database.delete_all_rows()
        total = 0
        with database.raw_unsafe_receivers_disconnected():
            for entry in listed:
                with reader.open(entry["member"]) as member:
                    lines = (line.decode("utf-8") for line in member)
                    count = database.load_rows(by_label[entry["model"]], lines)
                if count != entry["rows"]:
                    raise CommandError(
                        f"{entry['model']}: {count} rader i arkivet, manifestet sier {entry['rows']}."
                    )
                total += count
        database.after_loading([by_label[entry["model"]] for entry in listed])
        return total

    def rebuild_derived_data(self) -> None:
        """What `migrate` would add for this engine, then the search and reference indexes."""
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
        call_command("rebuild_references_index", verbosity=0, stdout=self.stdout)
        call_command("update_index", verbosity=0, stdout=self.stdout)
