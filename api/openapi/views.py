"""How drf-spectacular describes the API's endpoints (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

Every endpoint of the router is a Wagtail `BaseAPIViewSet` with three
operations: a listing, a detail and `find/` (a redirect to a detail). Their
parameters are the ones the view itself accepts (`allowed_query_parameters`,
the whitelist behind its 400s), each described in PARAMETERS; their response
objects are built with Wagtail's own serializer factory from every field the
endpoint offers, so what `?fields=` can ask for is what the document lists.
"""

import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.utils import translation
from django.utils.text import capfirst
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page, get_page_models

from api.base import MAX_ID, limit_max
from api.prefix import ENDPOINTS_PREFIX
from api.router import api_router

from . import fields as _field_schemas  # noqa: F401 - registers the field extensions
from .schemas import array, integer, obj, string
from .streamfield import block_value_schema, stream_item_schema

SCHEMA = ResolvedComponent.SCHEMA
FIELDS_HELP = (
    "Fields to return, comma-separated: `title,number` adds to the defaults, `-slug` "
    "removes one, `*` starts from every field, `_` from none; `lead_image(title)` picks "
    "a related object's fields."
)
# The 400 every bad parameter gets (api.base.StrictQueryMixin).
ERROR_SCHEMA = obj(
    {
        "message": string("What is wrong."),
        "parameter": string("The query parameter at fault."),
    },
    required=["message"],
    description="A bad request. Nothing was changed: the API only reads.",
)
NOT_FOUND_SCHEMA = obj({"message": string()}, description="No published object at this address.")
THROTTLED_SCHEMA = obj({"detail": string()}, description="Too many requests from this address.")
CACHE_HEADERS = {
    "ETag": {"schema": string(), "description": "Changes whenever the response changes."},
    "Last-Modified": {"schema": string(), "description": "The last publish on the site."},
    "Cache-Control": {"schema": string(), "description": "How long a cache may keep it."},
}


def parameter_schemas(view) -> dict:
    """Name → (schema, description) of every query parameter the API knows."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    order_fields = getattr(view, "order_fields", None)
    positive = integer(minimum=1, maximum=MAX_ID)
    return {
        "limit": (
            integer(minimum=0, maximum=limit_max(), default=20),
            f"How many items per page (at most {limit_max()}).",
        ),
        "offset": (integer(minimum=0, maximum=MAX_ID, default=0), "How many items to skip."),
        "fields": (string(), FIELDS_HELP),
        "rich_text_format": (
            string(enum=sorted(APIRichText._serializers())),
            "How rich text is written: `html` (default) resolves internal links "
            "to public addresses.",
        ),
        "format": (string(enum=["json"]), "Always JSON; the human docs are at /api/docs/."),
        "_": (string(), "Ignored (lets a client defeat a cache)."),
        "locale": (
            string(enum=codes),
            "Only objects in this language. Snippet listings default to Norwegian (nb).",
        ),
        "translation_of": (
            positive,
            "Only the translations of this object (its id); combine with `locale` for one.",
        ),
        "order": (
            string(),
            "Comma-separated fields to order by, `-` for descending"
            + (f"; one of: {', '.join(order_fields)}." if order_fields else ".")
            + (" `random` for a random order." if isinstance(view, PagesAPIViewSet) else ""),
        ),
        "search": (string(), "Full-text search."),
        "search_operator": (string(enum=["and", "or"]), "How search terms combine."),
        "type": (
            string(),
            "Only pages of these types, comma-separated: "
            + ", ".join(f"`{m._meta.app_label}.{m.__name__}`" for m in get_page_models())
            + ". Fields of the type can then be asked for with `fields` and filtered on.",
        ),
        "child_of": (
            {"oneOf": [positive, string(enum=["root"])]},
            "Only the children of this page (`root`: the site's home page).",
        ),
        "descendant_of": (
            {"oneOf": [positive, string(enum=["root"])]},
            "Only pages below this page.",
        ),
        "ancestor_of": (positive, "Only the pages above this page."),
        "site": (string(), "The site's hostname (and `:port`), for a multi-site setup."),
        "id": (positive, "The object's id."),
        "html_path": (
            string(),
            "A page's public address in any language, e.g. `/en/action-plan/`.",
        ),
        "plan": (positive, "Only this plan's rows (the plan in any language)."),
        "category": (_choices(view, "category"), "Only contacts of this category."),
        "version": (
            string(pattern=r"^\d+\.\d+$", example="1.3"),
            "Only this version (major.minor).",
        ),
        "goal_area": (positive, "Only the measures of this goal area (its id)."),
        "preview_token": (
            string(),
            "A signed preview token from the admin's headless preview: the draft of this "
            "one object, not cached. A wrong or expired token gives the published version.",
        ),
    }


def _choices(view, name) -> dict:
    model = getattr(view, "model", None)
    try:
        choices = model._meta.get_field(name).choices or ()
    except (AttributeError, FieldDoesNotExist):
        return string()
    return string(enum=[value for value, _label in choices])


def component_name(*parts: str) -> str:
    """ "PlanPage", "ListItem" → "PlanPageListItem"; "bullet_list" → "BulletList"."""
    words = [w for part in parts for w in re.split(r"[^0-9A-Za-z]+", part) if w]
    return "".join(w[:1].upper() + w[1:] for w in words)


class PlanportalAutoSchema(AutoSchema):
    """Describes Wagtail API v2 endpoints; any other view the usual drf-spectacular way."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        if not isinstance(self.view, BaseAPIViewSet):
            return super().get_operation(path, path_regex, path_prefix, method, registry)
        self.registry = registry
        self.path = path
        self.path_regex = path_regex
        self.path_prefix = path_prefix
        self.method = method.upper()
        # Block labels and help texts in English, like the rest of the document.
        with translation.override("en"):
            return self.wagtail_operation()

    # --- operations -------------------------------------------------------------------

    @property
    def endpoint_name(self) -> str:
        """The router's name for the endpoint: "pages" in /api/v2/pages/{id}/."""
        return self.path.removeprefix(ENDPOINTS_PREFIX).split("/")[0]

    def wagtail_operation(self) -> dict:
        action = self.view.action
        describe = {
            "listing_view": self.listing_operation,
            "detail_view": self.detail_operation,
            "find_view": self.find_operation,
        }[action]
        operation = {
            "operationId": f"{self.endpoint_name.replace('-', '_')}_{action.removesuffix('_view')}",
            "tags": [self.endpoint_name],
            **describe(),
        }
        operation["parameters"] = self.path_parameters() + self.query_parameters()
        operation["responses"].update(self.error_responses())
        return operation

    def listing_operation(self) -> dict:
        item = self.item_reference(detail=False)
        page = obj(
            {
                "meta": obj({"total_count": integer("Items in all pages of the listing.")}),
                "items": array(item),
            }
        )
        return {
            "summary": f"List {self.endpoint_name}",
            "description": self.view_description(),
            "responses": {"200": self.ok(page)},
        }

    def detail_operation(self) -> dict:
        return {
            "summary": f"One of {self.endpoint_name}",
            "description": self.view_description(),
            "responses": {"200": self.ok(self.item_reference(detail=True))},
        }

    def find_operation(self) -> dict:
        return {
            "summary": f"Find one of {self.endpoint_name}",
            "description": "Redirects to the detail endpoint of the object found; other "
            "query parameters are kept.",
            "responses": {
                "302": {
                    "description": "Found: the detail endpoint.",
                    "headers": {"Location": {"schema": string(format="uri")}},
                }
            },
        }

    def view_description(self) -> str:
        return (self.view.__class__.__doc__ or "").strip()

    def ok(self, schema: dict) -> dict:
        return {
            "description": "OK. A matching If-None-Match or If-Modified-Since gets 304.",
            "headers": CACHE_HEADERS,
            "content": {"application/json": {"schema": schema}},
        }

    def error_responses(self) -> dict:
        def json_response(description, name, schema):
            ref = self.register(name, schema)
            return {"description": description, "content": {"application/json": {"schema": ref}}}

        responses = {
            "304": {"description": "Not modified since the ETag or date the client has."},
            "400": json_response("A bad query parameter.", "Error", ERROR_SCHEMA),
            "404": json_response("Not found.", "NotFound", NOT_FOUND_SCHEMA),
            "429": json_response("Too many requests.", "Throttled", THROTTLED_SCHEMA),
        }
        responses["429"]["headers"] = {"Retry-After": {"schema": integer()}}
        return responses

    # --- parameters -------------------------------------------------------------------

    def path_parameters(self) -> list:
        if self.view.action != "detail_view":
            return []
        return [
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": integer(minimum=1, maximum=MAX_ID),
                "description": "The object's id.",
            }
        ]

    def query_parameter_names(self) -> list[str]:
        names = set(self.view.allowed_query_parameters())
        if self.view.action == "listing_view" and isinstance(self.view, PagesAPIViewSet):
            # Field filters of every page type (accepted together with `type`).
            for model in get_page_models():
                names |= set(self.view.get_available_fields(model, db_fields_only=True))
            names.discard("locale")
        return sorted(names)

    def query_parameters(self) -> list:
        known = parameter_schemas(self.view)
        parameters = []
        for name in self.query_parameter_names():
            if name in known:
                schema, description = known[name]
            elif self.is_field_filter(name):
                schema, description = string(), f"Only objects whose `{name}` is this value."
            else:
                raise ImproperlyConfigured(f"Query parameter {name!r} is not described")
            parameters.append(
                {"name": name, "in": "query", "schema": schema, "description": description}
            )
        return parameters

    def is_field_filter(self, name: str) -> bool:
        models = get_page_models() if isinstance(self.view, PagesAPIViewSet) else [self.view.model]
        return any(
            name in self.view.get_available_fields(model, db_fields_only=True) for model in models
        )

    # --- response objects ---------------------------------------------------------------

    def component(self, name: str, build) -> dict:
        """A reference to the schema component `name`, built by `build()` the first time.

        Registered before it is built, so a schema that refers back to itself
        (a nested stream, a page's parent page) finds it.
        """
        key = ResolvedComponent(name=name, type=SCHEMA, object=name)
        if key not in self.registry:
            self.registry.register_on_missing(
                ResolvedComponent(name=name, type=SCHEMA, schema={}, object=name)
            )
            self.registry[key].schema = build()
        return key.ref

    def register(self, name: str, schema: dict) -> dict:
        return self.component(name, lambda: schema)

    def served_models(self, *, detail: bool):
        """A detail is of the page's own type; a listing without `type` gives plain pages."""
        if isinstance(self.view, PagesAPIViewSet):
            specific = [m for m in get_page_models() if m is not Page]
            return specific if detail else [*specific, Page]
        return [self.view.model]

    def item_reference(self, *, detail: bool) -> dict:
        models = self.served_models(detail=detail)
        refs = [self.object_reference(model, detail=detail) for model in models]
        return refs[0] if len(refs) == 1 else {"anyOf": refs}

    def object_reference(self, model, *, detail: bool, nested: bool = False) -> dict:
        suffix = "" if detail else ("Nested" if nested else "ListItem")
        return self.component(
            component_name(model.__name__, suffix),
            lambda: self.object_schema(model, detail=detail, nested=nested),
        )

    def object_schema(self, model, *, detail: bool, nested: bool) -> dict:
        endpoint = self.endpoint_for(model)
        serializer_class = endpoint._get_serializer_class(
            api_router, model, [("*", False, None)], show_details=detail, nested=nested
        )
        if detail:
            defaults = endpoint.get_detail_default_fields(model)
        elif nested:
            defaults = endpoint.get_nested_default_fields(model)
        else:
            defaults = endpoint.get_listing_default_fields(model)
        return self.serializer_schema(serializer_class, defaults, model)

    def endpoint_for(self, model):
        if issubclass(model, Page):
            return api_router.get_model_endpoint(Page)[1]
        found = api_router.get_model_endpoint(model)
        return found[1] if found else BaseAPIViewSet

    def serializer_schema(self, serializer_class, default_fields, model) -> dict:
        """Wagtail's serializer output: body fields, and meta fields under "meta"."""
        serializer = serializer_class()
        body, meta = {}, {}
        for name, field in serializer.fields.items():
            schema = self._map_serializer_field(field, "response")
            if getattr(field, "allow_blank", False) and "format" in schema:
                schema = {key: value for key, value in schema.items() if key != "format"}
                schema["description"] = (schema.get("description", "") + " May be empty.").strip()
            (meta if name in serializer.meta_fields else body)[name] = schema
        if "type" in meta and model is not Page:
            label = f"{model._meta.app_label}.{model.__name__}"
            meta["type"] = {**meta["type"], "enum": [label]}
        properties = {}
        if "id" in body:
            properties["id"] = body.pop("id")
        if meta:
            properties["meta"] = obj(meta, required=[])
        properties.update(body)
        verbose = capfirst(str(model._meta.verbose_name))
        return {
            **obj(properties, required=[]),
            "description": f"{verbose}. Default fields: {', '.join(default_fields)}; "
            "`fields` asks for others.",
            "x-default-fields": list(default_fields),
        }

    def nested_reference(self, serializer_class) -> dict:
        return self.object_reference(serializer_class.Meta.model, detail=False, nested=True)

    def nested_page_reference(self) -> dict:
        return self.object_reference(Page, detail=False, nested=True)

    def stream_reference(self, field) -> dict:
        """The schema of a StreamField serializer field, from the model field's StreamBlock."""
        model = field.parent.Meta.model
        stream_block = model._meta.get_field(field.source).stream_block
        return self.stream_component(stream_block)

    def stream_component(self, stream_block) -> dict:
        return self.component(
            component_name(type(stream_block).__name__), lambda: self.stream_schema(stream_block)
        )

    def stream_schema(self, stream_block) -> dict:
        """An array of typed items, one component per block type, discriminated by `type`."""
        items = {}
        classes = [type(child) for child in stream_block.child_blocks.values()]
        for child_name, child in stream_block.child_blocks.items():
            # Named by the block class (SignListBlock), or by its name if a class repeats.
            item_name = component_name(
                type(child).__name__
                if classes.count(type(child)) == 1
                else f"{type(stream_block).__name__} {child_name}"
            )
            value = block_value_schema(child, self)
            items[child_name] = self.register(
                item_name, stream_item_schema(child_name, child, value)
            )
        return array(
            {
                "oneOf": list(items.values()),
                "discriminator": {
                    "propertyName": "type",
                    "mapping": {key: ref["$ref"] for key, ref in items.items()},
                },
            },
            str(stream_block.meta.label or "") or "Blocks in order.",
        )
