"""What the settings modules read from the environment, parsed in one place.

Not a settings module: the names here are helpers for base, dev, test and production, never
settings themselves.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# The default database: an embedded SQLite file in the git-ignored var/ folder.
DEFAULT_SQLITE_PATH = Path(__file__).resolve().parent.parent.parent / "var" / "db.sqlite3"

# Our environment variables carry the settings' prefix since issue #11. A deployment that still
# sets an old name would silently fall back to the default (API_NUM_PROXIES to 0 throttles every
# client behind the proxy as one address); production refuses to start instead.
RENAMED_VARIABLES = {
    old: f"PLANPORTAL_{old}"
    for old in (
        "API_CACHE_MAX_AGE",
        "API_PREVIEW_TOKEN_MAX_AGE",
        "HEADLESS_PREVIEW_URL",
        "API_ANON_RATE",
        "API_NUM_PROXIES",
        "MEDIA_STORAGE_BACKEND",
        "LOG_LEVEL",
    )
}


def env_list(name: str) -> list[str]:
    """A comma-separated variable as a list: items stripped, empty ones dropped; [] when unset."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """A whole number from the environment; `default` when unset or empty."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


# How a yes/no variable is written (any case); unset or empty takes the default.
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable (1/0, true/false, yes/no, on/off); `default` when unset or empty."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (yes or no), not {value!r}.")


def env_positive_int(name: str, default: int) -> int:
    """A whole number above zero from the environment; `default` when unset or empty."""
    value = env_int(name, default)
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be above zero, not {value}.")
    return value


# PLANPORTAL_MEDIA_STORAGE_BACKEND's short names; anything else is a storage class's dotted path.
MEDIA_STORAGE_BACKENDS = {
    "filesystem": "django.core.files.storage.FileSystemStorage",
    "s3": "core.storage.MediaS3Storage",
}


def media_storage_from_environment() -> dict:
    """STORAGES["default"]: a folder (MEDIA_ROOT) by default, or S3-compatible object storage.

    For S3 the options come from django-storages' conventional variables; the credentials are
    not settings at all: boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile,
    or the machine's role) itself.
    """
    name = os.environ.get("PLANPORTAL_MEDIA_STORAGE_BACKEND", "").strip() or "filesystem"
    backend = MEDIA_STORAGE_BACKENDS.get(name, name)
    if backend != MEDIA_STORAGE_BACKENDS["s3"]:
        return {"BACKEND": backend}
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "PLANPORTAL_MEDIA_STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME (the bucket's name)."
        )
    options = {
        "bucket_name": bucket,
        # Uploads never replace another file of the same name (django-storages' default does).
        "file_overwrite": False,
        # Public URLs without a signature: images and renditions are public, and their URLs
        # must stay the same so pages and the front can cache them. Documents are never
        # public, see core.storage.
        "querystring_auth": False,
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",  # another provider than AWS, or MinIO: its address
        "region_name": "AWS_S3_REGION_NAME",
        "custom_domain": "AWS_S3_CUSTOM_DOMAIN",  # public images at https://<this>/<name>
        "url_protocol": "AWS_S3_URL_PROTOCOL",  # the custom domain's scheme ("https:")
        "location": "AWS_LOCATION",  # a folder in the bucket
        "default_acl": "AWS_DEFAULT_ACL",  # e.g. public-read; unset: the bucket's policy decides
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",  # "path" or "virtual"
    }
    for option, variable in optional.items():
        if value := os.environ.get(variable, "").strip():
            options[option] = value
    return {"BACKEND": backend, "OPTIONS": options}


def refuse_renamed_variables() -> None:
    """Stop with the new names when the environment sets a variable under its old name only."""
    stale = [
        f"{old} (now {new})"
        for old, new in RENAMED_VARIABLES.items()
        if old in os.environ and new not in os.environ
    ]
    if stale:
        raise ImproperlyConfigured(
            "Renamed environment variables are set under their old names: " + ", ".join(stale)
        )


def database_from_environment(default_path: Path = DEFAULT_SQLITE_PATH) -> dict:
    """Parse DATABASE_URL, tuning SQLite so two writers never see "database is locked"."""
    config = dj_database_url.config(default=f"sqlite:///{default_path}", conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers run beside a writer; IMMEDIATE takes the write
            # lock at BEGIN so a waiting writer honours the busy timeout
            # instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config
