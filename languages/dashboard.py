"""The admin dashboard's translation panels: what the adviser publishes, what translators update.

Registered in wagtail_hooks.py; each runs a fixed number of queries (one or two
per translatable model), however many translations it lists.
"""

from urllib.parse import urlencode

from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation

from roles.permissions import role_reach


def translatable_models():
    """Pages and the translatable snippets that have drafts."""
    return [Page] + [
        m
        for m in get_snippet_models()
        if issubclass(m, TranslatableMixin) and issubclass(m, DraftStateMixin)
    ]


def edit_url(obj) -> str:
    """The object's edit view: wagtail-localize's translation editor for a translation."""
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse(obj.snippet_viewset.get_url_name("edit"), args=[obj.pk])


def kind(model) -> str:
    return "" if model is Page else model._meta.verbose_name


def translates(user) -> bool:
    return role_reach(user).translations and user.has_perm("wagtail_localize.submit_translation")


def publishes_translations(user) -> bool:
    return translates(user) and PagePermissionPolicy().user_has_permission(user, "publish")


class TranslationsAwaitingPublishPanel(Component):
    """For the adviser: translations with changes nobody has published yet."""

    name = "plan_translations_awaiting_publish"
    template_name = "languages/dashboard/translations_awaiting_publish.html"
    order = 300

    def rows(self):
        default = Locale.get_default()
        locales = {locale.pk: locale for locale in Locale.objects.all()}
        rows = []
        for model in translatable_models():
            objects = (
                model.objects.filter(has_unpublished_changes=True)
                .exclude(locale=default)
                .select_related("latest_revision")
            )
            if model is Page:
                objects = objects.filter(alias_of__isnull=True, depth__gt=1)
            for obj in objects:
                revision = obj.latest_revision
                rows.append(
                    {
                        # The translation's own latest text: the adviser may see and publish it.
                        "title": revision.object_str if revision else str(obj),
                        "kind": kind(model),
                        "locale": locales[obj.locale_id].get_display_name(),
                        "live": obj.live,
                        "saved_at": revision.created_at if revision else None,
                        "edit_url": edit_url(obj),
                    }
                )
        return sorted(rows, key=lambda r: (r["saved_at"] is None, r["saved_at"]), reverse=True)

    def get_context_data(self, parent_context):
        return {"rows": self.rows()}


class ChangedInSourcePanel(Component):
    """For translators: translations whose Norwegian source was published again since
    they were last synchronised (its strings may have changed), with the sync action."""

    name = "plan_changed_in_source"
    template_name = "languages/dashboard/changed_in_source.html"
    order = 400

    def rows(self):
        default = Locale.get_default()
        translations = list(
            Translation.objects.filter(enabled=True, source__locale=default)
            .exclude(target_locale=default)
            .select_related("source", "source__specific_content_type", "target_locale")
        )
        keys = {t.source.object_id for t in translations}
        home = reverse("wagtailadmin_home")
        rows = []
        for model in translatable_models():
            published = dict(
                model.objects.filter(translation_key__in=keys, locale=default).values_list(
                    "translation_key", "last_published_at"
                )
            )
            stale = [
                t
                for t in translations
                if issubclass(t.source.specific_content_type.model_class(), model)
                and published.get(t.source.object_id)
                and published[t.source.object_id] > t.source.last_updated_at
            ]
            if not stale:
                continue
            targets = model.objects.filter(
                translation_key__in={t.source.object_id for t in stale},
                locale__in={t.target_locale_id for t in stale},
            )
            if model is Page:
                targets = targets.specific(defer=True)
            targets = {(obj.translation_key, obj.locale_id): obj for obj in targets}
            for translation in stale:
                target = targets.get((translation.source.object_id, translation.target_locale_id))
                if target is None:
                    continue
                rows.append(
                    {
                        "title": str(target) if model is not Page else target.title,
                        "kind": kind(model),
                        "locale": translation.target_locale.get_display_name(),
                        "synced_at": translation.source.last_updated_at,
                        "source_published_at": published[translation.source.object_id],
                        "edit_url": edit_url(target),
                        "sync_url": reverse(
                            "wagtail_localize:update_translations", args=[translation.source_id]
                        )
                        + "?"
                        + urlencode({"next": home}),
                    }
                )
        return sorted(rows, key=lambda r: r["source_published_at"], reverse=True)

    def get_context_data(self, parent_context):
        return {"rows": self.rows()}


def panels_for(user) -> list[Component]:
    """The translation panels the user can use."""
    panels = []
    if publishes_translations(user):
        panels.append(TranslationsAwaitingPublishPanel())
    if translates(user):
        panels.append(ChangedInSourcePanel())
    return panels
