"""The database's part of a backup: which rows, how they are written and loaded back.

Rows travel as Django's JSON Lines serialization with their primary keys, so
an archive made on SQLite loads into PostgreSQL and back. What made plain
`dumpdata`/`loaddata` unusable, and what this module does instead:

- `--natural-foreign --natural-primary` fails: Wagtail's page log entries keep
  the id of a deleted page (their foreign key has no constraint, on purpose),
  and a natural key cannot be looked up for a row that is gone. Primary keys
  need no lookup.
- `loaddata` into a fresh database collides with the rows `migrate` writes
  (content types, permissions, Wagtail's root page, site, locale and
  collection, our groups and workflow) under other primary keys. A restore
  deletes every row first and loads the archive's, content types included, so
  every generic reference still points where it did.
- Django's JSON encoder cuts times to milliseconds; ours keeps microseconds.
- Receivers that write rows on save and ignore `raw` (fixture loading) would
  change what is loaded; they are disconnected while rows go in (see
  RAW_UNSAFE_RECEIVERS). Ours, in languages.signal_handlers, copied a loaded
  view restriction to the page's translations (duplicates); it skips raw
  loads now. Many-to-many rows are rows of their through tables, so loading
  them sends no m2m_changed.
- Building a Page looks its content type up, creating one when missing:
  content types are loaded first.
- Rows inserted with explicit keys leave PostgreSQL's sequences behind; they
  are reset afterwards.
- The search index (engine-specific: FTS5 on SQLite, tsvector on PostgreSQL)
  and Wagtail's reference index are derived: rebuilt, not copied.
"""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model
from django.db.models.signals import post_save
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision
from wagtail_localize.models import (
    LocaleSynchronization,
    StringTranslation,
    post_save_string_translation,
    sync_trees_on_locale_sync_save,
)

# Tables not copied, and why (also written into the manifest).
EXCLUDED = {
    "wagtailsearch.IndexEntry": "derived: the search index is rebuilt after a restore",
    "wagtailsearch.SQLiteFTSIndexEntry": "derived: the search index is rebuilt after a restore",
    "wagtailcore.ReferenceIndex": "derived: the reference index is rebuilt after a restore",
    "sessions.Session": "sign-ins belong to one server; everyone signs in again",
    "wagtailadmin.EditingSession": "who has an editor open right now; refers to sessions",
    "django_tasks_database.DBTaskResult": (
        "the task queue belongs to the server that runs it: a restore neither resends"
        " its e-mails nor reruns Wagtail's tasks"
    ),
}

# Receivers that write rows on every save, `raw` (fixture loading) or not:
# wagtail-localize copies a title's translation into its page's draft_title,
# and starts synchronising a locale's page tree (creating pages).
RAW_UNSAFE_RECEIVERS = (
    (post_save, post_save_string_translation, StringTranslation),
    (post_save, sync_trees_on_locale_sync_save, LocaleSynchronization),
)


class LosslessJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes and times to milliseconds; a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list[type[Model]]:
    """Every table Django manages (many-to-many through tables too), minus EXCLUDED.

    Content types come first: building a model instance may look its content
    type up (Wagtail's Page.__init__ does), and a lookup that misses creates one.
    """
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label not in EXCLUDED
    ]
    return sorted(models, key=lambda model: model is not ContentType)


def _counted(rows: Iterable, counter: list[int]) -> Iterator:
    for row in rows:
        counter[0] += 1
        yield row


def dump_rows(model: type[Model], stream) -> int:
    """Write a model's rows to `stream` (JSON Lines, by primary key); returns how many.

    Many-to-many fields are left out: their through tables are dumped as models
    of their own, with their own primary keys.
    """
    counter = [0]
    rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
    serializers.serialize(
        "jsonl",
        _counted(rows, counter),
        stream=stream,
        fields=[field.name for field in model._meta.local_fields],
        cls=LosslessJSONEncoder,
    )
    return counter[0]


def load_rows(model: type[Model], lines: IO[str]) -> int:
    """Insert a model's rows as they were (a raw save: fixture loading); returns how many."""
    count = 0
    for deserialized in serializers.deserialize("jsonl", lines, ignorenonexistent=False):
        if type(deserialized.object) is not model:
            raise ValueError(f"{model._meta.label}: a row of {deserialized.object._meta.label}")
        deserialized.save(force_insert=True)
        count += 1
    return count


@contextmanager
def raw_unsafe_receivers_disconnected() -> Iterator[None]:
    for signal, receiver, sender in RAW_UNSAFE_RECEIVERS:
        signal.disconnect(receiver, sender=sender)
    try:
        yield
    finally:
        for signal, receiver, sender in RAW_UNSAFE_RECEIVERS:
            signal.connect(receiver, sender=sender)


def delete_all_rows() -> None:
    """Empty every table Django manages (the caller's transaction makes it undoable)."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    ContentType.objects.clear_cache()


def after_loading(models: list[type[Model]]) -> None:
    """Check the loaded rows' foreign keys, move sequences past them, forget cached ids."""
    connection.check_constraints(table_names=[model._meta.db_table for model in models])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    ContentType.objects.clear_cache()


def existing_tables() -> set[str]:
    return set(connection.introspection.table_names())


def content_counts() -> dict[str, int]:
    """What makes a database not empty: rows of kinds `migrate` never writes.

    Migrations write content types, permissions, groups, the workflow, Wagtail's
    root and welcome pages (depth 1 and 2) and the like, but never a user, a
    revision, a log entry or a page below a site's root. Every installation with
    content has some of these; a database with none of them loses nothing.
    """
    tables = existing_tables()
    markers = {
        "brukere": get_user_model()._base_manager.all(),
        "revisjoner": Revision._base_manager.all(),
        "loggføringer for sider": PageLogEntry._base_manager.all(),
        "loggføringer for andre objekter": ModelLogEntry._base_manager.all(),
        "sider under forsiden": Page._base_manager.filter(depth__gt=2),
    }
    counts = {}
    for name, queryset in markers.items():
        if queryset.model._meta.db_table in tables and (count := queryset.count()):
            counts[name] = count
    return counts


def schema_migrations() -> list[str]:
    """The schema this code defines: every migration in its graph, as "app.name"."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(f"{app}.{name}" for app, name in graph.nodes)


def unapplied_migrations() -> list[str]:
    """Migrations of this code not applied to the database."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
