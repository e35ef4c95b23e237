"""The archive's background work: rendering a recorded version (archive.freeze), then its
PDF (archive.pdf), and comparing it with the versions kept before it (plan_pages.changes)."""

import logging

from django.conf import settings
from django.db import transaction
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
    Once stored, its PDF is queued: a task of its own, so that the PDFs of every
    language never hold up the next version's rendering.
    """
    rendered = freeze.render_version(published_version_id)
    if rendered and settings.PLANPORTAL_MAKE_VERSION_PDFS:
        transaction.on_commit(lambda: make_version_pdf.enqueue(published_version_id), robust=False)
    return rendered


@task(priority=0)
def make_version_pdf(published_version_id: int) -> bool:
    """Make and keep one kept version's PDF in its language (archive.pdf); whether it made one.

    A few seconds of WeasyPrint per language; never made twice. A failure is recorded by
    the worker as the task's error; the version's pages are kept all the same.
    """
    from archive import pdf  # WeasyPrint (and its libraries) only in the worker

    return pdf.make_pdf(published_version_id)


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
    if freeze.is_restricted(published.plan):
        logger.info("Version %s of a private plan: no public comparison", published)
        return 0
    return len(compare_with_earlier(published))
