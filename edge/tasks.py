"""The edge cache's background work: one purge per committed change (see edge.purge)."""

from django_tasks import task

from edge import purge


@task()
def purge_edge_cache(gone_urls: list[str]) -> int:
    """Ban every public address of the site as it is now, and the change's gone addresses.

    Run by the task worker after the change committed; returns how many URLs it banned.
    """
    return purge.send(purge.change_urls(gone_urls))
