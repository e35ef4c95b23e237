import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from api import router as api
from home import views as home_views

urlpatterns = [
    # The headless API: one address for every language (?locale=, find/?html_path=).
    *api.urlpatterns,
    # Its OpenAPI 3 document, and human docs (ReDoc from our own static files).
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "api/docs/",
        SpectacularRedocView.as_view(url_name="api_schema", template_name="api/docs.html"),
        name="api_docs",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

if settings.SERVE_HEADLESS_EXAMPLE:
    # examples/headless/: a static page that builds the plan from the API alone.
    urlpatterns += [
        path(
            "examples/headless/",
            serve,
            {"document_root": settings.EXAMPLES_DIR / "headless", "path": "index.html"},
            name="headless_example",
        ),
        re_path(
            r"^examples/headless/(?P<path>.+)$",
            serve,
            {"document_root": settings.EXAMPLES_DIR / "headless"},
        ),
    ]

# Public pages live under a language prefix (/nb/…), so translations add
# locales without moving URLs.
urlpatterns += i18n_patterns(
    path("sok/", home_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
