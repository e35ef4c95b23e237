"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import from here and
override only what differs. Nothing secret lives in this file. Settings of our own
are named PLANPORTAL_*, as are the environment variables of our own; every other
setting belongs to Django or a library. Lists and numbers from the environment
are parsed in cms.settings.environment.
"""

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from api import prefix as api_prefix

from .environment import database_from_environment, env_int, env_list, env_positive_int

# Django's project template names the checkout's folder BASE_DIR (backups and tests read it).
BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # Our apps, in layers: each imports only from the apps listed before it
    # (checked by import-linter, see pyproject.toml).
    "roles",
    "images",
    "accounts",  # logging in: the lockout's message, the admin's unlocking (django-axes)
    "two_factor",  # the admin's second factor (TOTP, recovery codes) on django-otp
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
    "webhooks",  # signed POSTs to configured addresses for each kept version (top layer)
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
    "axes",  # failed logins counted per client address, and the lockout (accounts)
    "django_otp",
    "django_otp.plugins.otp_totp",  # authenticator apps (TOTP)
    "django_otp.plugins.otp_static",  # one-time recovery codes
    "csp",  # django-csp: the Content-Security-Policy (see "Security headers" below)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response ("Security headers").
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "cms.middleware.PermissionsPolicyMiddleware",
    # Outermost after security: it sees every cookie the session and CSRF middleware set.
    "edge.middleware.EdgeCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session gave a second factor (django-otp),
    # then the admin refused to a session that owes one (two_factor).
    "django_otp.middleware.OTPMiddleware",
    "two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "languages.middleware.TranslationPublishGuard",
    "api.http.APICacheMiddleware",
    # Innermost: turns a login axes refused into the lockout page (accounts.lockout_response),
    # which then passes every middleware above like any other response.
    "axes.middleware.AxesMiddleware",
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
                "csp.context_processors.nonce",  # CSP_NONCE, for the few inline elements
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: DATABASE_URL selects it everywhere; the default is an embedded
# SQLite file in the git-ignored var/ folder.
DATABASES = {"default": database_from_environment()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords: at least 12 characters, not one of the 20,000 most common, not like the user's
# name or e-mail address, not digits only. Every form that sets a password applies them (the
# admin's user forms, password change and reset); create_demo_accounts checks its own.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The client's address: REMOTE_ADDR, unless PLANPORTAL_NUM_PROXIES proxies stand in front of
# us, each adding to X-Forwarded-For (core.client_address). A client-set X-Forwarded-For is
# never trusted by default. Read by the API's rate limit and the login lockout alike; the
# variable keeps its name from when only the API read it.
PLANPORTAL_NUM_PROXIES = env_int("PLANPORTAL_API_NUM_PROXIES", 0)

# Logging in (django-axes, accounts/): PLANPORTAL_LOGIN_FAILURE_LIMIT failed logins from one
# client address lock that address out for PLANPORTAL_LOGIN_COOLOFF_MINUTES, counted from the
# last failure. A locked address is refused by axes' backend before any password is hashed,
# with the lockout on the login page (429); the communications adviser unlocks it in the
# admin (Innstillinger → Låste innlogginger), or `manage.py axes_reset_ip ADDRESS` does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked address, hashes nothing
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_positive_int("PLANPORTAL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_positive_int("PLANPORTAL_LOGIN_COOLOFF_MINUTES", 15))
# Per address, whatever the username: one address can neither guess one account's password
# nor try a few passwords on every account; an attacker elsewhere cannot lock a user out.
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
# In the database (axes.AccessAttempt): one count for every worker and app server with or
# without Redis, kept across restarts, and what the admin's listing reads.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Attempts while locked are refused without being recorded: the lock ends when the message
# says, and a refused attempt writes nothing.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login forgets the address's failures (a colleague's typos on a shared office
# address do not add up over a day).
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout_response.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# No record of successful logins (personal data we do not need), and no Django admin.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False

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

# Uploads: the largest file an editor may upload, in bytes: PLANPORTAL_MAX_UPLOAD_BYTES for
# images and documents alike (default 20 MiB: a municipality's PDFs and photos), unless
# PLANPORTAL_MAX_IMAGE_BYTES or PLANPORTAL_MAX_DOCUMENT_BYTES sets one kind apart (a long report
# may need more room than any photo should). Wagtail refuses a larger file in the upload form,
# in the editor's language.
PLANPORTAL_MAX_UPLOAD_BYTES = env_positive_int("PLANPORTAL_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
PLANPORTAL_MAX_IMAGE_BYTES = env_positive_int(
    "PLANPORTAL_MAX_IMAGE_BYTES", PLANPORTAL_MAX_UPLOAD_BYTES
)
PLANPORTAL_MAX_DOCUMENT_BYTES = env_positive_int(
    "PLANPORTAL_MAX_DOCUMENT_BYTES", PLANPORTAL_MAX_UPLOAD_BYTES
)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = PLANPORTAL_MAX_IMAGE_BYTES
WAGTAILDOCS_MAX_UPLOAD_SIZE = PLANPORTAL_MAX_DOCUMENT_BYTES
# Images: the most pixels (width × height × frames) an image may have, PLANPORTAL_MAX_IMAGE_PIXELS
# (default 40 megapixels: a 7000 × 5700 photo). Decoding costs memory in proportion to pixels,
# and a few kilobytes of PNG can declare billions of them: the upload form refuses a larger
# image, no rendition is made of one that got in otherwise, and Pillow refuses to open one
# above twice the limit (images.pixels).
PLANPORTAL_MAX_IMAGE_PIXELS = env_positive_int("PLANPORTAL_MAX_IMAGE_PIXELS", 40_000_000)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = PLANPORTAL_MAX_IMAGE_PIXELS
WAGTAILIMAGES_IMAGE_FORM_BASE = "images.forms.PlanImageForm"
# What else a request may carry beside its file: the form's other fields (Django's default,
# 2.5 MiB, named here because the front's limit is computed from it).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest request body the front (proxy) must let through, so that a file over its limit
# reaches Django and gets the form's error instead of the proxy's bare 413:
# `manage.py upload_limit` prints it for the front's configuration.
PLANPORTAL_MAX_REQUEST_BYTES = (
    max(PLANPORTAL_MAX_IMAGE_BYTES, PLANPORTAL_MAX_DOCUMENT_BYTES) + DATA_UPLOAD_MAX_MEMORY_SIZE
)

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
# Every document is a download (Content-Disposition: attachment), never shown in the browser
# on our origin: not even a PDF (Wagtail's default shows those inline), which may carry script.
# Wagtail's view also sends "Content-Security-Policy: default-src 'none'" with each.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# One error for a refused file (a too large one), not a second about its extension.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.document_forms.DocumentForm"
# Moderation: an edit after an approval sends the revision back to the first
# step, and a finished "Planbehandling" publishes exactly the approved revision.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "moderation.workflows.publish_approved_revision"
DEFAULT_FROM_EMAIL = "planportal@localhost"

# Two-factor login (two_factor): whoever has a second factor gives it after the password before
# any admin page; the members of PLANPORTAL_2FA_REQUIRED_GROUPS (comma-separated group names),
# and superusers when PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS is 1, must set one up first.
# Nobody is required here (development, tests); production requires the approving and
# publishing roles and superusers unless the environment says otherwise.
PLANPORTAL_2FA_REQUIRED_GROUPS = env_list("PLANPORTAL_2FA_REQUIRED_GROUPS")
PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS = (
    os.environ.get("PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS", "0").strip() == "1"
)
# How many one-time recovery codes a user gets, each usable once instead of a code from the app.
PLANPORTAL_2FA_RECOVERY_CODES = 10


def _totp_issuer(device) -> str:
    """The name authenticator apps show beside the code (django-otp calls it when a user
    enrols): the municipality's, from the default site's identity, else the site's name."""
    from home.models import SiteIdentity  # models are loaded by the time anyone enrols

    name = (
        SiteIdentity.objects.filter(site__is_default_site=True)
        .values_list("municipality_name", flat=True)
        .first()
    )
    return name or WAGTAIL_SITE_NAME


OTP_TOTP_ISSUER = _totp_issuer

# Background work (django-tasks): queued in the database, in django-tasks-db's table, and
# run by the task worker (`manage.py db_worker`): the moderation's e-mails (moderation.tasks),
# Wagtail's own tasks (reference index updates, image focal points, deleting replaced files)
# and the edge cache's purges (edge.tasks). Without a running worker they wait in the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each version of the plan is rendered and kept once its publish has committed (archive).
PLANPORTAL_RENDER_KEPT_VERSIONS = True
# ... and then made into one PDF per language (archive.pdf), by the worker too.
PLANPORTAL_MAKE_VERSION_PDFS = True
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
# Webhooks (webhooks/): seconds before each further attempt of a delivery the receiver did not
# take (an error, a timeout, a status other than 2xx), and the seconds one attempt may take.
PLANPORTAL_WEBHOOK_RETRY_DELAYS = [
    int(seconds) for seconds in env_list("PLANPORTAL_WEBHOOK_RETRY_DELAYS")
] or [10, 60, 5 * 60, 30 * 60, 2 * 60 * 60, 8 * 60 * 60]
PLANPORTAL_WEBHOOK_TIMEOUT = env_positive_int("PLANPORTAL_WEBHOOK_TIMEOUT", 5)
# Deliveries only to public Internet addresses (not loopback, private, link-local or reserved
# ones), unless this is 1: a receiver inside the municipality's own network.
PLANPORTAL_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = (
    os.environ.get("PLANPORTAL_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "0").strip() == "1"
)
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
# The render cache (core.render_cache): seconds a public page's rendering is kept in the
# default cache for every anonymous reader, until the next public change. 0: off. It needs a
# cache that every process shares (each would otherwise keep renderings that another
# process's change left stale): off here, on in production with Redis.
PLANPORTAL_RENDER_CACHE_SECONDS = env_int("PLANPORTAL_RENDER_CACHE_SECONDS", 0)
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
    # Keyed on the client's address as core.client_address reads it (PLANPORTAL_NUM_PROXIES).
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientAddressAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("PLANPORTAL_API_ANON_RATE", "300/min")},
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

# Security headers, on every response (README, "Security"). HTTPS-only ones (HSTS, the redirect
# to https, Secure cookies) are production's, from the environment (cms.settings.production).
# Django's SecurityMiddleware: no MIME sniffing, no Referer to other sites, a window of ours
# shares no browsing context group with one of another origin's (window.opener).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own frame (same origin)
# Browser features no page of ours uses, denied to it and to anything it frames
# (cms.middleware.PermissionsPolicyMiddleware). Not publickey-credentials-*: a security key
# may sign editors in. browsing-topics replaces interest-cohort (FLoC), which browsers dropped.
PLANPORTAL_PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
]
# Content-Security-Policy (django-csp, cms.middleware.ContentSecurityPolicyMiddleware), enforced.
# The public site, the API and its docs: our own origin only, no inline script at all (none of
# our templates has one; one that needs it must carry the response's nonce, CSP_NONCE). The one
# inline <style> of the pages, the theme colour, is allowed by its hash (core.content_security).
# No style="…" attribute is allowed: neither our templates nor Designsystemet's CSS need one. Images: our
# own, the media storage's origin when that is another (S3, added by the middleware), and
# data: URIs, which Designsystemet's CSS uses for its icons (mask-image: chevrons, alerts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The API's docs (/api/docs/, ReDoc), the public policy but for two directives (api.urls):
# styles inline too, since ReDoc generates <style> elements as its bundle loads, before any
# nonce could be given to it (no script is inline there, and the page shows nothing but the
# OpenAPI document); and its search index runs in a worker made from a blob: of its own code.
# ReDoc's vendor logo (cdn.redoc.ly) is refused, as everything from elsewhere is.
PLANPORTAL_API_DOCS_CONTENT_SECURITY_POLICY = {
    "style-src": [SELF, UNSAFE_INLINE],
    "worker-src": [SELF, "blob:"],
}
# The Wagtail admin (/admin/, with its previews): relaxed where Wagtail 8 needs it, still our
# own origin only. 'unsafe-inline' scripts: Wagtail's templates still hold inline <script>
# elements without nonces (inline panels, date and time widgets, wagtail-localize's editor),
# which its own vendor.js executes when the page editor draws them (without it, the browser
# test of an approval round fails). 'unsafe-inline' styles: style="…" attributes in Wagtail's
# and wagtail-localize's templates (the alias page, embeds); the dashboard, page editor,
# snippets and images need none, but the admin's other views are not all tested in a browser.
# blob: images: an image's preview before its upload. Frames: the editor's live preview is a
# frame of the admin itself. Every other directive is as strict as the public site's. The
# admin is for signed-in editors only, with its own cookies and CSRF checks.
PLANPORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# Uploaded files served by Django itself (PLANPORTAL_SERVE_MEDIA, development and tests; in
# production the front sends the same, deploy/nginx.conf.template): an image shows, nothing runs.
PLANPORTAL_MEDIA_CONTENT_SECURITY_POLICY = {
    "default-src": [NONE],
    "img-src": [SELF],
    "sandbox": True,
}
