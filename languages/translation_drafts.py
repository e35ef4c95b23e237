"""A translation is a draft until someone who may publish it publishes it.

wagtail-localize writes every translated page and snippet through one function,
`TranslationSource.create_or_update_translation`: `Translation.save_target` calls it
(the translation editor's "Publish", "Sync translated pages" with publishing, the
shipped PO files), and so does "Translate" (`TranslationCreator`, for the page, its
subtree and the snippets its blocks choose). The translation editor's string edits,
PO upload and machine translation only change strings; they reach the page or
snippet later through the same function.

Called with `publish=False` (how "Translate" runs under
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False), wagtail-localize 1.14.5
still changes what readers get:

* it saves the translated content into the target's own row (`translation.save()`
  before `save_revision()`): strings a translator has not had published appear at
  once on the live page and in the API;
* on an existing snippet it sets `live = publish` before that save: translating a
  new chapter unpublishes every live translated contact its contacts block chooses;
* it turns an alias (which it created earlier as a missing parent of another
  translation: live, with the Norwegian text, shown to readers as a notice) into a
  regular page and keeps it live: Norwegian text under /pl/ with lang="pl".

Wagtail's own editor never writes a live row except by publishing: an edit is a
revision. Here, with `publish=False`, an existing target gets the same treatment:
only `save_revision()`'s bookkeeping (`latest_revision`, `has_unpublished_changes`,
…, always saved with `update_fields`) reaches its row, so it keeps its live content
and live status and the translation waits as a draft, visible in the admin and in
preview, for a publish by someone allowed to publish. A converted alias is taken
offline instead of serving Norwegian text as a translation; its address keeps
showing the notice. New targets already start unpublished (`Page.copy(keep_live=False)`,
`live = False` on a new snippet). `publish=True` passes through unchanged: only
publishers reach it (the editor's publish checks the permission,
languages.middleware.TranslationPublishGuard guards "Sync translated pages").

wagtail-localize offers no extension point for this (no signal or setting, and a
model's `save()` cannot tell its write from a publish), so `install()` wraps that
one function, from LanguagesConfig.ready(). tests/test_translation_drafts.py fails
when the wrapped function's signature or source changes in a new wagtail-localize.
"""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

# wagtail-localize's own function, as shipped: the wrapper calls it for all the work.
LOCALIZE_CREATE_OR_UPDATE_TRANSLATION = TranslationSource.create_or_update_translation


def create_or_update_translation(
    self, locale, user=None, publish=True, copy_parent_pages=False, fallback=False
):
    """TranslationSource.create_or_update_translation, writing drafts as drafts (module docstring)."""
    arguments = {
        "user": user,
        "publish": publish,
        "copy_parent_pages": copy_parent_pages,
        "fallback": fallback,
    }
    target = None if publish else existing_target(self, locale)
    if target is None:
        return LOCALIZE_CREATE_OR_UPDATE_TRANSLATION(self, locale, **arguments)

    was_alias = isinstance(target, Page) and bool(target.alias_of_id)
    write_revisions_only(target)
    # wagtail-localize fetches the target with this method: hand it the guarded instance.
    self.get_translated_instance = lambda _locale: target
    try:
        result = LOCALIZE_CREATE_OR_UPDATE_TRANSLATION(self, locale, **arguments)
    finally:
        del self.get_translated_instance
        del target.save
    if was_alias:
        take_offline(Page.objects.get(pk=target.pk).specific, user)
    return result


def existing_target(source, locale):
    """The translation in `locale` if it exists already, else None."""
    try:
        return source.get_translated_instance(locale)
    except ObjectDoesNotExist:
        return None


def write_revisions_only(instance) -> None:
    """Let only saves of named fields reach the row: save_revision()'s bookkeeping.

    wagtail-localize's full `save()` of the target would write the translated
    content (and, for a snippet, `live = False`) into the row readers get.
    """
    model_save = instance.save

    def save(*args, **kwargs):
        if kwargs.get("update_fields") is not None:
            model_save(*args, **kwargs)

    instance.save = save


def take_offline(page, user) -> None:
    """Unpublish a former alias: its row still holds the Norwegian text it mirrored.

    As an alias its address showed readers the "not translated yet" notice
    (languages.wagtail_hooks); offline, the address falls back to the Norwegian
    page (languages.routing) and shows the same notice, until a publisher
    publishes the translation. Its live descendants keep their addresses: Wagtail
    routes through unpublished pages, and languages.routing through an unpublished
    home. The unpublish is part of the translating
    user's action, whatever their rights, so it skips the permission check; it is
    logged like any unpublish.
    """
    UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)


def install() -> None:
    TranslationSource.create_or_update_translation = create_or_update_translation
