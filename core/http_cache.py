"""The site's HTTP caching policy: the one place that says what caches may keep.

Two answers, for every kind of response (HTML pages, the API, the sitemap):

- **public**: `Cache-Control: public, max-age=<browser>, s-maxage=<edge>`. Browsers keep it
  briefly (`max-age`, so a reader sees a publish within about a minute); shared caches in
  front of the app servers (Varnish, a CDN) keep it for `s-maxage`
  (`PLANPORTAL_EDGE_CACHE_MAX_AGE`, a day by default), because every public change purges
  them (the `edge` app).
- **private**: `Cache-Control: private, no-store`: nobody keeps it, neither the browser nor
  any shared cache. For everything a signed-in user, a session or a preview gets.

Which responses get which is decided by the callers: api.http for the API, edge.middleware
for the rest.
"""

from django.conf import settings
from django.utils.cache import cc_delim_re, patch_cache_control


def make_public(response, *, max_age: int, edge_max_age: int | None = None):
    """Cacheable by anyone: browsers for `max_age` seconds, shared caches for
    `edge_max_age` (default `PLANPORTAL_EDGE_CACHE_MAX_AGE`)."""
    if edge_max_age is None:
        edge_max_age = settings.PLANPORTAL_EDGE_CACHE_MAX_AGE
    patch_cache_control(response, public=True, max_age=max_age, s_maxage=edge_max_age)
    return response


def make_private(response):
    """For this one client, and not even its browser may store it (whatever a view said)."""
    patch_cache_control(response, private=True, no_store=True)
    # A shared cache's lifetime must not survive next to `private` (patch_cache_control
    # drops `public` itself).
    kept = [
        directive
        for directive in cc_delim_re.split(response["Cache-Control"])
        if directive.split("=", 1)[0].strip().lower() != "s-maxage"
    ]
    response["Cache-Control"] = ", ".join(kept)
    return response


def directives(response) -> set[str]:
    """The Cache-Control directives' names, lower case."""
    return {
        d.split("=", 1)[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
        if d.strip()
    }


def is_public(response) -> bool:
    """Whether the response lets a shared cache keep it."""
    names = directives(response)
    return "public" in names and not names & {"private", "no-store", "no-cache"}


def make_immutable(response, *, max_age: int):
    """Never changes: browsers keep it `max_age` seconds without asking again (`immutable`),
    shared caches for `PLANPORTAL_EDGE_CACHE_MAX_AGE` (a purge can still reach them).

    Marked on the response, so that edge.middleware keeps it rather than apply the pages'
    short lifetime.
    """
    patch_cache_control(
        response,
        public=True,
        max_age=max_age,
        s_maxage=settings.PLANPORTAL_EDGE_CACHE_MAX_AGE,
        immutable=True,
    )
    response.planportal_immutable = True
    return response
