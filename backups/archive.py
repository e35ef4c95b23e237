"""The backup archive: one zip file, and a manifest saying what it holds.

Members:

- `manifest.json`: format and version, when and on which engine it was made,
  the software's versions, the schema's migration state, the models in load
  order with their row counts, and every other member's size and SHA-256;
- `data/<app_label>.<Model>.jsonl`: one model's rows, one JSON object a line
  (Django's JSON Lines serializer, primary keys kept);
- `media/<name>`: every file in the default storage, under its storage name.

The manifest is written last (it holds the others' hashes) and read first; a
member whose bytes do not match its hash makes the whole archive unusable.
"""

import hashlib
import json
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

FORMAT = "planportal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_FOLDER = "data/"
MEDIA_FOLDER = "media/"
CHUNK_SIZE = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be used; the message is for the operator (Norwegian)."""


def data_member(label: str) -> str:
    return f"{DATA_FOLDER}{label}.jsonl"


def media_member(name: str) -> str:
    return f"{MEDIA_FOLDER}{name}"


class _HashedMember:
    """A write-only member that hashes and counts what goes through it (text or bytes)."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.sha256.update(data)
        self.size += len(data)
        self.raw.write(data)
        return len(data)


class ArchiveWriter:
    """Writes members one by one, recording each one's hash for the manifest."""

    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.members: dict[str, dict] = {}

    @contextmanager
    def member(self, name: str) -> Iterator[_HashedMember]:
        info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        with self.zip.open(info, "w", force_zip64=True) as raw:
            hashed = _HashedMember(raw)
            yield hashed
        self.members[name] = {"sha256": hashed.sha256.hexdigest(), "size": hashed.size}

    def copy(self, name: str, source: IO[bytes]) -> int:
        """Copy a readable binary file into a member; returns its size."""
        with self.member(name) as target:
            while chunk := source.read(CHUNK_SIZE):
                target.write(chunk)
        return self.members[name]["size"]

    def close(self, manifest: dict) -> None:
        manifest = {**manifest, "members": self.members}
        self.zip.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        self.zip.close()


class ArchiveReader:
    """Reads an archive written by ArchiveWriter; `verify()` before trusting any member."""

    def __init__(self, path: Path):
        try:
            self.zip = zipfile.ZipFile(path)
            self.manifest = json.loads(self.zip.read(MANIFEST))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
            raise ArchiveError(f"{path} er ikke et lesbart Planportal-arkiv ({error}).") from error
        if self.manifest.get("format") != FORMAT:
            raise ArchiveError(f"{path} er ikke et Planportal-arkiv.")
        if self.manifest.get("format_version") != FORMAT_VERSION:
            raise ArchiveError(
                f"{path} har formatversjon {self.manifest.get('format_version')}; "
                f"denne versjonen av Planportal leser bare versjon {FORMAT_VERSION}."
            )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.zip.close()

    def verify(self) -> None:
        """Every member is listed in the manifest, and has the size and SHA-256 listed there."""
        expected = self.manifest.get("members", {})
        present = set(self.zip.namelist()) - {MANIFEST}
        if present != set(expected):
            unknown = sorted(present - set(expected))
            missing = sorted(set(expected) - present)
            raise ArchiveError(
                "Arkivet er skadet eller endret: "
                f"ukjente filer {unknown or '–'}, manglende filer {missing or '–'}."
            )
        for name, listed in sorted(expected.items()):
            digest, size = hashlib.sha256(), 0
            with self.zip.open(name) as member:
                while chunk := member.read(CHUNK_SIZE):
                    digest.update(chunk)
                    size += len(chunk)
            if digest.hexdigest() != listed["sha256"] or size != listed["size"]:
                raise ArchiveError(
                    f"Arkivet er skadet eller endret: {name} har feil sjekksum (SHA-256)."
                )

    def open(self, name: str) -> IO[bytes]:
        return self.zip.open(name)

    def media_names(self) -> list[str]:
        """Storage names of the media files, in the archive's order."""
        return [
            name.removeprefix(MEDIA_FOLDER)
            for name in self.manifest["members"]
            if name.startswith(MEDIA_FOLDER)
        ]

    def media_sha256(self, name: str) -> str:
        return self.manifest["members"][media_member(name)]["sha256"]

    def media_size(self, name: str) -> int:
        return self.manifest["members"][media_member(name)]["size"]
