"""What a reader (and the API) should know about a translated page."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Func, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf, Substr
from django.utils.translation import get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from core.queries import only_row
from core.visibility import public
from home.plans import plan_of
from plan_pages.models import HistoryEntry, PlanPage


@dataclass(frozen=True)
class TranslationFacts:
    source_page: Page
    source_version: str  # the version of the Norwegian plan this translation translates
    source_updated_at: datetime | None  # when the Norwegian page was last published
    stale: bool  # the Norwegian page was published again since the translation was synced
    machine_translated: bool  # some text is machine-drafted and not yet reviewed by a person
    total: int  # strings to translate
    translated: int  # strings translated so far

    @property
    def untranslated(self) -> int:
        """Strings not translated yet: shown in Norwegian."""
        return self.total - self.translated

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 100


def language_name(code: str) -> str:
    """A language's name in itself, as listed in settings.LANGUAGES."""
    return dict(settings.LANGUAGES).get(code) or get_language_info(code)["name_local"]


def version_at(plan: PlanPage | None, moment: datetime | None) -> str:
    """The plan's version as it stood at `moment`, from its history rows."""
    if plan is None:
        return ""
    rows = HistoryEntry.objects.filter(plan=plan)
    if moment is not None:
        rows = rows.filter(created_at__lte=moment)
    latest = rows.order_by("-created_at", "-pk").values_list("version", flat=True).first()
    return latest or plan.version


def translation_facts(page: Page) -> TranslationFacts | None:
    """Facts about `page` as a translation; None for a page in the source language.

    One query: the Norwegian page with what wagtail-localize knows about the
    translation (its TranslationSource's sync time, machine-drafted strings, the
    Translation's progress) and the plan's version at that sync time, as
    annotations. wagtail-localize's own calls (`get_for_instance_or_none`,
    `Translation.get_progress`) and `plan_of`/`version_at` take seven.
    """
    if page.locale.is_default:
        return None
    # page.get_translation_or_none(Locale.get_default()), with its locale.
    model = page.specific_class or type(page)
    source_page = only_row(  # one per translation key and locale
        model.objects.filter(
            translation_key=page.translation_key,
            locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE),
        )
        .select_related("locale")
        .annotate(**_localize_annotations(model, page.locale_id))
    )
    if source_page is None:
        return None
    source_page = source_page.specific  # itself: read from its specific model
    synced_at = source_page.facts_synced_at
    has_source = source_page.facts_source_id is not None
    if has_source:
        source_version = source_page.facts_version or ""
    else:  # no TranslationSource: the plan's latest version (version_at without a moment)
        source_version = version_at(plan_of(source_page), None)
    has_translation = has_source and source_page.facts_has_translation
    published_at = source_page.last_published_at
    return TranslationFacts(
        total=source_page.facts_total if has_translation else 0,
        translated=source_page.facts_translated if has_translation else 0,
        source_page=source_page,
        source_version=source_version,
        source_updated_at=published_at,
        stale=bool(synced_at and published_at and published_at > synced_at),
        machine_translated=has_source and source_page.facts_machine,
    )


def _localize_annotations(model, target_locale_id) -> dict:
    """What translation_facts reads, as annotations of the source page's row.

    - the TranslationSource (wagtail-localize's `get_for_instance_or_none`): its id
      and sync time;
    - machine-drafted strings in the target locale (any context of the object);
    - the Translation into the target locale, and its progress as
      `Translation.get_progress` counts it (segments, and those with a translation
      without error);
    - the version of the plan (`plan_of`: the page itself for a plan, else the
      first plan below its home page) at the sync time (`version_at`).
    """
    sources = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"),
        object__content_type=ContentType.objects.get_for_model(model.get_translation_model()),
        locale_id=OuterRef("locale_id"),
    )
    source_id = Subquery(sources.values("pk")[:1])
    segments = StringSegment.objects.filter(source_id=OuterRef("facts_source_id")).order_by()
    translated_segments = segments.filter(
        Exists(
            StringTranslation.objects.filter(
                translation_of_id=OuterRef("string_id"),
                context_id=OuterRef("context_id"),
                locale_id=target_locale_id,
                has_error=False,
            )
        )
    )
    if issubclass(model, PlanPage):
        plan_id = OuterRef("pk")
    else:
        plan_id = Subquery(
            PlanPage.objects.filter(
                path__startswith=Substr(OuterRef(OuterRef("path")), 1, 2 * Page.steplen)
            )
            .order_by("depth", "path")
            .values("pk")[:1]
        )
    history_version = Subquery(
        HistoryEntry.objects.filter(plan_id=plan_id, created_at__lte=OuterRef("facts_synced_at"))
        .order_by("-created_at", "-pk")
        .values("version")[:1]
    )
    plan_version = Subquery(PlanPage.objects.filter(pk=plan_id).values("version")[:1])
    return {
        "facts_source_id": source_id,
        "facts_synced_at": Subquery(sources.values("last_updated_at")[:1]),
        "facts_machine": Exists(
            StringTranslation.objects.filter(
                locale_id=target_locale_id,
                context__object_id=OuterRef("translation_key"),
                translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
            )
        ),
        "facts_has_translation": Exists(
            Translation.objects.filter(
                source_id=OuterRef("facts_source_id"), target_locale_id=target_locale_id
            )
        ),
        "facts_total": _count(segments),
        "facts_translated": _count(translated_segments),
        "facts_version": Coalesce(NullIf(history_version, Value("")), plan_version),
    }


def _count(queryset):
    """COUNT(*) of `queryset` as a scalar subquery."""
    return Coalesce(
        Subquery(queryset.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]),
        0,
    )


def content_language(page: Page) -> str:
    """The language a page's text is in: an alias shows its original's text.

    wagtail-localize creates the missing parents of a new translation as
    aliases of the Norwegian pages, so a "Polish" home can hold Norwegian text.
    """
    if page.alias_of_id:
        return page.alias_of.locale.language_code
    return page.locale.language_code


def in_their_own_language(pages: QuerySet) -> QuerySet:
    """`pages` without aliases of pages in another language: content_language() as a filter.

    A translator's first translation into Polish makes wagtail-localize create the
    missing Polish home and plan as live aliases of the Norwegian ones; the API must
    not list their Norwegian text as Polish (HTML shows the notice instead).
    """
    # By id, the one field Wagtail's search backends may filter a search by here.
    foreign_aliases = Page.objects.filter(alias_of__isnull=False).exclude(
        alias_of__locale=F("locale")
    )
    return pages.exclude(pk__in=foreign_aliases.values("pk"))


def published_translations(page: Page, request=None) -> list[Page]:
    """The page in every language it is live, public and really translated in, in LANGUAGES order."""
    order = [code for code, _ in settings.LANGUAGES]
    # A page may have read them already, in tree order, with their locales
    # (ChapterPage.get_context, with its neighbours).
    translations = getattr(page, "live_public_translations", None)
    if translations is None:
        translations = public(page.get_translations(inclusive=True).live(), request)
        translations = translations.select_related("locale", "alias_of__locale")
    pages = [p for p in translations if content_language(p) == p.locale.language_code]
    return sorted(
        pages,
        key=lambda p: (
            order.index(p.locale.language_code) if p.locale.language_code in order else len(order)
        ),
    )
