"""The OpenAPI document (/api/schema/) is valid, complete, and real responses match it."""

import io

import pytest
from django.core.management import call_command
from openapi_spec_validator import validate as validate_spec
from wagtail.models import Page, TranslatableMixin, get_page_models

from api.router import api_router
from plan_pages.blocks import ChapterBodyBlock, ContactsBlock, DocumentHistoryBlock, MeasuresBlock
from plan_pages.models import ChapterPage, PlanPage
from snippets.models import Contact
from tests.openapi import openapi_document, strict_document, validate_response
from tests.sources import api_prefix

pytestmark = pytest.mark.django_db

API = api_prefix()
# The router's endpoints by name; those of translatable models take a `locale`.
ENDPOINTS = {name: endpoint.model for name, endpoint in api_router._endpoints.items()}
ENDPOINTS_WITH_LOCALE = [
    name for name, model in ENDPOINTS.items() if issubclass(model, TranslatableMixin)
]


def test_document_is_valid_openapi_3():
    document = openapi_document()
    validate_spec(document)  # raises on the first error
    assert document["openapi"].startswith("3.")


def test_document_is_generated_without_warnings():
    # --fail-on-warn: drf-spectacular's own complaints (unknown fields, name clashes) fail.
    call_command("spectacular", "--fail-on-warn", "--validate", stdout=io.StringIO())


def test_every_endpoint_has_listing_detail_and_find():
    paths = set(openapi_document()["paths"])
    assert {path.removeprefix(f"{API}/").split("/")[0] for path in paths} == set(ENDPOINTS)
    for name in ENDPOINTS:
        assert {f"{API}/{name}/", f"{API}/{name}/{{id}}/", f"{API}/{name}/find/"} <= paths


def test_every_endpoint_is_a_described_tag():
    document = openapi_document()
    tags = [tag["name"] for tag in document["tags"]]
    assert set(tags) == set(ENDPOINTS)
    assert all(tag["description"] for tag in document["tags"])


def test_schema_and_docs_are_not_part_of_the_document():
    assert all(path.startswith(f"{API}/") for path in openapi_document()["paths"])


def test_each_block_type_is_a_typed_schema_discriminated_by_type():
    schemas = openapi_document()["components"]["schemas"]
    stream = schemas["ChapterBodyBlock"]
    assert stream["type"] == "array"
    mapping = stream["items"]["discriminator"]["mapping"]
    assert stream["items"]["discriminator"]["propertyName"] == "type"
    assert set(mapping) == set(ChapterBodyBlock.base_blocks)
    for block_type, ref in mapping.items():
        item = schemas[ref.rsplit("/", 1)[-1]]
        assert item["properties"]["type"]["enum"] == [block_type]
        assert set(item["required"]) == {"type", "value", "id"}
        assert item["properties"]["value"], f"{block_type} has no value schema"
    # Blocks are named for what they are in the plan.
    assert "SignListBlock" in schemas and "GuideTableBlock" in schemas
    sign_list = schemas["SignListBlock"]["properties"]["value"]
    assert sign_list["properties"]["categories"]["items"]["properties"]["signs"] == {
        "type": "array",
        "items": {"type": "string"},
    }


def test_snippet_and_history_blocks_refer_to_their_endpoints_components():
    document = openapi_document()
    schemas = document["components"]["schemas"]

    def detail(endpoint):
        response = document["paths"][f"{API}/{endpoint}/{{id}}/"]["get"]["responses"]["200"]
        return response["content"]["application/json"]["schema"]

    def value(block_class):
        return schemas[block_class.__name__]["properties"]["value"]

    contacts = value(ContactsBlock)["properties"]["contacts"]["items"]
    measures = value(MeasuresBlock)["properties"]
    history = value(DocumentHistoryBlock)["items"]
    assert contacts == detail("contacts")
    assert measures["goal_area"] == detail("goal-areas")
    assert measures["measures"]["items"] == detail("measures")
    assert history == detail("history")
    assert all("$ref" in ref for ref in (contacts, measures["goal_area"], history))


def test_parameters_are_the_ones_the_views_accept(client):
    """Every documented query parameter is accepted: never the 400 for an unknown one."""
    document = openapi_document()
    chapter = ChapterPage.objects.live().first()
    contact = Contact.objects.live().first()
    ids = {"pages": chapter.pk, "contacts": contact.pk}
    checked = 0
    for template, item in document["paths"].items():
        endpoint = template.removeprefix(f"{API}/").split("/")[0]
        if "{id}" in template and endpoint not in ids:
            continue
        path = template.replace("{id}", str(ids.get(endpoint, 0)))
        for parameter in item["get"]["parameters"]:
            if parameter["in"] != "query":
                continue
            query = {parameter["name"]: example_value(parameter)}
            if template == f"{API}/pages/":
                query.update(page_type_for_field(parameter["name"]))
            response = client.get(path, query)
            body = response.json() if response.status_code == 400 else {}
            assert "not an operation or a recognised field" not in body.get("message", ""), (
                template,
                parameter["name"],
                body,
            )
            checked += 1
    assert checked > 50


def page_type_for_field(name: str) -> dict:
    """A field filter of a page type is accepted with `type` naming that type."""
    for model in get_page_models():
        if model is not Page and any(f.name == name for f in model._meta.get_fields()):
            return {"type": f"{model._meta.app_label}.{model.__name__}"}
    return {}


def example_value(parameter) -> str:
    schema = parameter["schema"]
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") == "integer" or "oneOf" in schema:
        return "1"
    return "x"


# --- real responses against the document ----------------------------------------------


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("endpoint", ENDPOINTS_WITH_LOCALE)
def test_listing_and_every_detail_match_the_document(client, endpoint, language):
    response = client.get(f"{API}/{endpoint}/", {"locale": language, "limit": 100})
    assert response.status_code == 200
    validate_response(response)
    items = response.json()["items"]
    assert items, f"no {endpoint} in {language}"
    for item in items:
        detail = client.get(item["meta"]["detail_url"])
        assert detail.status_code == 200
        validate_response(detail)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_field_of_every_page_type_matches_the_document(client, language):
    seen_types = set()
    for page_type in ("home.HomePage", "plan_pages.PlanPage", "plan_pages.ChapterPage"):
        response = client.get(
            f"{API}/pages/", {"type": page_type, "locale": language, "fields": "*"}
        )
        validate_response(response)
        for item in response.json()["items"]:
            seen_types.add(item["meta"]["type"])
            validate_response(client.get(f"{API}/pages/{item['id']}/", {"fields": "*"}))
    assert seen_types == {"home.HomePage", "plan_pages.PlanPage", "plan_pages.ChapterPage"}


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_block_in_the_plan_matches_its_schema(client, language):
    plan = PlanPage.objects.get(locale__language_code=language)
    served, stored = set(), set()
    for chapter in ChapterPage.objects.child_of(plan).live():
        response = client.get(f"{API}/pages/{chapter.pk}/")
        validate_response(response)
        served |= {block["type"] for block in response.json()["body"]}
        stored |= {block.block_type for block in chapter.body}
    # Every block type the plan stores came out (and was checked against its schema).
    assert served == stored
    assert stored == set(ChapterBodyBlock.base_blocks), "the plan uses every block type"


@pytest.mark.parametrize("endpoint", ["images", "documents", "history"])
def test_other_listings_match_the_document(client, endpoint):
    response = client.get(f"{API}/{endpoint}/")
    validate_response(response)
    for item in response.json()["items"][:5]:
        validate_response(client.get(item["meta"]["detail_url"]))
    validate_response(client.get(f"{API}/{endpoint}/", {"fields": "*"}))


def test_find_redirect_is_documented(client):
    response = client.get(f"{API}/pages/find/", {"html_path": "/en/action-plan/"})
    assert response.status_code == 302
    validate_response(response)


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        (f"{API}/pages/", {"limit": "-1"}, 400),
        (f"{API}/pages/", {"nonsense": "1"}, 400),
        (f"{API}/contacts/", {"locale": "xx"}, 400),
        (f"{API}/measures/", {"order": "unknown"}, 400),
        (f"{API}/history/", {"plan": "abc"}, 400),
        (f"{API}/pages/999999/", {}, 404),
        (f"{API}/contacts/999999/", {}, 404),
        (f"{API}/pages/find/", {"html_path": "/nb/finnes-ikke/"}, 404),
    ],
)
def test_errors_match_the_document(client, url, params, status):
    response = client.get(url, params)
    assert response.status_code == status
    validate_response(response)


def test_strict_validation_catches_a_missing_default_field(client):
    """The check above can fail: a body without a default field does not pass."""
    from openapi_schema_validator import OAS31Validator

    document = strict_document()
    schema = {"$ref": "#/components/schemas/ContactListItem", **document}
    body = client.get(f"{API}/contacts/").json()["items"][0]
    assert OAS31Validator(schema).is_valid(body)
    del body["name"]
    assert not OAS31Validator(schema).is_valid(body)
    body["unexpected"] = 1
    assert not OAS31Validator({**openapi_document(), **schema}).is_valid(body)


# --- human docs -------------------------------------------------------------------------


def test_docs_page_is_served_from_our_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "/api/schema/" in html
    # Nothing from a CDN.
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
