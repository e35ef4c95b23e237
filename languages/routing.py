"""Routing under a language's prefix when the translation is missing or still a draft."""

from django.http import Http404
from wagtail.models import Locale


class SourceFallbackRouteMixin:
    """Route into the source language when this locale has no live page at the path.

    /pl/handlingsplan/forord/ while the Polish chapter is a draft: the Norwegian
    chapter is routed to, and languages.wagtail_hooks answers with a notice in
    Polish (with a link) instead of a 404 or Norwegian text.
    """

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components or self.locale.is_default:
                raise
            source = self.get_translation_or_none(Locale.get_default())
            if source is None:
                raise
            return source.specific.route(request, path_components)
