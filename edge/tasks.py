"""The edge cache's background work: one purge per committed change (see edge.purge)."""

import logging

from django.conf import settings
from django_tasks import task

from core import render_cache
from core.retry import retry_later
from edge import purge
from edge.backends import BanFailed

logger = logging.getLogger(__name__)


# First in the worker's queue: a publish must be visible through the cache within seconds,
# before slower work (rendering a kept version, e-mails) that the same publish enqueued.
@task(priority=20)
def purge_edge_cache(gone_urls: list[str], attempt: int = 1) -> int:
    """Ban every public address of the site as it is now, and the change's gone addresses.

    Run by the task worker after the change committed; returns how many URLs it banned. A
    cache that refused is asked again later (PLANPORTAL_PURGE_RETRY_DELAYS), with the site as
    it is then: until it takes the ban, it would serve what was purged for up to s-maxage.
    """
    # Before the ban: the edge then asks the app servers for pages rendered after the change,
    # even if advancing the generation at commit failed.
    render_cache.advance()
    try:
        return purge.send(purge.change_urls(gone_urls))
    except BanFailed as error:
        delay = retry_later(
            purge_edge_cache, attempt, settings.PLANPORTAL_PURGE_RETRY_DELAYS, gone_urls
        )
        if delay is None:
            logger.error("Purge failed (attempt %d, %s); giving up", attempt, error)
        else:
            logger.warning("Purge failed (attempt %d, %s); retrying in %d s", attempt, error, delay)
        raise
