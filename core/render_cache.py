"""The render cache: public pages' HTML kept in the shared cache, under the site's generation.

A page that every anonymous reader gets alike is rendered once per public change, not once
per request: the templates wrap what they show in `{% shared_render %}` (home's template
tags), which keeps the rendered HTML in the default cache (Redis in production) under a key
made of the release (a digest of the code and templates), the site's *generation*, the
reader's language, the host and the address.

The generation is a random token in the same cache. Whatever changes the public site
advances it: the receivers that decide what purges the edge cache (edge.signals,
edge.purge.note_change) advance it when they note the change (so the transaction that made
it, which may render the page next, is not served the rendering from before) and again in
the callback that queues the purge on commit (a reader in between kept what was committed
then); the purge task advances it once more before it bans (a token lost with a Redis
outage at commit is so replaced before the edge asks the origin again). One rule of what
a public change is serves both caches; a new token makes every key before it unreachable,
and the cache drops them after PLANPORTAL_RENDER_CACHE_SECONDS.

Only a request that the edge cache would share is served from it (`shares_rendering`): no
session cookie, nobody signed in, no preview, a GET or HEAD, and not a rendering the
archive makes of a kept version (`bypass`). Routing, Wagtail's view restrictions and the
page's context still run on every request: the cache holds HTML, never a decision about
who may see it. Should the cache fail, the page is rendered as if it were off.
"""

import functools
import hashlib
import logging
import os
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "planportal:generation"
_REQUEST_GENERATION = "_planportal_generation"
_BYPASS = "_planportal_render_cache_bypass"
_READ_METHODS = ("GET", "HEAD")


# What a release is made of, beside the database: a rendering made by other code is not kept.
_RELEASE_SUFFIXES = (".py", ".html", ".txt")
_NOT_RELEASED = {".venv", "node_modules", "var", "tests", "bench", ".git", "media", "static"}


@functools.cache
def release() -> str:
    """A digest of the code, templates and pinned dependencies that render the pages, read
    once per process: renderings a deploy's new templates would change are not served."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = []
    for folder, subfolders, names in os.walk(base):
        subfolders[:] = [name for name in subfolders if name not in _NOT_RELEASED]
        files += [Path(folder, name) for name in names if name.endswith(_RELEASE_SUFFIXES)]
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def enabled() -> bool:
    return settings.PLANPORTAL_RENDER_CACHE_SECONDS > 0


def generation() -> str:
    """The site's current generation (a new token is made when the cache has none)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        fresh = uuid.uuid4().hex
        cache.add(GENERATION_KEY, fresh, timeout=None)
        token = cache.get(GENERATION_KEY) or fresh
    return token


def advance() -> None:
    """The public site changed: every rendering kept so far is out of date."""
    if not enabled():
        return
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # The purge task advances it again (edge.tasks); until then pages may be stale.
        logger.exception("Could not advance the render cache's generation")


def bypass(request) -> None:
    """Render this request's pages, never from (or into) the cache: the archive's renderings."""
    setattr(request, _BYPASS, True)


def shares_rendering(request) -> bool:
    """Whether `request` gets what every anonymous reader gets (as the edge cache judges)."""
    if request is None or not enabled() or getattr(request, _BYPASS, False):
        return False
    if request.method not in _READ_METHODS or getattr(request, "is_preview", False):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _request_generation(request) -> str:
    token = getattr(request, _REQUEST_GENERATION, None)
    if token is None:
        token = generation()
        setattr(request, _REQUEST_GENERATION, token)
    return token


class _Remembered:
    """Values read from the public content, kept in this process for one generation."""

    LIMIT = 1000

    def __init__(self):
        self.lock = threading.Lock()
        self.generation = None
        self.values = {}

    def get(self, token, key):
        with self.lock:
            if self.generation != token:
                self.generation, self.values = token, {}
            return self.values.get(key, _MISSING)

    def put(self, token, key, value):
        with self.lock:
            if self.generation == token and len(self.values) < self.LIMIT:
                self.values[key] = value


_MISSING = object()
_remembered = _Remembered()


def remembered(request, key: tuple, compute):
    """`compute()`, kept in this process until the next public change, for requests that
    get what every anonymous reader gets (what the routing reads: the site, its root in a
    language). Callers get the kept value itself: they copy what they change."""
    if not shares_rendering(request):
        return compute()
    try:
        token = f"{release()}:{_request_generation(request)}"
    except Exception:
        logger.warning("Render cache unavailable; reading %s", key, exc_info=True)
        return compute()
    value = _remembered.get(token, key)
    if value is _MISSING:
        value = compute()
        _remembered.put(token, key, value)
    return value


def key(request, name: str, *parts) -> str | None:
    """The cache key of fragment `name` at this request's address, or None if it is not
    to be kept: the request is not shared, or a part it depends on is None (no page)."""
    if any(part is None for part in parts) or not shares_rendering(request):
        return None
    token = _request_generation(request)
    identity = "\x1f".join(
        str(part)
        for part in (
            name,
            get_language(),
            request.get_host(),
            request.is_secure(),
            request.get_full_path(),
            *parts,
        )
    )
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()
    return f"planportal:render:{release()}:{token}:{digest}"
