"""Where the API lives: the one place its address prefix is written.

Everything of the API app is under API_PATH (the endpoints, the OpenAPI document
and its human docs); the endpoints (Wagtail API v2, api.router) under
ENDPOINTS_PATH. This module imports nothing, so the settings may read it too.
"""

API_PATH = "api/"
ENDPOINTS_PATH = f"{API_PATH}v2/"

# As request paths start: "/api/", "/api/v2/".
API_PREFIX = f"/{API_PATH}"
ENDPOINTS_PREFIX = f"/{ENDPOINTS_PATH}"
