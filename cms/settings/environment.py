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
