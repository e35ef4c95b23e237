"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import from here and
override only what differs. Nothing secret lives in this file. Settings of our own
are named PLANPORTAL_*, as are the environment variables of our own; every other
setting belongs to Django or a library. Lists and numbers from the environment
are parsed in cms.settings.environment.
"""

import os
from pathlib import Path

from api import prefix as api_prefix

from .environment import database_from_environment, env_int, env_list, env_positive_int

# Django's project template names the checkout's folder BASE_DIR (backups and tests read it).
BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # Our apps, in layers: each imports only from the apps listed before it
    # (checked by import-linter, see pyproject.toml).
    "roles",
    "images",
    "core",
    "snippets",
    "plan_pages",
    "home",
    "moderation",
    "languages",
    "api",  # the headless API, with its record of the last public change (api.http)
    "plan_loading",  # load_plan: the plan's text, its loading, its shipped translations
    "backups",  # the top layer: may import any app, nothing imports it
    "edge",  # the edge cache: Cache-Control of pages, purges on change (top layer)
    "archive",  # versions kept: each version frozen as published (top layer)
    # Wagtail and wagtail-localize.
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales (same app label)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",  # the municipality's identity (home.SiteIdentity)
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "wagtail.api.v2",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # ReDoc as our own static files, no CDN
    "django_tasks",
    "django_tasks_db",  # the task queue's table, and its worker: manage.py db_worker
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: it sees every cookie the session and CSRF middleware set.
    "edge.middleware.EdgeCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "languages.middleware.TranslationPublishGuard",
    "api.http.APICacheMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.site_settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: DATABASE_URL selects it everywhere; the default is an embedded
# SQLite file in the git-ignored var/ folder.
DATABASES = {"default": database_from_environment()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation. Norwegian bokmål is the default and the source
# language of the plan; it must be set before the first migrate, since the
# first wagtail Locale is created from it.
LANGUAGE_CODE = "nb"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
# The plan's languages, each named in itself. Adding one is a change here plus
# `manage.py sync_locales`; its interface text goes in locale/<code>/. Django knows
# neither Somali nor Tigrinya: the languages app adds them to LANG_INFO when it loads.
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES = [
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
    ("ar", "العربية"),
    ("pl", "Polski"),
    ("uk", "Українська"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

# The Wagtail admin speaks Norwegian bokmål unless a user picks English.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("nb", "Norsk bokmål"),
    ("en", "English"),
]
# Privacy: the admin asks no third party for anything. No avatars from Gravatar
# (Wagtail's default avatar unless the user uploads one), and no check of
# releases.wagtail.org for a newer Wagtail from superusers' browsers.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Static files: our own, and Designsystemet's CSS from the npm registry
# (installed into node_modules/ from the committed package-lock.json).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("designsystemet", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist"),
]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Serve uploaded media from Django itself (development and tests only).
PLANPORTAL_SERVE_MEDIA = False
# Serve examples/headless/ (the example API client) at /examples/headless/ (development and tests).
PLANPORTAL_SERVE_HEADLESS_EXAMPLE = False
PLANPORTAL_EXAMPLES_DIR = BASE_DIR / "examples"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Uploads: the largest file (an image, a document) an editor may upload, in bytes, one number
# for both (PLANPORTAL_MAX_UPLOAD_BYTES, default 20 MiB: a municipality's PDFs and photos).
# Wagtail refuses a larger one in the upload form, in the editor's language.
PLANPORTAL_MAX_UPLOAD_BYTES = env_positive_int("PLANPORTAL_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = PLANPORTAL_MAX_UPLOAD_BYTES
WAGTAILDOCS_MAX_UPLOAD_SIZE = PLANPORTAL_MAX_UPLOAD_BYTES
# What else a request may carry beside its file: the form's other fields (Django's default,
# 2.5 MiB, named here because the front's limit is computed from it).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest request body the front (proxy) must let through, so that a file over the limit
# reaches Django and gets the form's error instead of the proxy's bare 413:
# `manage.py upload_limit` prints it for the front's configuration.
PLANPORTAL_MAX_REQUEST_BYTES = PLANPORTAL_MAX_UPLOAD_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE

# Wagtail
WAGTAIL_SITE_NAME = "Planportal"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "images.PlanImage"
# Wagtail's database search, per language (home.search_backend): on PostgreSQL each
# language's text search configuration (stemming), "simple" for the others.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "home.search_backend",
        "SEARCH_CONFIGS": {"nb": "norwegian", "nn": "norwegian", "en": "english"},
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# Documents are always served by Django's view (/documents/<id>/<name>), which enforces a
# private collection's restriction, never by a redirect to the storage's URL (Wagtail's
# default for remote storages such as S3, where the file's address would bypass it).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# One error for a refused file (a too large one), not a second about its extension.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.document_forms.DocumentForm"
# Moderation: an edit after an approval sends the revision back to the first
# step, and a finished "Planbehandling" publishes exactly the approved revision.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "moderation.workflows.publish_approved_revision"
DEFAULT_FROM_EMAIL = "planportal@localhost"

# Background work (django-tasks): queued in the database, in django-tasks-db's table, and
# run by the task worker (`manage.py db_worker`): the moderation's e-mails (moderation.tasks),
# Wagtail's own tasks (reference index updates, image focal points, deleting replaced files)
# and the edge cache's purges (edge.tasks). Without a running worker they wait in the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each version of the plan is rendered and kept once its publish has committed (archive).
PLANPORTAL_RENDER_KEPT_VERSIONS = True
# Seconds before each further attempt of a notification e-mail the mail server did not take
# (moderation.tasks): about 11 hours of outage in all by default.
PLANPORTAL_EMAIL_RETRY_DELAYS = [
    int(seconds) for seconds in env_list("PLANPORTAL_EMAIL_RETRY_DELAYS")
] or [60, 5 * 60, 15 * 60, 60 * 60, 3 * 60 * 60, 6 * 60 * 60]
# Seconds before each further attempt of an edge-cache purge the cache refused (edge.tasks):
# until one is taken, the cache may serve what was purged for up to its s-maxage.
PLANPORTAL_PURGE_RETRY_DELAYS = [
    int(seconds) for seconds in env_list("PLANPORTAL_PURGE_RETRY_DELAYS")
] or [10, 60, 5 * 60, 15 * 60, 60 * 60, 3 * 60 * 60]
# The scheduler (manage.py run_scheduler): seconds between its runs of publish_scheduled.
PLANPORTAL_SCHEDULER_INTERVAL = env_int("PLANPORTAL_SCHEDULER_INTERVAL", 60)
# /readyz fails when a task has been due for longer than this many seconds: no worker runs.
PLANPORTAL_READYZ_MAX_TASK_AGE = env_int("PLANPORTAL_READYZ_MAX_TASK_AGE", 600)

# The edge cache (Varnish, a CDN) in front of the app servers; the contract is in edge/__init__.py.
# Shared caches keep public responses for PLANPORTAL_EDGE_CACHE_MAX_AGE seconds (every public
# change purges them), browsers pages for PLANPORTAL_PAGE_CACHE_MAX_AGE (the API:
# PLANPORTAL_API_CACHE_MAX_AGE). Search results live that short time at the edge too.
PLANPORTAL_EDGE_CACHE_MAX_AGE = env_int("PLANPORTAL_EDGE_CACHE_MAX_AGE", 24 * 60 * 60)
PLANPORTAL_PAGE_CACHE_MAX_AGE = env_int("PLANPORTAL_PAGE_CACHE_MAX_AGE", 60)
# Where purges go: the caches' own addresses (e.g. Varnish's http://127.0.0.1:8080), each sent
# a BAN by the task worker after every public change (edge.backends). None: no purging.
# wagtail.contrib.frontend_cache is used as a library, not installed as an app: its own signal
# handlers would purge a page's URL alone, in every language by swapping the prefix.
WAGTAILFRONTENDCACHE = {
    f"edge{number}": {"BACKEND": "edge.backends.VarnishBanBackend", "LOCATION": url}
    for number, url in enumerate(env_list("PLANPORTAL_FRONTEND_CACHE_URLS"), 1)
}

# wagtail-localize: a new translation starts as a draft; it goes live when
# someone with publish permission publishes it (translators cannot).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation for first drafts, only when a DeepL key is configured.
if deepl_auth_key := os.environ.get("DEEPL_AUTH_KEY", ""):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": deepl_auth_key},
    }

# The public API (/api/v2/): rich text as HTML with public links; anonymous
# requests throttled per client address; CORS only for configured origins.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
PLANPORTAL_API_CACHE_MAX_AGE = env_int("PLANPORTAL_API_CACHE_MAX_AGE", 60)
# Editors' preview tokens for the headless API (api.preview): seconds a token is valid.
PLANPORTAL_API_PREVIEW_TOKEN_MAX_AGE = env_int("PLANPORTAL_API_PREVIEW_TOKEN_MAX_AGE", 1800)
# The headless front-end's preview address, linked from the admin's headless preview;
# placeholders {model} (API endpoint: pages, measures, …), {id}, {locale}, {token}.
# A template without {model} is used for pages only. Empty: no link.
PLANPORTAL_HEADLESS_PREVIEW_URL = os.environ.get("PLANPORTAL_HEADLESS_PREVIEW_URL", "")
# The view of the "headless" preview mode (core.preview), in the API app above the models.
PLANPORTAL_HEADLESS_PREVIEW_VIEW = "api.preview_view.serve_headless_preview"
REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("PLANPORTAL_API_ANON_RATE", "300/min")},
    # The client address is REMOTE_ADDR unless proxies in front of us are
    # declared: a client-set X-Forwarded-For is never trusted by default.
    "NUM_PROXIES": env_int("PLANPORTAL_API_NUM_PROXIES", 0),
    # The OpenAPI document at /api/schema/ (see api.openapi).
    "DEFAULT_SCHEMA_CLASS": "api.openapi.views.PlanportalAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Planportal API",
    "DESCRIPTION": (
        "Read-only API of the published action plan, its chapters, contacts, measures, "
        "actors, goal areas and document history, in every published language."
    ),
    "VERSION": "2",
    # The endpoints in the order a front-end meets them.
    "TAGS": [
        {"name": "pages", "description": "Home pages, the plan and its chapters, per language."},
        {"name": "contacts", "description": "Who to contact, with phone numbers as tel: links."},
        {"name": "measures", "description": "The plan's measures, per goal area."},
        {"name": "goal-areas", "description": "The goal areas the measures belong to."},
        {"name": "actors", "description": "The bodies responsible for measures."},
        {"name": "history", "description": "The plan's document history (Dokumenthistorikk)."},
        {
            "name": "versions",
            "description": "Each version of the plan, per language, kept as it was published.",
        },
        {"name": "images", "description": "Images, with alternative text and photo credit."},
        {"name": "documents", "description": "Uploaded documents."},
    ],
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "PREPROCESSING_HOOKS": ["api.openapi.hooks.only_public_api"],
    # Enums stay where they are used (a block's `type`, a contact's category).
    "POSTPROCESSING_HOOKS": [],
    # ReDoc (/api/docs/) from drf-spectacular-sidecar's static files.
    "REDOC_DIST": "SIDECAR",
}
CORS_URLS_REGEX = rf"^{api_prefix.API_PREFIX}.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# A front-end on another origin may read whether it got a preview (api.preview).
CORS_EXPOSE_HEADERS = ["X-Planportal-Preview"]
