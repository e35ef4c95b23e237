"""Backup and restore (issue 9): `manage.py backup` and `restore`, across engines.

The round trip runs real processes: editorial state is put into a committed
copy of the test database, `backup` writes an archive, and `restore` brings it
into a brand-new database of the other engine (SQLite suite: PostgreSQL; the
PostgreSQL suite: SQLite). Every model's rows, the media files and every
public page in all languages must come back the same.

The refusals (a database with content, a tampered archive, another schema)
run in this process against the suite's test database: they must refuse before
writing anything.
"""

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.processes import database_copy, finish, manage, python

# Derived or transient tables, left out of the row comparison on purpose:
# the search index is engine-specific (SQLite FTS, PostgreSQL tsvector) and is
# rebuilt by `restore` (SEARCHED_WORDS below show it answers the same);
# sessions and editing sessions are sign-ins and presence on one server, and
# are not carried over (restore starts with everyone signed out).
NOT_COMPARED_BY_PRIMARY_KEY = {
    "wagtailsearch.IndexEntry",
    "wagtailsearch.SQLiteFTSIndexEntry",
    "wagtailcore.ReferenceIndex",  # rebuilt: compared without primary keys below
    "sessions.Session",
    "wagtailadmin.EditingSession",
}
# Words both engines' full-text search tokenise alike. The search pages' HTML is
# not compared: FTS5 and PostgreSQL stem and rank other words differently
# ("radikalisering" finds more pages on SQLite), whatever the data.
SEARCHED_WORDS = ("politiet", "tunnel", "Kontaktinformasjon", "Dokumenthistorikk")


# --- code run inside the database copies (python(env, ...)) -------------------------


def make_editorial_state() -> None:
    """Real editorial state: a chapter through Planbehandling, drafts, a translation, uploads."""
    from django.db import transaction
    from django.test import Client
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Locale, PageViewRestriction
    from wagtail_localize.operations import translate_object

    from images.models import PlanImage
    from plan_pages.models import ChapterPage, PlanPage
    from snippets.models import Measure
    from tests.roles import approve, make_role_users, submit_edit
    from tests.sources import the_chapter_with

    plan = PlanPage.objects.get(locale__language_code="nb")
    chapters = {c.number: c for c in ChapterPage.objects.child_of(plan).specific()}
    users = make_role_users()
    adviser = users["kommunikasjon"]

    # The history chapter edited by the SLT coordinator and approved by both bodies.
    client = Client()
    chapter = the_chapter_with(chapters, "document_history")
    submit_edit(client, users["slt"], chapter, "Revidert ingress.", "Ny")
    for role, reference in (("politirad", "PS 1/2026"), ("kommunestyret", "KS 2/2026")):
        response = approve(client, users[role], chapter, case_reference=reference)
        assert response.status_code == 302, response.status_code

    # A draft revision of another chapter, and of a measure.
    draft = next(c for _number, c in sorted(chapters.items()) if c.pk != chapter.pk)
    draft.intro = "Et utkast som ikke er publisert."
    draft.save_revision(user=adviser)
    measure = Measure.objects.filter(locale__language_code="nb").order_by("pk").first()
    measure.how = f"{measure.how} (utkast)"
    measure.save_revision(user=adviser)

    # A new translation (nynorsk draft) of the draft chapter's plan.
    with transaction.atomic():
        translate_object(draft, [Locale.objects.get(language_code="nn")], user=adviser)

    # An uploaded image, and a chapter visible to one group only.
    PlanImage.objects.create(
        title="Opplastet",
        file=get_test_image_file("opplastet.png", colour="green"),
        description="Et grønt felt",
        photo_credit="Planportal",
    )
    restriction = PageViewRestriction.objects.create(
        page=chapters[max(chapters)], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(adviser.groups.all())


def public_pages() -> dict:
    """{url: [status, sha256 of the body]} for every live page in all languages."""
    from django.test import Client
    from wagtail.models import Page

    languages = [code for code, _name in settings.LANGUAGES]
    urls = {"/sitemap.xml", "/robots.txt"}
    for page in Page.objects.live().specific():
        url = page.url
        if not url:
            continue
        rest = url.split("/", 2)[2]
        urls.update(f"/{code}/{rest}" for code in languages)
    client = Client()
    hashes = {}
    for url in sorted(urls):
        response = client.get(url)
        body = response.content
        assert b"csrfmiddlewaretoken" not in body, url
        hashes[url] = [response.status_code, hashlib.sha256(body).hexdigest()]
    return hashes


def _normalised(value):
    """JSON text stored in a text column compares by value (PostgreSQL's jsonb reorders keys)."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def database_rows() -> dict:
    """{model label: {pk: fields}} for every installed model, m2m through tables included."""
    from django.apps import apps
    from django.core import serializers

    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f.name for f in model._meta.local_fields]
        objects = serializers.serialize("python", model._base_manager.order_by("pk"), fields=fields)
        rows[model._meta.label] = {
            str(o["pk"]): {k: _normalised(v) for k, v in o["fields"].items()} for o in objects
        }
    return rows


def search_results() -> dict:
    from wagtail.models import Page

    return {word: sorted(p.pk for p in Page.objects.live().search(word)) for word in SEARCHED_WORDS}


def snapshot() -> None:
    """Print the public pages, search results and all rows as JSON.

    Pages first: rendering them makes the image renditions, which are rows too.
    """
    pages = public_pages()
    state = {"pages": pages, "search": search_results(), "rows": database_rows()}
    print(json.dumps(state, default=str))  # noqa: T201


# --- helpers --------------------------------------------------------------------


def run(env: dict, function: str) -> str:
    return finish(python(env, f"from tests.test_backup import {function}\n{function}()"))


def media_hashes(root: Path) -> dict:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@contextmanager
def other_engine_database(folder: Path) -> Iterator[str]:
    """A brand-new, empty database on the engine the suite is not running on."""
    if connection.vendor == "sqlite":
        arguments = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
        name = f"planportal_restore_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", *arguments, name], check=True)
        try:
            yield f"postgres://postgres@127.0.0.1:5432/{name}"
        finally:
            subprocess.run(
                ["dropdb", *arguments, "--if-exists", "--force", name],
                check=True,
                capture_output=True,
            )
    else:
        yield f"sqlite:///{folder / 'restored.sqlite3'}"


def rewrite_archive(source: Path, target: Path, change) -> None:
    """Copy a zip archive, letting `change(name, data, manifest)` alter members' bytes."""
    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        members = {n: archive.read(n) for n in archive.namelist() if n != "manifest.json"}
    for name in list(members):
        members[name] = change(name, members[name], manifest)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest))


def archive_with_a_duplicate_row(source: Path, target: Path) -> None:
    """A well-formed archive (hashes match) whose last data member repeats a row: loading must fail."""
    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    last = manifest["models"][-1]

    def change(name, data, manifest):
        if name != last["member"]:
            return data
        data += data.splitlines(keepends=True)[0]
        manifest["members"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        last_entry = next(m for m in manifest["models"] if m["member"] == name)
        last_entry["rows"] += 1
        return data

    assert last["rows"] > 0, last
    rewrite_archive(source, target, change)


# --- the round trip ---------------------------------------------------------------


def test_backup_restores_into_an_empty_database_of_the_other_engine(db, tmp_path):
    source_media = tmp_path / "media-source"
    shutil.copytree(settings.MEDIA_ROOT, source_media)
    backups = tmp_path / "backups"
    with database_copy() as env:
        source = {**env, "MEDIA_ROOT": str(source_media)}
        run(source, "make_editorial_state")
        before = json.loads(run(source, "snapshot"))
        before_media = media_hashes(source_media)
        assert "original_images/opplastet.png" in before_media
        assert any(name.startswith("images/") for name in before_media)  # renditions

        output = manage(source, "backup", "--dir", str(backups)).stdout
        [archive] = backups.glob("planportal-*.zip")
        assert archive.name in output
        assert re.fullmatch(r"planportal-\d{8}T\d{6}Z\.zip", archive.name)
        with zipfile.ZipFile(archive) as opened:
            manifest = json.loads(opened.read("manifest.json"))
        assert manifest["media"]["files"] == len(before_media)
        assert manifest["media"]["missing"] == []  # every file the database names is archived

    broken = tmp_path / "broken.zip"
    archive_with_a_duplicate_row(archive, broken)
    restored_media = tmp_path / "media-restored"
    with other_engine_database(tmp_path) as database_url:
        target = {**source, "DATABASE_URL": database_url, "MEDIA_ROOT": str(restored_media)}

        # A restore that fails half-way leaves the database empty: the next one is accepted.
        failed = manage(target, "restore", str(broken), check=False)
        assert failed.returncode != 0
        assert "Gjenopprettingen mislyktes" in failed.stderr, failed.stderr
        assert not restored_media.exists() or media_hashes(restored_media) == {}

        manage(target, "restore", str(archive))
        after = json.loads(run(target, "snapshot"))

    compare_rows(before["rows"], after["rows"])
    assert media_hashes(restored_media) == before_media
    assert after["pages"] == before["pages"]
    assert len(before["pages"]) > 100
    assert after["search"] == before["search"]
    assert all(before["search"].values())


def compare_rows(before: dict, after: dict) -> None:
    search_models = {"wagtailsearch.indexentry", "wagtailsearch.sqliteftsindexentry"}

    def about_search(label, fields):
        # The search index's content types exist only where its model does (SQLite's FTS table).
        if label == "contenttypes.ContentType":
            return f"{fields['app_label']}.{fields['model']}" in search_models
        if label == "auth.Permission":
            return fields["codename"].endswith("sqliteftsindexentry")
        return False

    for label in sorted(set(before) | set(after)):
        if label in NOT_COMPARED_BY_PRIMARY_KEY:
            continue
        old = {pk: f for pk, f in before.get(label, {}).items() if not about_search(label, f)}
        new = {pk: f for pk, f in after.get(label, {}).items() if not about_search(label, f)}
        assert old.keys() == new.keys(), label
        for pk in old:
            assert new[pk] == old[pk], (label, pk)
    assert after["sessions.Session"] == {}

    def references(rows):
        return sorted(
            json.dumps(fields, sort_keys=True)
            for fields in rows["wagtailcore.ReferenceIndex"].values()
        )

    assert references(after) == references(before)
    assert before["wagtailcore.TaskState"] and before["plan_pages.HistoryEntry"]


# --- refusals, in this process ----------------------------------------------------


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("backups")
    with django_db_blocker.unblock():
        call_command("backup", "--dir", str(folder), stdout=io.StringIO())
    [path] = folder.glob("*.zip")
    return path


def test_restore_refuses_a_database_with_content_and_changes_nothing(db, archive):
    rows = database_rows()
    with pytest.raises(CommandError, match="Databasen er ikke tom"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert database_rows() == rows


def test_restore_refuses_a_tampered_archive(db, archive, tmp_path):
    tampered = tmp_path / "tampered.zip"

    def change(name, data, manifest):
        return data.replace(b"Holmestrand", b"Hoelmestrand") if name.startswith("data/") else data

    rewrite_archive(archive, tampered, change)
    with pytest.raises(CommandError, match="sjekksum"):
        call_command("restore", str(tampered), "--replace", stdout=io.StringIO())


def test_restore_refuses_an_archive_of_another_schema(db, archive, tmp_path):
    other = tmp_path / "other-schema.zip"

    def change(name, data, manifest):
        manifest["migrations"] = manifest["migrations"][:-1]
        return data

    rewrite_archive(archive, other, change)
    with pytest.raises(CommandError, match="annet databaseskjema"):
        call_command("restore", str(other), "--replace", stdout=io.StringIO())


def test_backup_archive_lists_every_member_with_its_hash(archive):
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        names = set(opened.namelist()) - {"manifest.json"}
        for name in names:
            digest = hashlib.sha256(opened.read(name)).hexdigest()
            assert manifest["members"][name]["sha256"] == digest, name
    assert names == set(manifest["members"])
    assert {"wagtailcore.Page", "auth.User", "plan_pages.HistoryEntry"} <= {
        m["model"] for m in manifest["models"]
    }
    assert manifest["versions"]["wagtail"] and manifest["engine"] == connection.vendor
    assert os.stat(archive).st_mode & 0o077 == 0  # holds password hashes: owner only


def test_loaddata_of_view_restrictions_copies_nothing_to_translations(db, chapters):
    """A raw load (loaddata, restore) of a group restriction leaves the translations' own rows alone."""
    from django.contrib.auth.models import Group
    from django.core import serializers
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=chapters[1], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.order_by("pk")[:1])
    rows = PageViewRestriction.objects.order_by("pk")
    assert rows.count() > 1  # copied to the chapter's translations when it was made
    expected = [(r.pk, r.page_id, list(r.groups.values_list("pk", flat=True))) for r in rows]
    fixture = serializers.serialize("json", rows)
    rows.delete()

    for deserialized in serializers.deserialize("json", fixture):
        deserialized.save()

    assert [
        (r.pk, r.page_id, list(r.groups.values_list("pk", flat=True))) for r in rows
    ] == expected
