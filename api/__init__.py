"""Layer 7: the headless API (Wagtail API v2 at /api/v2/), above every domain app.

It owns the router and its endpoints (`router`, `pages`, `snippets`, `history`),
their strict query parameters (`base`), the serializer fields the API computes
(`fields`), HTTP caching and the record of the last public change
(`http`, `models`), editors' preview tokens (`preview`, `preview_view`) and the
OpenAPI document (`openapi`). The domain models declare plain `APIField`s and
import nothing from here.
"""
