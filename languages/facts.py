"""What a reader (and the API) should know about a translated page."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, QuerySet
from django.utils.translation import get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

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
    """Facts about `page` as a translation; None for a page in the source language."""
    if page.locale.is_default:
        return None
    # page.get_translation_or_none(Locale.get_default()), with its locale, in one query.
    source_page = only_row(  # one per translation key and locale
        type(page)
        .objects.filter(
            translation_key=page.translation_key,
            locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE),
        )
        .select_related("locale")
    )
    if source_page is None:
        return None
    source_page = source_page.specific
    source = _translation_source(source_page)
    synced_at = source.last_updated_at if source else None
    # The home page and the site's own pages are not below the plan: plan_of finds it.
    plan = plan_of(source_page)
    published_at = source_page.last_published_at
    machine = (
        bool(source)
        and StringTranslation.objects.filter(
            locale=page.locale,
            context__object_id=source.object_id,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        ).exists()
    )
    translation = (
        Translation.objects.filter(source=source, target_locale=page.locale).first()
        if source
        else None
    )
    total, done = translation.get_progress() if translation else (0, 0)
    return TranslationFacts(
        total=total,
        translated=done,
        source_page=source_page,
        source_version=version_at(plan, synced_at),
        source_updated_at=published_at,
        stale=bool(synced_at and published_at and published_at > synced_at),
        machine_translated=machine,
    )


def _translation_source(instance) -> TranslationSource | None:
    """wagtail-localize's TranslationSource.objects.get_for_instance_or_none, in one query."""
    try:
        return TranslationSource.objects.get(
            object__translation_key=instance.translation_key,
            object__content_type=ContentType.objects.get_for_model(
                instance.get_translation_model()
            ),
            locale_id=instance.locale_id,
        )
    except TranslationSource.DoesNotExist:
        return None


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
