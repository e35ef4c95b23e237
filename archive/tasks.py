"""The archive's background work: rendering a recorded version (archive.freeze), and
comparing it with the versions kept before it (plan_pages.changes)."""

import logging

from django_tasks import task

from archive import freeze
from plan_pages.changes import compare_with_earlier
from plan_pages.models import PublishedVersion

logger = logging.getLogger(__name__)


@task(priority=10)
def render_published_version(published_version_id: int) -> bool:
    """Render one recorded version's pages and API answers; whether it rendered anything.

    Queued ahead of e-mails (priority), behind the edge cache's purges (a few hundred
    milliseconds, and the publish visible at once): the sooner it runs, the likelier the
    version is still live and is rendered from the live site. Its save purges again.
    """
    return freeze.render_version(published_version_id)


@task(priority=5)
def compare_published_version(published_version_id: int) -> int:
    """Compare a kept version with every earlier kept version in its language, once;
    how many comparisons it made.

    Queued behind the version's rendering (priority), which it does not need: it reads
    the recorded revisions, and the snippets as they are just after the publish.
    """
    published = (
        PublishedVersion.objects.select_related("plan").filter(pk=published_version_id).first()
    )
    if published is None:
        return 0
    if freeze._restricted(published.plan):
        logger.info("Version %s of a private plan: no public comparison", published)
        return 0
    return len(compare_with_earlier(published))
