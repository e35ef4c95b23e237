"""Translations of the plan that ship with it, as wagtail-localize PO files.

`plan_loading/po/<locale>/<app>.<model>.<translation key>.po` holds one object's
strings, exported by `manage.py export_plan_translations` and translated. They
are imported through wagtail-localize's own PO import, the path translators
use in the translation editor, and marked machine-drafted until a person has
reviewed them.

A shipped file never overwrites a person's work: an object whose Norwegian
source an editor changed (the file translates the source's text), or whose
translation a translator or publisher worked on, is skipped and reported.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
from django.db import transaction
from django.db.models import Q
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from languages.plan_objects import source_objects

from .editors import person_worked_on

PO_ROOT = Path(__file__).resolve().parent / "po"
TOOL_NAME = "Planportal (levert med planen)"
OBJECT_HEADER = "X-Planportal-Object"


def object_label(instance) -> str:
    model = instance.specific_class if isinstance(instance, Page) else type(instance)
    return f"{model._meta.app_label}.{model._meta.model_name}.{instance.translation_key}"


def po_path(language_code: str, instance) -> Path:
    return PO_ROOT / language_code / f"{object_label(instance)}.po"


def source_for(instance) -> TranslationSource:
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    return source


def export_po(source: TranslationSource, language_code: str, previous: polib.POFile | None):
    """The object's strings as a PO file, keeping translations already made."""
    known = {(e.msgctxt, e.msgid): e.msgstr for e in previous or [] if not e.obsolete}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Planportal",
        "Language": language_code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        OBJECT_HEADER: object_label(source.get_source_instance()),
    }
    segments = (
        StringSegment.objects.filter(source=source)
        .order_by("order")
        .select_related("context", "string")
    )
    for segment in segments:
        key = (segment.context.path, segment.string.data)
        po.append(
            polib.POEntry(
                msgctxt=segment.context.path, msgid=segment.string.data, msgstr=known.get(key, "")
            )
        )
    return po


@dataclass
class ImportResult:
    imported: list[str]
    unchanged: list[str]
    warnings: list[str]
    skipped: list[str]


def translator_work(keys, locale: Locale | None = None):
    """(strings, overrides): what people translated for these objects, in one or every language.

    The import below writes machine-type strings with its own tool name and no
    user, and no overrides. Everything else comes from a person: the localize
    editor, a PO upload and a machine translation asked for in the editor all
    record the user and set another type or tool.
    """
    strings = StringTranslation.objects.filter(context__object_id__in=keys).filter(
        ~Q(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE)
        | ~Q(tool_name=TOOL_NAME)
        | Q(last_translated_by__isnull=False)
    )
    overrides = SegmentOverride.objects.filter(context__object_id__in=keys)
    if locale is not None:
        strings, overrides = strings.filter(locale=locale), overrides.filter(locale=locale)
    return strings, overrides


def reason_to_keep(instance, locale: Locale) -> str | None:
    """Why the shipped file must not touch this object's translation, if it must not."""
    if person_worked_on(instance):
        return "kilden er endret av redaktør"
    target = instance.get_translation_or_none(locale)
    if target is not None and person_worked_on(target):
        return "oversettelsen er endret av en person"
    if any(rows.exists() for rows in translator_work([instance.translation_key], locale)):
        return "oversetter har arbeidet på den"
    return None


def _already_imported(translation: Translation, po: polib.POFile) -> bool:
    existing = {
        (t.context.path, t.translation_of.data): t.data
        for t in StringTranslation.objects.filter(
            locale=translation.target_locale, context__object=translation.source.object
        ).select_related("context", "translation_of")
    }
    wanted = {(e.msgctxt, e.msgid): e.msgstr for e in po if e.msgstr and not e.obsolete}
    if any(existing.get(k) != v for k, v in wanted.items()):
        return False
    source_instance = translation.source.get_source_instance()
    target = source_instance.get_translation_or_none(translation.target_locale)
    return target is not None and getattr(target, "live", True)


def import_shipped_translations(write: Callable[[str], None]) -> ImportResult:
    """Import every shipped PO file whose locale exists; publish what it translates.

    Objects a person worked on (`reason_to_keep`) are left alone and listed in
    `skipped`; one already imported is left alone without asking.
    """
    result = ImportResult([], [], [], [])
    source_locale = Locale.get_default()
    folders = sorted(p for p in PO_ROOT.iterdir() if p.is_dir()) if PO_ROOT.exists() else []
    for folder in folders:
        locale = Locale.objects.filter(language_code=folder.name).first()
        if locale is None:
            result.warnings.append(f"{folder.name}: språket finnes ikke (kjør sync_locales)")
            continue
        for instance in source_objects(source_locale):
            path = po_path(folder.name, instance)
            if not path.exists():
                continue
            po = polib.pofile(str(path))
            label = f"{folder.name}: {instance}"
            with transaction.atomic():
                source = TranslationSource.objects.get_for_instance_or_none(instance)
                translation = Translation.objects.filter(
                    source=source, target_locale=locale
                ).first()
                if translation is not None and _already_imported(translation, po):
                    result.unchanged.append(label)
                    continue
                if reason := reason_to_keep(instance, locale):
                    result.skipped.append(f"Hoppet over ({reason}): {label}")
                    continue
                source = source_for(instance)
                translation, _ = Translation.objects.get_or_create(
                    source=source, target_locale=locale
                )
                po.metadata["X-WagtailLocalize-TranslationID"] = str(translation.uuid)
                warnings = translation.import_po(
                    po, translation_type="machine", tool_name=TOOL_NAME
                )
                result.warnings.extend(f"{label}: {w}" for w in warnings)
                translation.save_target(publish=True)
                result.imported.append(label)
    return result
