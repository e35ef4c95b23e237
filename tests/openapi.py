"""Checking real API responses against the OpenAPI document the API serves (/api/schema/)."""

import copy
import re
from functools import cache

from django.test import Client
from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS31Validator, oas31_format_checker

SCHEMA_URL = "/api/schema/?format=json"


@cache
def openapi_document() -> dict:
    response = Client().get(SCHEMA_URL)
    assert response.status_code == 200, response.content[:500]
    return response.json()


@cache
def strict_document() -> dict:
    """The document with each object's default fields required (for requests without `fields`).

    The served document requires nothing, because `?fields=-title` may leave
    anything out; `x-default-fields` says what a plain request always gets.
    """
    document = copy.deepcopy(openapi_document())
    for schema in document["components"]["schemas"].values():
        defaults = schema.get("x-default-fields")
        if not defaults:
            continue
        meta = schema["properties"].get("meta", {})
        for name in defaults:
            if name in schema["properties"] and name != "meta":
                schema.setdefault("required", []).append(name)
            elif name in meta.get("properties", {}):
                meta.setdefault("required", []).append(name)
                if "meta" not in schema.setdefault("required", []):
                    schema["required"].append("meta")
    return document


def operation_for(path: str) -> tuple[str, dict]:
    """The documented path template and GET operation that `path` is an instance of."""
    paths = openapi_document()["paths"]
    if path in paths:  # /api/v2/pages/find/, not /api/v2/pages/{id}/
        return path, paths[path]["get"]
    for template, item in paths.items():
        pattern = "^" + re.sub(r"\\{[^}]+\\}", r"[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template, item["get"]
    raise AssertionError(f"{path} is not in the OpenAPI document")


def validate_response(response, *, strict: bool | None = None) -> None:
    """Assert that a test-client response is documented and its body matches its schema."""
    path = response.wsgi_request.path
    strict = "fields" not in response.wsgi_request.GET if strict is None else strict
    _template, operation = operation_for(path)
    status = str(response.status_code)
    assert status in operation["responses"], f"{path}: status {status} is not documented"
    documented = operation["responses"][status]
    if "content" not in documented:
        assert not response.content, f"{path}: {status} has an undocumented body"
        return
    schema = documented["content"]["application/json"]["schema"]
    document = strict_document() if strict else openapi_document()
    validator = OAS31Validator(
        {**schema, "components": document["components"]}, format_checker=oas31_format_checker
    )
    errors = list(validator.iter_errors(response.json()))
    assert not errors, f"{path}?{response.wsgi_request.GET.urlencode()}:\n" + "\n".join(
        describe(e) for e in errors[:10]
    )


def describe(error) -> str:
    """The innermost reason: in an anyOf of object types, the branch of the object's type."""
    while error.context:
        wrong_type = {
            e.relative_schema_path[0]
            for e in error.context
            if list(e.relative_path) == ["meta", "type"] and e.validator == "enum"
        }
        candidates = [e for e in error.context if e.relative_schema_path[0] not in wrong_type]
        error = best_match(candidates or error.context)
    return f"- at {'/'.join(map(str, error.absolute_path))}: {error.message[:300]}"
