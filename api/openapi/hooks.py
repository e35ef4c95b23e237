"""Preprocessing hooks for drf-spectacular."""

API_PREFIX = "/api/v2/"


def only_public_api(endpoints):
    """Only the public API's endpoints (not the schema and docs views themselves)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]
