"""Small builders for OpenAPI 3.0 schema objects, so the descriptions read like the data."""

from django.conf import settings


def string(description: str = "", **extra) -> dict:
    return _with({"type": "string", **extra}, description)


def integer(description: str = "", **extra) -> dict:
    return _with({"type": "integer", **extra}, description)


def boolean(description: str = "") -> dict:
    return _with({"type": "boolean"}, description)


def url(description: str = "") -> dict:
    return string(description, format="uri")


def array(items: dict, description: str = "") -> dict:
    return _with({"type": "array", "items": items}, description)


def obj(properties: dict, required=None, description: str = "") -> dict:
    """A closed object: no property the API does not document."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    required = list(properties) if required is None else list(required)
    if required:
        schema["required"] = required
    return _with(schema, description)


NULL = {"type": "null"}


def nullable(schema: dict) -> dict:
    """The schema, or null (OpenAPI 3.1, JSON Schema 2020-12)."""
    if NULL in schema.get("oneOf", ()) or "null" in schema.get("type", ()):
        return schema
    if isinstance(schema.get("type"), str) and "enum" not in schema:
        return {**schema, "type": [schema["type"], "null"]}
    return {"oneOf": [schema, NULL]}


def locale_code(description: str = "Language code of the content.") -> dict:
    return string(description, enum=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES])


def _with(schema: dict, description: str) -> dict:
    if description:
        schema["description"] = description
    return schema


# --- shapes that the endpoints and the blocks share -----------------------------------


def phone_numbers() -> dict:
    """A contact's phone numbers (ContactPhoneNumber.get_api_representation)."""
    return array(
        obj(
            {
                "number": string("As written in the plan.", example="33 06 10 00"),
                "label": string(),
                "href": string("A tel: link in international form.", example="tel:+4733061000"),
            }
        )
    )
