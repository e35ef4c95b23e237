"""Routing: in few queries, and under a language's prefix when the translation is missing
or still a draft."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from core.queries import only_row
from core.visibility import view_restrictions


class RoutedPageMixin:
    """A page found by routing knows its ancestors and the request's view restrictions.

    Wagtail's `Page.route` reads each child twice (the page, then its specific
    fields) and `before_serve_page` reads the ancestors and their view restrictions
    again. Here a child whose type the parent expects (`route_child_models`) is read
    once, with its specific fields; the parent is kept on it (`_cached_parent_obj`,
    what treebeard's `get_parent` uses), and the restrictions, read once per request
    (core.visibility), answer `get_view_restrictions` for the served page.
    """

    # Page types to look for first among the children, in one query each.
    route_child_models: tuple = ()
    # What a page found so reads with it: what serving it always needs.
    route_select_related: tuple = ("locale",)

    def route(self, request, path_components):
        self._planportal_view_restrictions = view_restrictions(request)
        if not path_components:
            return Page.route(self, request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        child = None
        for model in self.route_child_models:
            child = only_row(  # slugs are unique among siblings
                model.objects.child_of(self)
                .filter(slug=slug)
                .select_related(*model.route_select_related)
            )
            if child is not None:
                break
        if child is None:
            try:
                child = self.get_children().get(slug=slug).specific
            except Page.DoesNotExist as e:
                raise Http404 from e
        child._cached_parent_obj = self
        return child.route(request, remaining)

    def routed_ancestors(self) -> list[Page] | None:
        """The specific ancestors below the tree's root, nearest last, as routing found
        them; None when the page was not routed to from its site root."""
        ancestors = []
        page = self
        while page.depth > 2:
            page = getattr(page, "_cached_parent_obj", None)
            if page is None:
                return None
            ancestors.append(page)
        return ancestors[::-1]

    def get_view_restrictions(self):
        restrictions = getattr(self, "_planportal_view_restrictions", None)
        ancestors = self.routed_ancestors()
        # Aliases take their source's restrictions: Wagtail's own lookup resolves them.
        if (
            restrictions is None
            or ancestors is None
            or any(p.alias_of_id for p in [*ancestors, self])
        ):
            return super().get_view_restrictions()
        return [r for r in restrictions if self.path.startswith(r.page.path)]


class SourceFallbackRouteMixin(RoutedPageMixin):
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
        if getattr(self, "_planportal_no_draft_in", None) == language:  # core.serving knows
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
