"""Local development: debug on, console e-mail, a throwaway key generated per checkout."""

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
PLANPORTAL_SERVE_MEDIA = True
PLANPORTAL_SERVE_HEADLESS_EXAMPLE = True
PLANPORTAL_HEADLESS_PREVIEW_URL = (
    "/examples/headless/?page={id}&locale={locale}&preview_token={token}"
)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def _local_secret_key() -> str:
    """A random key kept in the git-ignored var/ folder, never in the repository."""
    from django.utils.crypto import get_random_string

    path = BASE_DIR / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_string(64))
    return path.read_text().strip()


SECRET_KEY = _local_secret_key()
