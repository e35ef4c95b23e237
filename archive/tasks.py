"""The archive's background work: rendering a recorded version (archive.freeze)."""

from django_tasks import task

from archive import freeze


@task(priority=10)
def render_published_version(published_version_id: int) -> bool:
    """Render one recorded version's pages and API answers; whether it rendered anything.

    Queued ahead of e-mails (priority), behind the edge cache's purges (a few hundred
    milliseconds, and the publish visible at once): the sooner it runs, the likelier the
    version is still live and is rendered from the live site. Its save purges again.
    """
    return freeze.render_version(published_version_id)
