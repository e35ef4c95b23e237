"""What the public may see, with Wagtail's view restrictions read once per request.

Wagtail's `PageQuerySet.public()` reads every `PageViewRestriction` each time it is
called, and its `before_serve_page` check reads the served page's ancestors and their
restrictions again: on one page of the site that is half a dozen identical queries.
Here they are read once and kept on the request (never longer: a restriction added
or removed counts from the next request on).
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction

_ATTR = "_planportal_view_restrictions"


def view_restrictions(request) -> list[PageViewRestriction]:
    """Every view restriction of the site (with its page), read once per request."""
    if request is None:
        return list(PageViewRestriction.objects.select_related("page"))
    restrictions = getattr(request, _ATTR, None)
    if restrictions is None:
        restrictions = list(PageViewRestriction.objects.select_related("page"))
        setattr(request, _ATTR, restrictions)
    return restrictions


def no_view_restrictions(request) -> None:
    """The caller knows, from a query it made anyway, that no page has a view restriction."""
    setattr(request, _ATTR, [])


def public(queryset, request):
    """`queryset.public()`: without pages in a restricted section, as Wagtail decides it."""
    private = Q()
    for restriction in view_restrictions(request):
        private |= queryset.descendant_of_q(restriction.page, inclusive=True)
    return queryset.exclude(private) if private else queryset


def is_public(page, request) -> bool:
    """Whether `page` would pass `public()`: no restriction on it or an ancestor's path."""
    return not any(page.path.startswith(r.page.path) for r in view_restrictions(request))
