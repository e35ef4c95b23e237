"""Routing under a language's prefix when the translation is missing or still a draft."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Locale, Page


class SourceFallbackRouteMixin:
    """Route into the source language when this locale has no live page at the path.

    /pl/handlingsplan/forord/ while the Polish chapter is a draft: the Norwegian
    chapter is routed to, and languages.wagtail_hooks answers with a notice in
    Polish (with a link) instead of a 404 or Norwegian text.
    """

    def route(self, request, path_components):
        found = self.route_through_draft_home(request, path_components)
        if found is not None:
            return found
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components or self.locale.is_default:
                raise
            source = self.get_translation_or_none(Locale.get_default())
            if source is None:
                raise
            return source.specific.route(request, path_components)

    def route_through_draft_home(self, request, path_components):
        """A live Polish chapter below a Polish home that is a draft.

        Wagtail routes /pl/… from the site root's Polish translation only while it
        is live (Page.localized), else from the Norwegian home, where no Polish page
        is. A home translated but not yet published (languages.translation_drafts
        takes a translated alias offline) must not hide the live pages below it.
        """
        language = get_language()
        if self.depth != 2 or not path_components or language == settings.LANGUAGE_CODE:
            return None
        draft_home = (
            type(self)
            .objects.filter(
                translation_key=self.translation_key,
                locale__language_code=language,
                live=False,
            )
            .first()
        )
        if draft_home is None:
            return None
        try:
            return Page.route(draft_home, request, path_components)
        except Http404:
            return None
