"""The API's addresses, all under api.prefix.API_PATH; cms.urls mounts them outside the
language prefixes (one address for every language: `?locale=`, `find/?html_path=`)."""

from csp.decorators import csp_replace
from django.conf import settings
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from .prefix import API_PATH, ENDPOINTS_PATH
from .router import api_router

urlpatterns = [
    # The endpoints, on one router, so every `detail_url` links within them.
    path(ENDPOINTS_PATH, api_router.urls),
    # Their OpenAPI 3 document, and human docs (ReDoc from our own static files), under the
    # public Content-Security-Policy with what ReDoc needs beside it (see the setting).
    path(f"{API_PATH}schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        f"{API_PATH}docs/",
        csp_replace(settings.PLANPORTAL_API_DOCS_CONTENT_SECURITY_POLICY)(
            SpectacularRedocView.as_view(url_name="api_schema", template_name="api/docs.html")
        ),
        name="api_docs",
    ),
]
