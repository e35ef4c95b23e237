"""A private Norwegian page is private in every language at once.

wagtail-localize copies view restrictions to translations only when a
translation is synchronised; until then a translation of a page made private
would stay public. We copy them the moment they change.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail_localize.models import TranslationSource


def sync_translations_of(page) -> None:
    page = page.specific_deferred
    if not page.locale.is_default:
        return
    for translation in page.get_translations().filter(alias_of__isnull=True):
        # A stateless helper of wagtail-localize's; any source instance serves.
        TranslationSource().sync_view_restrictions(page, translation)


def on_restriction_saved(sender, instance, raw=False, **kwargs):
    # A raw save loads rows as they were (loaddata, `manage.py restore`): the
    # translations' own restrictions are rows of the same load. loaddata then
    # sets the groups on this same instance; the mark tells that handler so.
    if raw:
        instance._loaded_raw = True
        return
    sync_translations_of(instance.page)


def on_restriction_deleted(sender, instance, **kwargs):
    sync_translations_of(instance.page)


def on_restriction_groups_changed(sender, instance, action, **kwargs):
    if getattr(instance, "_loaded_raw", False):
        return
    if action in {"post_add", "post_remove", "post_clear"}:
        sync_translations_of(instance.page)


def register():
    post_save.connect(on_restriction_saved, sender=PageViewRestriction, dispatch_uid="lang_vr_save")
    post_delete.connect(
        on_restriction_deleted, sender=PageViewRestriction, dispatch_uid="lang_vr_delete"
    )
    m2m_changed.connect(
        on_restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="lang_vr_groups",
    )
