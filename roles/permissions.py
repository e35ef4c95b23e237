"""The roles' reach, applied where every admin view asks.

Groups hold Wagtail permissions on the whole page tree (roles.definitions), and
Wagtail alone would let anyone with `change_page` edit every language, delete an
unpublished page, convert an alias, and so on. Every page view of Wagtail's admin
(edit, delete, move, copy, bulk actions, aliases, privacy, revisions) and of
wagtail-localize asks `page.permissions_for_user(user)`: our page models answer
with `PlanPagePermissionTester`, which narrows Wagtail's answer to what the
user's roles are for. Snippets have no such tester: their edit views ask
`may_edit_in_locale` through a hook (languages.wagtail_hooks).
"""

from dataclasses import dataclass

from wagtail.models import Locale, Page, PagePermissionTester

from .definitions import ROLES

ROLES_BY_NAME = {role.name: role for role in ROLES}


@dataclass(frozen=True)
class Reach:
    """What a user's edit rights reach, from the union of their roles."""

    source: bool
    translations: bool
    restructures: bool


UNRESTRICTED = Reach(source=True, translations=True, restructures=True)


def role_reach(user) -> Reach:
    """The reach of the user's roles; unrestricted for superusers and for users in
    no role group (Wagtail's permissions alone decide for them).

    Cached on the user object, as Wagtail caches its permissions there: a tester
    is built per page in listings, and this is one query per request, not per page.
    """
    if not user.is_authenticated or user.is_superuser:
        return UNRESTRICTED
    reach = getattr(user, "_plan_role_reach", None)
    if reach is None:
        names = user.groups.values_list("name", flat=True)
        roles = [ROLES_BY_NAME[name] for name in names if name in ROLES_BY_NAME]
        reach = (
            Reach(
                source=any(role.edits_source for role in roles),
                translations=any(role.edits_translations for role in roles),
                restructures=any(role.restructures for role in roles),
            )
            if roles
            else UNRESTRICTED
        )
        user._plan_role_reach = reach
    return reach


def may_edit_in_locale(user, obj) -> bool:
    """Whether the user's roles reach `obj`'s language: the source or a translation."""
    reach = role_reach(user)
    if reach.source and reach.translations:
        return True
    return reach.source if obj.locale_id == _default_locale_id(user) else reach.translations


def _default_locale_id(user) -> int:
    """The source language's locale, looked up once per request (cached like the reach),
    so a listing does not fetch each page's locale."""
    locale_id = getattr(user, "_plan_default_locale_id", None)
    if locale_id is None:
        locale_id = user._plan_default_locale_id = Locale.get_default().pk
    return locale_id


class PlanPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed by the roles (see the module docstring)."""

    def can_edit(self):
        if self.page.alias_of_id and not self.can_publish():
            # An alias mirrors its source and has no text of its own: editing it means
            # converting it into an ordinary page, which puts the source's (Norwegian)
            # text live under the alias's address. Only someone who may publish may.
            return False
        return may_edit_in_locale(self.user, self.page) and super().can_edit()

    def can_add_subpage(self):
        return may_edit_in_locale(self.user, self.page) and super().can_add_subpage()

    def can_delete(self, ignore_bulk=False):
        # Moving asks can_delete(ignore_bulk=True): this covers it too.
        return self._restructures() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_copy(self):
        return self._restructures() and super().can_copy()

    def can_convert_to_alias(self):
        """wagtail-localize's "convert to alias" discards the translation and serves the
        source in its place, live if the page is live: it asks only can_edit(), we ask
        for publish permission too."""
        return self.can_edit() and self.can_publish()

    def _restructures(self) -> bool:
        return role_reach(self.user).restructures and may_edit_in_locale(self.user, self.page)


class PlanPagePermissionsMixin:
    """For every page model of the site: Wagtail's views get our tester."""

    def permissions_for_user(self, user):
        return PlanPagePermissionTester(user, self)


def may_edit(user, obj) -> bool:
    """The check of the admin's edit views for `obj`: the page's permission tester, or
    for a snippet its model's change permission within the roles' reach."""
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    opts = obj._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return False
    return not hasattr(obj, "locale") or may_edit_in_locale(user, obj)
