"""Production: everything that differs between installations comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from roles.definitions import COMMUNICATIONS_ADVISER, MUNICIPAL_COUNCIL, POLICE_COUNCIL

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE
from .environment import (
    env_bool,
    env_int,
    env_list,
    media_storage_from_environment,
    refuse_renamed_variables,
)

refuse_renamed_variables()

DEBUG = False

# Static files served by the application itself, compressed and cache-busted. WhiteNoise
# comes right after SecurityMiddleware, as its documentation asks.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# A request is https when the TLS terminator in front says so (X-Forwarded-Proto; the proxies in
# between must pass it on, README "On a server").
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The site is served over https only (PLANPORTAL_HTTPS, default yes): cookies only over https,
# plain http redirected to https, and browsers told to use nothing else (HSTS).
# PLANPORTAL_HTTPS=0 is for a local stack on plain http (make prod, http://127.0.0.1:8080/)
# only: browsers drop Secure cookies sent over http, so nobody could log in there, and the
# redirect would send every request to an https nobody answers.
_https = env_bool("PLANPORTAL_HTTPS", True)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
# Plain http answers with a redirect to https; the load balancer's probes are exempt, since they
# ask the app servers directly over http (paths without the leading slash, as Django matches them).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# HSTS: browsers that saw the site over https use only https for it for this many seconds (a
# year by default), its subdomains included; "preload" lets the domain's owner submit it to the
# browsers' preload lists (the header alone submits nothing). 0 sends no HSTS header.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Database connections stay open between requests for CONN_MAX_AGE seconds (default: what
# DATABASE_URL's parser chose, 60 on PostgreSQL) and are checked before reuse, so one the
# database closed meanwhile (a restart, a failover) is replaced instead of failing a request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The cache, sessions and the API's anonymous rate limit (DRF's throttles keep their counts in
# the default cache) in Redis when REDIS_URL is given, shared by every worker and app server;
# without it each process has a cache (and a rate limit) of its own. The database is the URL's
# path (redis://host:6379/0); PLANPORTAL_CACHE_KEY_PREFIX keeps installations (or test runs)
# sharing one Redis database apart.
if redis_url := os.environ.get("REDIS_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": os.environ.get("PLANPORTAL_CACHE_KEY_PREFIX", ""),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    # Shared by every process: public pages are rendered once per change (core.render_cache).
    PLANPORTAL_RENDER_CACHE_SECONDS = env_int("PLANPORTAL_RENDER_CACHE_SECONDS", 24 * 60 * 60)

# Media storage (PLANPORTAL_MEDIA_STORAGE_BACKEND): a folder, MEDIA_ROOT, served by the front at
# MEDIA_URL (default); or S3-compatible object storage ("s3", configured by the AWS_* variables,
# see environment.media_storage_from_environment); or any storage class by dotted path.
STORAGES = {
    "default": media_storage_from_environment(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

# E-mail over SMTP, configured from the environment.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "planportal@localhost")

# Logging: every record of level PLANPORTAL_LOG_LEVEL (default INFO) and up goes to stderr,
# where the process manager keeps it. Django's own default configuration sends
# errors (django.request's 500s with their tracebacks) only to ADMINS by e-mail,
# so without this a production error leaves no trace at all. The project's
# loggers (plan_pages, moderation, …) and Wagtail's propagate to the root.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d: %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("PLANPORTAL_LOG_LEVEL", "INFO")},
}

# Two-factor login (two_factor): unless the environment names others (an empty value: nobody),
# the roles that approve and publish must set up a second factor, and so must superusers
# (PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS=0 to let them off).
if "PLANPORTAL_2FA_REQUIRED_GROUPS" not in os.environ:
    PLANPORTAL_2FA_REQUIRED_GROUPS = [POLICE_COUNCIL, MUNICIPAL_COUNCIL, COMMUNICATIONS_ADVISER]
PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS = (
    os.environ.get("PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS", "1").strip() == "1"
)
