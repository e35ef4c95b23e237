"""`manage.py backup`: the database and the media files in one archive (see backups.archive)."""

import os
import platform
import tempfile
import tomllib
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from backups import archive, database, media

DEFAULT_FOLDER = Path(settings.BASE_DIR) / "var" / "backups"


def software_versions() -> dict:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    planportal = tomllib.loads(pyproject.read_text())["project"]["version"]
    versions = {"planportal": planportal, "python": platform.python_version()}
    for distribution in ("Django", "wagtail", "wagtail-localize"):
        versions[distribution.lower()] = version(distribution)
    return versions


class Command(BaseCommand):
    help = (
        "Skriv en sikkerhetskopi av hele installasjonen (database og mediefiler) "
        "til én arkivfil med tidsstempel i navnet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(DEFAULT_FOLDER),
            help="Mappen arkivet skrives til (standard: var/backups/).",
        )

    def handle(self, *args, **options):
        folder = Path(options["dir"])
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        path = folder / f"planportal-{stamp}.zip"
        if path.exists():
            raise CommandError(f"{path} finnes allerede; vent et sekund og prøv igjen.")
        try:
            media.check_listable()
        except media.MediaNotListable as error:
            raise CommandError(str(error)) from None
        unapplied = database.unapplied_migrations()
        if unapplied:
            raise CommandError(
                "Databasen mangler migreringer (kjør `manage.py migrate` først): "
                + ", ".join(unapplied)
            )
        # mkstemp creates the file readable by its owner only: it holds password hashes.
        handle, partial = tempfile.mkstemp(dir=folder, prefix=".planportal-", suffix=".partial")
        os.close(handle)
        try:
            manifest = self.write(Path(partial))
            os.replace(partial, path)
        finally:
            if os.path.exists(partial):
                os.remove(partial)
        if missing := manifest["media"]["missing"]:
            self.stderr.write(
                f"Advarsel: {len(missing)} filer som databasen viser til, finnes ikke i "
                "medielagringen og er ikke med i arkivet: " + ", ".join(missing)
            )
        rows = sum(model["rows"] for model in manifest["models"])
        self.stdout.write(
            f"Skrev {path}: {rows} rader i {len(manifest['models'])} tabeller, "
            f"{manifest['media']['files']} mediefiler ({manifest['media']['bytes']} byte)."
        )

    def write(self, path: Path) -> dict:
        writer = archive.ArchiveWriter(path)
        models = []
        # One consistent view of every table while the site keeps running: on
        # PostgreSQL a read-only REPEATABLE READ transaction (as pg_dump takes),
        # on SQLite a transaction (in WAL mode it reads one snapshot).
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            for model in database.backed_up_models():
                member = archive.data_member(model._meta.label)
                with writer.member(member) as stream:
                    rows = database.dump_rows(model, stream)
                models.append({"model": model._meta.label, "member": member, "rows": rows})
            referenced = media.referenced_files(database.backed_up_models())
        files, size = media.back_up_media(writer)
        # Files the database names but the storage lacks cannot be archived: say which, rather
        # than let the archive look whole (a storage switched without copying its files).
        missing = sorted(referenced - set(files))
        manifest = {
            "format": archive.FORMAT,
            "format_version": archive.FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "versions": software_versions(),
            "migrations": database.schema_migrations(),
            "models": models,
            "excluded": database.EXCLUDED,
            "media": {"files": len(files), "bytes": size, "missing": missing},
        }
        writer.close(manifest)
        return manifest
