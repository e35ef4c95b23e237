"""What the header and footer show, for one request, in the reader's language.

The municipality's identity (`SiteIdentity`) is written once, in Norwegian, by the
communications adviser: site settings are not localised by wagtail-localize. On a
page in another language:

- the municipality's name is the translated home page's title (the loader titles
  the home page with the municipality's name, and wagtail-localize translates it
  with the rest of the site); without a published translation, the Norwegian name,
  marked lang="nb";
- links to pages (the footer's page links, the accessibility statement and the
  privacy page) lead to the page in the reader's language when it is published,
  otherwise to the Norwegian page, marked lang="nb" and hreflang="nb";
- what the adviser wrote (an address, a link's own label) stays Norwegian and is
  marked lang="nb".
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import get_language
from wagtail.models import Page, Site

from core.queries import only_row
from core.visibility import public

from .models import AccessibilityStatementPage, FooterLink, PrivacyPage, SiteIdentity

SOURCE = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Text:
    """Text with the language it is in, where that is not the page's language."""

    text: str
    lang: str = ""  # "" when in the reader's language


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    lang: str = ""  # the language of the text and of the page linked to, when not the reader's


def _reader_language() -> str:
    return get_language() or SOURCE


class SiteChrome:
    """Computed lazily and once per request: pages that are not rendered with it
    (the admin, the API) pay nothing."""

    def __init__(self, request):
        self.request = request
        self.language = _reader_language()

    @cached_property
    def site(self) -> Site | None:
        return Site.find_for_request(self.request) if self.request is not None else None

    @cached_property
    def identity(self) -> SiteIdentity | None:
        if self.site is None:
            return None
        # With its images, and whether it has footer links (most sites have none).
        found = only_row(  # one per site
            SiteIdentity.base_queryset()
            .filter(site=self.site)
            .select_related("logo", "favicon")
            .annotate(has_footer_links=Exists(FooterLink.objects.filter(identity=OuterRef("pk"))))
        )
        return found or SiteIdentity.for_site(self.site)

    def _in_reader_language(self, pages: list[Page]) -> dict[str, Page]:
        """Each page's live, public translation in the reader's language, by translation key."""
        if not pages or self.language == SOURCE:
            return {}
        found = public(
            Page.objects.filter(
                translation_key__in=[p.translation_key for p in pages],
                locale__language_code=self.language,
            ).live(),
            self.request,
        ).filter(
            # An alias made by wagtail-localize for a missing parent shows Norwegian text.
            alias_of__isnull=True
        )
        return {str(p.translation_key): p for p in found}

    def _link(self, page: Page, translations: dict[str, Page], label: str = "") -> Link:
        translated = translations.get(str(page.translation_key))
        if translated is not None:
            # The adviser's label is Norwegian: the translated title speaks the reader's language.
            return Link(translated.title, translated.get_url(self.request))
        lang = "" if self.language == SOURCE else SOURCE
        return Link(label or page.title, page.get_url(self.request), lang)

    @cached_property
    def name(self) -> Text:
        """The municipality's name in the reader's language (see the module's docstring)."""
        nb_name = (self.identity.municipality_name if self.identity else "") or str(
            settings.WAGTAIL_SITE_NAME
        )
        if self.language == SOURCE or self.site is None:
            return Text(nb_name)
        home = self.site.root_page
        translated = self._chrome_translations.get(str(home.translation_key))
        if translated is not None:
            return Text(translated.title)
        return Text(nb_name, SOURCE)

    @cached_property
    def _chrome_translations(self) -> dict[str, Page]:
        """The home page's and the site's own pages' translations (read with them)."""
        return self._chrome[1]

    @cached_property
    def site_pages(self) -> list[Link]:
        """The accessibility statement and the privacy page, for every page's footer."""
        return [self._link(page, self._chrome_translations) for page in self._site_pages]

    @cached_property
    def _site_pages(self) -> list[Page]:
        return self._chrome[0]

    @cached_property
    def _chrome(self) -> tuple[list[Page], dict[str, Page]]:
        """The site's own pages (live, public, in tree order) and, for a reader of another
        language, the live, public translations of the home page and of those pages in
        it (`_in_reader_language`), by translation key: in one query."""
        if self.site is None:
            return [], {}
        root = self.site.root_page
        pages = Page.objects.all()
        own = (
            pages.child_of_q(root)
            & pages.type_q(AccessibilityStatementPage, PrivacyPage)
            & Q(live=True)
        )
        if self.language == SOURCE:
            return list(public(pages.filter(own), self.request).order_by("path")), {}
        # Translations of every own page, public or not: only the public ones' are looked up.
        keys = pages.filter(own).values("translation_key")
        translated = Q(
            Q(translation_key=root.translation_key) | Q(translation_key__in=keys),
            locale__language_code=self.language,
            live=True,
            # An alias made by wagtail-localize for a missing parent shows Norwegian text.
            alias_of__isnull=True,
        )
        rows = list(
            public(pages.filter(own | translated), self.request)
            .annotate(
                chrome_own=ExpressionWrapper(own, output_field=BooleanField()),
                chrome_translated=ExpressionWrapper(translated, output_field=BooleanField()),
            )
            .order_by()
        )
        site_pages = sorted((p for p in rows if p.chrome_own), key=lambda p: p.path)
        return site_pages, {str(p.translation_key): p for p in rows if p.chrome_translated}

    @cached_property
    def footer_links(self) -> list[Link]:
        if self.identity is None or not getattr(self.identity, "has_footer_links", True):
            return []
        links = list(self.identity.footer_links.select_related("page"))
        pages = [link.page for link in links if link.page_id]
        live = {
            p.pk
            for p in public(Page.objects.filter(pk__in=[p.pk for p in pages]).live(), self.request)
        }
        translations = self._in_reader_language([p for p in pages if p.pk in live])
        result = []
        for link in links:
            if link.page_id:
                if link.page_id in live:
                    result.append(self._link(link.page, translations, link.label))
            else:
                lang = "" if self.language == SOURCE else SOURCE
                result.append(Link(link.label, link.url, lang))
        return result

    @cached_property
    def contact_lang(self) -> str:
        """The footer contact's texts are the adviser's Norwegian."""
        return "" if self.language == SOURCE else SOURCE
