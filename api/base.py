"""What every endpoint of the headless API shares: strict, named query parameters.

Every bad query parameter is a 400 with a JSON body that names it,
``{"message": "...", "parameter": "limit"}``, never a 500 (and never a 404 for
a bad value, such as an unknown locale).
"""

from django.conf import settings
from django.http import Http404
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.rich_text import APIRichText, RichTextFormatError
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.models import Locale

# The API's URLs alone (see StrictQueryMixin.finalize_response).

# Parameters every view accepts: output shape only.
OUTPUT_PARAMETERS = frozenset(["fields", "rich_text_format", "format", "_"])
PAGING_PARAMETERS = frozenset(["limit", "offset"])


class BadQueryParameter(BadRequestError):
    """A 400 about one query parameter."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


def limit_max() -> int:
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)


def parse_non_negative_int(parameter: str, value: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or not value.strip().isdigit():
        raise BadQueryParameter(parameter, f"{parameter} must be a positive integer")
    return number


# The largest id any of our tables can hold (a 32-bit key on PostgreSQL); a larger
# number in a query would be a database error, not a "not found".
MAX_ID = 2**31 - 1


def parse_id(parameter: str, value: str) -> int:
    number = parse_non_negative_int(parameter, value)
    if not 0 < number <= MAX_ID:
        raise BadQueryParameter(parameter, f"{parameter} must be an id from 1 to {MAX_ID}")
    return number


def parse_locale(value: str) -> Locale:
    locale = Locale.objects.filter(language_code=value).first()
    if locale is None:
        codes = ", ".join(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)
        raise BadQueryParameter("locale", f"unknown locale '{value}' (one of: {codes})")
    return locale


def parse_order(value: str | None, fields, default) -> list[str]:
    """`?order=name,-sort_order` against a whitelist; the id breaks ties, so paging is stable."""
    if not value:
        return list(default)
    order = []
    for term in value.split(","):
        if term.lstrip("-") not in fields:
            raise BadQueryParameter(
                "order", f"cannot order by '{term}' (one of: {', '.join(fields)})"
            )
        order.append(term)
    if "id" not in {term.lstrip("-") for term in order}:
        order.append("id")
    return order


class StrictQueryMixin:
    """Validates the query string before anything else runs; names the parameter in a 400.

    `listing_parameters`, `detail_parameters` and `find_parameters` are what each
    view accepts besides OUTPUT_PARAMETERS (and paging, for listings).
    """

    # JSON only: no browsable HTML pages (the human docs are at /api/docs/).
    renderer_classes = [JSONRenderer]
    listing_parameters = frozenset()
    detail_parameters = frozenset()
    find_parameters = frozenset(["id"])

    def allowed_query_parameters(self) -> set:
        allowed = set(OUTPUT_PARAMETERS) | set(self.detail_parameters)
        if self.action == "listing_view":
            allowed |= PAGING_PARAMETERS | set(self.listing_parameters)
        elif self.action == "find_view":
            allowed |= set(self.find_parameters)
        return allowed

    def initial(self, request, *args, **kwargs):
        # Before content negotiation, which would answer an unknown format with a 404.
        if request.GET.get("format", "json") != "json":
            raise BadQueryParameter("format", "format must be 'json'")
        super().initial(request, *args, **kwargs)
        if int(kwargs.get("pk", 0)) > MAX_ID:
            raise Http404("not found")
        self.validate_query_parameters(request.GET)

    def validate_query_parameters(self, query):
        unknown = sorted(set(query) - self.allowed_query_parameters())
        if unknown:
            raise BadQueryParameter(
                unknown[0],
                "query parameter is not an operation or a recognised field: " + ", ".join(unknown),
            )
        for name in query:
            if len(query.getlist(name)) > 1:
                raise BadQueryParameter(name, f"{name} is given more than once")
            if "\x00" in query[name]:
                raise BadQueryParameter(name, f"{name}: null characters are not allowed")
        if "offset" in query and parse_non_negative_int("offset", query["offset"]) > MAX_ID:
            raise BadQueryParameter("offset", f"offset cannot be higher than {MAX_ID}")
        if "limit" in query:
            limit = parse_non_negative_int("limit", query["limit"])
            if limit_max() and limit > limit_max():
                raise BadQueryParameter("limit", f"limit cannot be higher than {limit_max()}")
        if "fields" in query:
            try:
                parse_fields_parameter(query["fields"])
            except ValueError as e:
                raise BadQueryParameter("fields", f"fields error: {e}") from e
        if "rich_text_format" in query:
            try:
                APIRichText.resolve_format(query["rich_text_format"])
            except RichTextFormatError as e:
                raise BadQueryParameter("rich_text_format", str(e)) from e
        if "locale" in query:
            parse_locale(query["locale"])
        if "id" in query and self.action == "find_view":
            parse_id("id", query["id"])

    def get_serializer_class(self):
        try:
            return super().get_serializer_class()
        except BadQueryParameter:
            raise
        except BadRequestError as e:  # unknown or nested fields
            raise BadQueryParameter("fields", str(e)) from e

    def handle_exception(self, exc):
        if isinstance(exc, BadQueryParameter):
            return Response(
                {"message": str(exc), "parameter": exc.parameter},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if isinstance(exc, Http404):
            return Response({"message": str(exc) or "not found"}, status=status.HTTP_404_NOT_FOUND)
        return super().handle_exception(exc)
