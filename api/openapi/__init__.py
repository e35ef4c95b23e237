"""The OpenAPI 3 document of the headless API (/api/schema/), built by drf-spectacular.

Wagtail's API v2 builds its serializers per request from the `fields` query
parameter, so drf-spectacular cannot read them off the views. Here:

- `views.PlanportalAutoSchema` describes each endpoint's listing, detail and
  find operations: the parameters each one accepts (the same whitelist that
  answers 400), and responses built from Wagtail's own serializer factory with
  every available field;
- `fields` maps Wagtail's and our serializer fields to schemas;
- `blocks` turns StreamField blocks into one typed schema per block type;
- `hooks` keeps the document to the public API.
"""
