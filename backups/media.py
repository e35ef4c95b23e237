"""Media files in and out of an archive, through Django's storage API.

Going through `default_storage` (never MEDIA_ROOT directly) makes the same
code work for other storages (S3 and the like) configured in STORAGES.
"""

import hashlib
import posixpath
from collections.abc import Iterable, Iterator

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db.models import FileField, Model

from .archive import CHUNK_SIZE, ArchiveReader, ArchiveWriter, media_member


class MediaNotListable(Exception):
    """The media storage cannot list its files, so a backup could not hold them."""


def check_listable(storage: Storage = default_storage) -> None:
    """Refuse, before anything is written, a storage whose files a backup could not find."""
    try:
        storage.listdir("")
    except FileNotFoundError:  # a FileSystemStorage whose folder does not exist yet: no files
        pass
    except NotImplementedError:
        backend = f"{storage.__class__.__module__}.{storage.__class__.__qualname__}"
        raise MediaNotListable(
            f"Medielagringen ({backend}) kan ikke liste filene sine, så en sikkerhetskopi ville "
            "mangle mediefilene. Bruk en lagring som kan det (filsystem eller S3), eller ta "
            "kopi av mediefilene med lagringens eget verktøy."
        ) from None


def storage_files(storage: Storage = default_storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, depth first, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a FileSystemStorage whose folder does not exist yet
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from storage_files(storage, posixpath.join(folder, name))


def referenced_files(models: Iterable[type[Model]]) -> set[str]:
    """The names of every file a row of `models` refers to (its file and image fields)."""
    names = set()
    for model in models:
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                names.update(
                    model._base_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def back_up_media(
    writer: ArchiveWriter, storage: Storage = default_storage
) -> tuple[list[str], int]:
    """Copy every stored file into the archive; returns their names and their bytes."""
    names, size = [], 0
    for name in storage_files(storage):
        with storage.open(name, "rb") as source:
            size += writer.copy(media_member(name), source)
        names.append(name)
    return names, size


def stored_sha256(name: str, storage: Storage = default_storage) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        while chunk := stored.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def conflicting_media(reader: ArchiveReader, storage: Storage = default_storage) -> list[str]:
    """Files the archive would overwrite with other content."""
    return [
        name
        for name in reader.media_names()
        if storage.exists(name) and stored_sha256(name, storage) != reader.media_sha256(name)
    ]


def restore_media(
    reader: ArchiveReader, written: list[str], storage: Storage = default_storage
) -> int:
    """Put the archive's files into the storage under their own names; returns how many.

    Files already there with the same content are left alone. Every name written
    is appended to `written` as it is written, so a failed restore can take
    them away again (`remove_media`).
    """
    for name in reader.media_names():
        if storage.exists(name):
            if stored_sha256(name, storage) == reader.media_sha256(name):
                continue
            storage.delete(name)
        with reader.open(media_member(name)) as member:
            content = File(member, name=name)
            content.size = reader.media_size(name)
            saved = storage.save(name, content)
        written.append(saved)
        if saved != name:
            raise OSError(f"lagringen kalte {name} for {saved}")
    return len(written)


def remove_media(names: list[str], storage: Storage = default_storage) -> None:
    for name in names:
        storage.delete(name)
