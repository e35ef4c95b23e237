"""The headless API, Wagtail API v2 at /api/v2/.

pages/, images/, documents/ (Wagtail's endpoints, stricter) and the plan's own
contacts/, measures/, actors/, goal-areas/ and history/, on one router, so
every `detail_url` and nested object links within the API.

Pages: rich text comes out as HTML with internal links resolved in the page's
own language (WAGTAILAPI_RICH_TEXT_FORMAT); StreamField blocks are typed and
self-contained (chosen snippets and images inlined). `body`, `translation` and
a plan's `chapters` are detail-only, so a listing's queries do not grow with
its length; `find/?html_path=` resolves the address of a page in any language.

Editors' previews: a detail view with a valid `?preview_token=` (api.preview)
serves that one object's latest saved revision, marked `X-Planportal-Preview: 1`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.http import Http404
from django.utils import translation
from rest_framework.generics import GenericAPIView
from wagtail import fields as wagtail_fields
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    LocaleFilter,
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.serializers import PageParentField, PageSerializer
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from api import blocks
from api.base import (
    OUTPUT_PARAMETERS,
    PAGING_PARAMETERS,
    BadQueryParameter,
    StrictQueryMixin,
    parse_id,
)
from api.fields import ChaptersField, ComputedFieldsMixin, HistoryUrlField, TranslationField
from api.preview import PreviewTokenMixin
from core.queries import only_row
from home.search import MAX_SEARCH_LENGTH, words_query
from languages.facts import content_language, in_their_own_language
from plan_pages.models import LeadImageMixin


class WordSearchFilter(SearchFilter):
    """Wagtail's `?search=`, searching the words of the text (home.search), never its syntax.

    Wagtail hands the raw text to the search backend, where a double quote is an
    SQLite full-text syntax error (a 500). A text without words finds nothing.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        query = words_query(request.GET["search"], request.GET.get("search_operator"))
        if query is None:
            return queryset.none()
        try:
            return get_search_backend().search(
                query, queryset, order_by_relevance="order" not in request.GET
            )
        except FilterFieldError as e:
            raise BadRequestError(
                f"cannot filter by '{e.field_name}' while searching (field is not indexed)"
            ) from e
        except OrderByFieldError as e:
            raise BadRequestError(
                f"cannot order by '{e.field_name}' while searching (field is not indexed)"
            ) from e


def with_word_search(filter_backends) -> list:
    """An endpoint's filters, with WordSearchFilter in place of Wagtail's SearchFilter."""
    return [WordSearchFilter if f is SearchFilter else f for f in filter_backends]


# Which query parameter each of Wagtail's filters reads (for the 400's "parameter").
FILTER_PARAMETERS = {
    ChildOfFilter: "child_of",
    AncestorOfFilter: "ancestor_of",
    DescendantOfFilter: "descendant_of",
    OrderingFilter: "order",
    TranslationOfFilter: "translation_of",
    LocaleFilter: "locale",
    WordSearchFilter: "search",
}


class StrictWagtailEndpointMixin(StrictQueryMixin):
    """Wagtail's own endpoints, with every bad parameter a named 400."""

    def listing_model(self):
        # The class's model, not get_queryset()'s: that one depends on the request
        # (the collections it may see), and the OpenAPI generator asks without one.
        return self.model

    def field_filter_names(self) -> set:
        names = set(self.get_available_fields(self.listing_model(), db_fields_only=True))
        names.discard("locale")  # its own filter
        return names

    def allowed_query_parameters(self):
        allowed = super().allowed_query_parameters()
        if self.action == "listing_view":
            allowed |= set(self.known_query_parameters) - OUTPUT_PARAMETERS - PAGING_PARAMETERS
            allowed |= self.field_filter_names()
        return allowed

    def validate_query_parameters(self, query):
        super().validate_query_parameters(query)
        if query.get("search_operator", "and") not in ("and", "or"):
            raise BadQueryParameter("search_operator", "search_operator must be 'and' or 'or'")
        if len(query.get("search", "")) > MAX_SEARCH_LENGTH:
            raise BadQueryParameter(
                "search", f"search cannot be longer than {MAX_SEARCH_LENGTH} characters"
            )
        if self.action == "listing_view":
            model = self.listing_model()
            for name in self.field_filter_names() & set(query):
                validate_field_value(model, name, query[name])

    def filter_queryset(self, queryset):
        for backend in list(self.filter_backends):
            try:
                queryset = backend().filter_queryset(self.request, queryset, self)
            except BadQueryParameter:
                raise
            except BadRequestError as e:
                parameter = FILTER_PARAMETERS.get(backend)
                if parameter is None:  # a field filter
                    parameter = next(
                        iter(sorted(self.field_filter_names() & set(self.request.GET))), ""
                    )
                raise BadQueryParameter(parameter, str(e)) from e
            except Http404 as e:  # LocaleFilter's unknown locale (validated before, though)
                raise BadQueryParameter(FILTER_PARAMETERS.get(backend, ""), str(e)) from e
        return queryset


def validate_field_value(model, name, value):
    """`?number=abc`, `?version_date=yesterday`: a 400 now, not a 500 when the query runs."""
    try:
        field = model._meta.get_field(name)
    except LookupError:
        return
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if not isinstance(field, models.Field):
        return
    try:
        if isinstance(field, models.BooleanField) and value.lower() in ("true", "false"):
            return
        python_value = field.to_python(value)
        if isinstance(field, models.IntegerField) and python_value is not None:
            # The type's range on any database (SQLite itself would take any size).
            low, high = BaseDatabaseOperations.integer_field_ranges.get(
                field.get_internal_type(), (-(2**63), 2**63 - 1)
            )
            if not low <= python_value <= high:
                raise ValidationError("out of range")
    except ValidationError as e:
        raise BadQueryParameter(
            name, f"field filter error. '{value}' is not a valid value for {name}"
        ) from e


# --- pages ---------------------------------------------------------------------------


class VisibleParentField(PageParentField):
    """Wagtail's `meta.parent`: the parent when the API may show it, else null; in one query
    (Wagtail reads the parent, then asks whether the API may show it)."""

    def get_attribute(self, instance):
        if instance.depth <= 1:
            return None
        parent_path = instance.path[: -Page.steplen]
        parent = only_row(self.context["base_queryset"].filter(path=parent_path))
        if parent is not None:
            share_site_root_paths(parent, self.context.get("request"))
        return parent


class LocalizedPageSerializer(PageSerializer):
    """Serializes each page in its own language: links in its rich text go to pages in it.

    Its StreamFields are written block by block by api.blocks.
    """

    parent = VisibleParentField(read_only=True)

    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        wagtail_fields.StreamField: blocks.StreamField,
    }

    def to_representation(self, instance):
        share_site_root_paths(instance, self.context.get("request"))
        with translation.override(instance.locale.language_code):
            return super().to_representation(instance)


def share_site_root_paths(page: Page, request) -> None:
    """`meta.html_url` is Wagtail's `page.full_url`, without the request: it reads the site
    root paths from Wagtail's cache once per page object. The page takes the request's
    copy, read once per request."""
    if request is not None:
        page._wagtail_cached_site_root_paths = page._get_site_root_paths(request)


class PlanPagesAPIViewSet(
    PreviewTokenMixin, StrictWagtailEndpointMixin, ComputedFieldsMixin, PagesAPIViewSet
):
    """Live, public pages; with a valid `?preview_token=`, a page's latest saved draft.

    The detail view, `/api/v2/pages/<id>/?preview_token=<token>`, serves the latest
    revision of page <id> when the token was issued for that page (from the admin
    preview's "Headless-forhåndsvisning (API)" mode), even if the page was never
    published, is unpublished or is private. Such a response carries the header
    `X-Planportal-Preview: 1` and `Cache-Control: private, no-store`, and no
    ETag or Last-Modified. Any other token (another object's, tampered, expired) is
    ignored: the live page, or the usual 404. Listings and find/ refuse the
    parameter with a 400.
    """

    base_serializer_class = LocalizedPageSerializer
    # After the page type's own `api_fields`: the history endpoint and the live
    # chapters on a plan, `translation` on every page type.
    computed_fields = {
        "history_url": HistoryUrlField,
        "chapters": ChaptersField,
        "translation": TranslationField,
    }
    filter_backends = with_word_search(PagesAPIViewSet.filter_backends)
    # Fields whose queries grow with the content: one page at a time.
    detail_only_fields = ["parent", "body", "translation", "chapters"]
    detail_parameters = frozenset(["site"])
    find_parameters = frozenset(["id", "html_path", "site"])

    def listing_model(self):
        models_ = self.page_types()
        return models_[0] if len(models_) == 1 else Page

    def page_types(self):
        try:
            return (
                page_models_from_string(self.request.GET["type"])
                if "type" in self.request.GET
                else ()
            )
        except (LookupError, ValueError) as e:
            raise BadQueryParameter(
                "type", f"type doesn't exist: '{self.request.GET['type']}'"
            ) from e

    def validate_query_parameters(self, query):
        # The shared checks first: no value with a NUL byte reaches a query (PostgreSQL).
        super().validate_query_parameters(query)
        self.page_types()
        for name in ("child_of", "descendant_of", "translation_of"):
            if name in query and query[name] != "root":
                parse_id(name, query[name])
        if "ancestor_of" in query:
            parse_id("ancestor_of", query["ancestor_of"])
        if "site" in query:
            hostname, _, port = query["site"].partition(":")
            sites = Site.objects.filter(hostname=hostname)
            if port:
                valid = port.isdigit() and int(port) <= 65535
                sites = sites.filter(port=int(port)) if valid else sites.none()
            if not sites.exists():
                raise BadQueryParameter("site", f"site doesn't exist: '{query['site']}'")

    def get_base_queryset(self):
        # Wagtail builds it twice for a detail (the object, then the serializer's
        # context), reading the view restrictions and the site root's translations
        # each time: once is enough.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_object(self):
        if (
            self.action == "detail_view"
            and self.preview_object is None
            and not hasattr(self, "_cached_object")
        ):
            # What Wagtail's BaseAPIViewSet.get_object keeps (the page), with its
            # specific page read with the lead image: Wagtail's `.specific` reads it
            # without, and the lead image field then reads the image in a query of its own.
            self._cached_object = with_lead_image(GenericAPIView.get_object(self))
        page = super().get_object()
        base = getattr(self, "_cached_object", None)
        if base is not None and base is not page and base.locale_id == page.locale_id:
            # The specific page keeps the locale read with the base page.
            page.locale = base.locale
        return page

    def get_preview_base_object(self, pk):
        return Page.objects.filter(pk=pk, depth__gt=1).first()

    def get_queryset(self):
        queryset = in_their_own_language(super().get_queryset()).select_related("locale")
        if issubclass(queryset.model, LeadImageMixin):
            queryset = queryset.select_related("lead_image").prefetch_related(
                "lead_image__renditions"
            )
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "detail_view":
            # Blocks that show the page's own data (the document history) need the page.
            context["page"] = self.get_object()
        return context

    def find_object(self, queryset, request):
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        page = find_page_by_path(request, request.GET["html_path"])
        if page is not None and queryset.filter(pk=page.pk).exists():
            return page
        return None


def with_lead_image(page: Page) -> Page:
    """`page`, its `.specific` read already, with the lead image when it has one: what
    Wagtail's `get_specific` does (attributes set on the page carry over), in one query."""
    model = page.specific_class
    if model is None or isinstance(page, model) or not issubclass(model, LeadImageMixin):
        return page
    specific = model._default_manager.select_related("lead_image").get(pk=page.pk)
    for name, value in page.__dict__.items():
        specific.__dict__.setdefault(name, value)
    page.specific = specific
    return page


def find_page_by_path(request, html_path):
    """The live page at a public address, "/en/action-plan/foreword/", in the address's language.

    Wagtail routes from the site's root page, which is the Norwegian home page (wagtail
    issue #6679); here the language prefix picks the home page of that language. A page
    only reachable in another language (the Norwegian fallback for a missing translation,
    or an alias with Norwegian text) is not found.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [c for c in urlsplit(html_path).path.split("/") if c]
    locale = None
    if components:
        locale = Locale.objects.filter(language_code=components[0]).first()
    root = site.root_page
    if locale is not None:
        components = components[1:]
        root = root.get_translation_or_none(locale)
        if root is None:
            return None
    language = locale.language_code if locale else Locale.get_default().language_code
    with translation.override(language):
        try:
            page, _args, _kwargs = root.specific.route(request, components)
        except Http404:
            return None
    if locale is not None and (
        page.locale_id != locale.pk or content_language(page) != locale.language_code
    ):
        return None
    return page


# --- images and documents ------------------------------------------------------------


class PlanImagesAPIViewSet(StrictWagtailEndpointMixin, ImagesAPIViewSet):
    filter_backends = with_word_search(ImagesAPIViewSet.filter_backends)
    body_fields = [*ImagesAPIViewSet.body_fields, "description", "photo_credit"]


class PlanDocumentsAPIViewSet(StrictWagtailEndpointMixin, DocumentsAPIViewSet):
    filter_backends = with_word_search(DocumentsAPIViewSet.filter_backends)
