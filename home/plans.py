"""Which plan a page belongs to."""

from wagtail.models import Page

from plan_pages.models import PlanPage


def plan_of(page: Page) -> PlanPage | None:
    """The plan of `page`'s site root, in the same tree (so the same locale): the plan
    itself, the plan a chapter is in, or, for the home page and the site's own pages
    (accessibility statement, privacy), the plan below their home page."""
    if page is None or page.depth < 2:
        return None
    if isinstance(page, PlanPage):
        return page
    parent = getattr(page, "_cached_parent_obj", None)  # a chapter's, kept by routing
    if isinstance(parent, PlanPage):
        return parent
    home_path = page.path[: 2 * Page.steplen]
    return PlanPage.objects.filter(path__startswith=home_path).order_by("depth", "path").first()
