"""Preprocessing hooks for drf-spectacular."""

from api.prefix import ENDPOINTS_PREFIX


def only_public_api(endpoints):
    """Only the public API's endpoints (not the schema and docs views themselves)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(ENDPOINTS_PREFIX)]
