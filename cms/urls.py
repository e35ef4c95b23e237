import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from api import urls as api_urls
from core import health, serving
from home import views as home_views
from plan_pages.versions import VERSION_SERVE_PATTERN

urlpatterns = [
    # The headless API, its OpenAPI document and docs: one address for every language.
    *api_urls.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    # Probes for the load balancer: one address, whatever the language.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

if settings.PLANPORTAL_SERVE_MEDIA:
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

if settings.PLANPORTAL_SERVE_HEADLESS_EXAMPLE:
    # examples/headless/: a static page that builds the plan from the API alone.
    urlpatterns += [
        path(
            "examples/headless/",
            serve,
            {"document_root": settings.PLANPORTAL_EXAMPLES_DIR / "headless", "path": "index.html"},
            name="headless_example",
        ),
        re_path(
            r"^examples/headless/(?P<path>.+)$",
            serve,
            {"document_root": settings.PLANPORTAL_EXAMPLES_DIR / "headless"},
        ),
    ]

# Public pages live under a language prefix (/nb/…), so translations add
# locales without moving URLs.
urlpatterns += i18n_patterns(
    path("sok/", home_views.search, name="search"),
    # Wagtail's URLs (password-protected pages, login), then its page serving, routed
    # in fewer queries (core.serving), which matches any other path.
    path("", include([p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"])),
    # A kept version of the plan (`…/versjon/1.3/`: the dot is not in Wagtail's pattern).
    re_path(VERSION_SERVE_PATTERN, serving.serve, name="plan_version"),
    re_path(serve_pattern, serving.serve, name="wagtail_serve"),
    prefix_default_language=True,
)
