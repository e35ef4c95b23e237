"""A Wagtail front-end cache backend that bans by regular expression (see edge/__init__.py).

Wagtail's HTTPBackend sends PURGE for exact URLs: it cannot reach an address's query-string
variants, nor a prefix (the API's listings, search results, a moved page's old subtree). This
one sends Varnish a BAN whose `X-Planportal-Ban` header is a regular expression over request
URLs: exact paths (with any query string) and prefixes, split so no header grows past
MAX_BAN_HEADER_LENGTH.
"""

import logging
import re
from collections import defaultdict
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.utils.encoding import iri_to_uri
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger(__name__)

BAN_METHOD = "BAN"
BAN_HEADER = "X-Planportal-Ban"
# Varnish refuses request headers over 8 KB by default (http_req_hdr_len).
MAX_BAN_HEADER_LENGTH = 4000
# A URL whose path ends so stands for every address that starts with the rest.
PREFIX_MARK = "*"
TIMEOUT = 10


class BanFailed(Exception):
    """A cache did not accept a ban: the purge task fails and the worker records why."""


def url_pattern(url: str) -> str:
    """The regular expression for one URL of a purge: its exact path (any query string), or,
    for a path ending in PREFIX_MARK, everything below it."""
    parts = urlsplit(url)
    path = iri_to_uri(parts.path or "/")
    if path.endswith(PREFIX_MARK):
        return re.escape(path.removesuffix(PREFIX_MARK))
    if parts.query:
        return re.escape(f"{path}?{iri_to_uri(parts.query)}") + "$"
    return re.escape(path) + r"(?:\?.*)?$"


def ban_expressions(urls) -> list[str]:
    """As few expressions as fit: `^(?:a|b|…)`, each at most MAX_BAN_HEADER_LENGTH long."""
    expressions = []
    current: list[str] = []
    for pattern in sorted({url_pattern(url) for url in urls}):
        candidate = [*current, pattern]
        if current and len(_expression(candidate)) > MAX_BAN_HEADER_LENGTH:
            expressions.append(_expression(current))
            candidate = [pattern]
        current = candidate
    if current:
        expressions.append(_expression(current))
    return expressions


def _expression(patterns: list[str]) -> str:
    return "^(?:" + "|".join(patterns) + ")"


class BanRequest(Request):
    def get_method(self):
        return BAN_METHOD


class VarnishBanBackend(BaseBackend):
    """Bans in a Varnish at LOCATION (its own address, e.g. http://127.0.0.1:8080)."""

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.location = urlunsplit((location.scheme, location.netloc, "/", "", ""))

    def purge(self, url) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        by_host = defaultdict(list)
        for url in urls:
            by_host[urlsplit(url).netloc].append(url)
        failures = []
        for host, host_urls in by_host.items():
            for expression in ban_expressions(host_urls):
                try:
                    self.send(host, expression)
                except (HTTPError, URLError, OSError) as error:
                    logger.error(
                        "Ban %r at %s for %s failed: %s", expression, self.location, host, error
                    )
                    failures.append(f"{host}: {error}")
                else:
                    logger.info("Banned %r at %s for %s", expression, self.location, host)
        if failures:
            raise BanFailed(f"{self.location}: " + "; ".join(failures))

    def send(self, host: str, expression: str) -> None:
        request = BanRequest(
            self.location,
            headers={
                "Host": host,
                BAN_HEADER: expression,
                "User-Agent": f"Planportal Wagtail-frontendcache/{wagtail_version}",
            },
        )
        # The scheme is the operator's (PLANPORTAL_FRONTEND_CACHE_URLS), never a user's.
        with urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            response.read()
