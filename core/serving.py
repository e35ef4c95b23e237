"""Wagtail's page serving, with the site root in the reader's language read in one query
(and, for anonymous readers, once per public change: core.render_cache)."""

import copy

from django.conf import settings
from django.db.models import Exists, Q
from django.http import Http404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import PageViewRestriction, Site

from core import render_cache
from core.visibility import no_view_restrictions


def serve(request, path):
    """`wagtail.views.serve`, routed from `localized_root`.

    Wagtail routes from `site.root_page.localized.specific`: the active locale, the
    translation, then its specific fields, three queries. The route is left where
    Wagtail keeps it for the request (`Page.route_for_request`), so Wagtail's view and
    everything after it use this one.
    """
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = _route(request, path)
    return wagtail_views.serve(request, path)


def _route(request, path):
    site = _site(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    try:
        return _localized_root(site, request).route(request, components)
    except Http404:
        return None


def _site(request):
    """`Site.find_for_request`, kept in this process until the next public change for a
    request the render cache serves (core.render_cache), with its root page."""
    if not hasattr(request, "_wagtail_site"):
        address = (request._get_raw_host(), request.get_port())

        def find():
            site = Site.find_for_request(request)
            if site is not None:
                site.root_page  # noqa: B018 - read with it
            return site

        request._wagtail_site = render_cache.remembered(request, ("site", *address), find)
    return request._wagtail_site


def _localized_root(site, request):
    """`localized_root` of the site's root, kept like the site: a copy per request, which
    routing annotates; the restrictions' absence is told to this request too."""
    language = get_language()
    key = ("localized-root", site.pk, language)

    def find():
        root = localized_root(site.root_page)
        # Unknown when Wagtail chose the page (no annotation): read the restrictions.
        return root, getattr(root, "any_view_restriction", True)

    root, any_restriction = render_cache.remembered(request, key, find)
    if not any_restriction:
        no_view_restrictions(request)
    return copy.copy(root)


def localized_root(root, request=None):
    """`root.localized.specific` (its live translation in the active language, else
    itself), in one query, with the page's locale.

    The same query asks whether any page has a view restriction: on a site with
    none, core.visibility need not read them for this request.
    """
    model = root.specific_class
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or model is None:
        return root.localized.specific
    language = get_language()
    try:
        code = get_supported_content_language_variant(language)
    except LookupError:
        return root.specific
    pages = {
        page.pk: page
        for page in model.objects.filter(translation_key=root.translation_key)
        .filter(Q(pk=root.pk) | Q(locale__language_code=code))
        .select_related("locale")
        .annotate(any_view_restriction=Exists(PageViewRestriction.objects.all()))
    }
    own = pages.get(root.pk)
    if own is None:  # changed under us: let Wagtail decide
        return root.localized.specific
    if request is not None and not own.any_view_restriction:
        no_view_restrictions(request)
    translated = next((p for p in pages.values() if p.locale.language_code == code), None)
    page = translated if translated is not None and translated.live else own
    if (translated is None or translated.live) and code == language:
        # No draft in this language: SourceFallbackRouteMixin need not look for one.
        page._planportal_no_draft_in = language
    return page
