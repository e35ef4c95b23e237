"""Readers never get Norwegian text under another language's address; translators translate."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from roles.definitions import COMMUNICATIONS_ADVISER, SLT_COORDINATOR, TRANSLATOR

from . import views
from .facts import content_language, language_name

SOURCE_EDITOR_ROLES = {COMMUNICATIONS_ADVISER, SLT_COORDINATOR}


@hooks.register("before_serve_page")
def notice_instead_of_untranslated_page(page, request, serve_args, serve_kwargs):
    """/so/… for a page not published in Somali: a short notice in Somali, with a link.

    Wagtail falls back to the source page when a locale has no translation (and
    wagtail-localize fills missing parents with aliases of the Norwegian pages);
    we serve a notice instead of Norwegian text under the Somali address.
    """
    language = get_language()
    if content_language(page) == language:
        return None
    if any(not r.accept_request(request) for r in page.get_view_restrictions()):
        # A restricted page: Wagtail's own check (an on_serve_page hook, run
        # after this one) answers, and the notice never names the page.
        return None
    source_page = page.alias_of.specific if page.alias_of_id else page
    return TemplateResponse(
        request,
        "languages/not_translated.html",
        {"page": source_page, "source_page": source_page, "language_name": language_name(language)},
    )


# --- Translators translate; they never change the Norwegian source ------------------


def translator_only(user) -> bool:
    """A user whose only editing role is translating."""
    if user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return TRANSLATOR in names and not names & SOURCE_EDITOR_ROLES


def refuse_source_changes(request, obj):
    if translator_only(request.user) and (obj is None or obj.locale.is_default):
        raise PermissionDenied


@hooks.register("before_edit_page")
def translators_do_not_edit_source_pages(request, page):
    refuse_source_changes(request, page)


@hooks.register("before_edit_snippet")
def translators_do_not_edit_source_snippets(request, instance):
    if hasattr(instance, "locale"):
        refuse_source_changes(request, instance)


for _hook_name in (
    "before_create_page",
    "before_delete_page",
    "before_copy_page",
    "before_move_page",
):

    @hooks.register(_hook_name)
    def translators_do_not_restructure(request, *args, **kwargs):
        refuse_source_changes(request, None)


for _hook_name in ("before_create_snippet", "before_delete_snippet"):

    @hooks.register(_hook_name)
    def translators_do_not_create_or_delete_snippets(request, *args, **kwargs):
        refuse_source_changes(request, None)


# --- Admin report --------------------------------------------------------------------


class TranslatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtail_localize.submit_translation")


@hooks.register("register_admin_urls")
def translation_report_urls():
    return [
        path("reports/oversettelser/", views.translation_report, name="translation_report"),
        # Registered before wagtail-localize's own route for the same address (our
        # app comes first): refuses files its upload view would crash on.
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            views.upload_pofile_checked,
            name="upload_pofile_checked",
        ),
    ]


@hooks.register("register_reports_menu_item")
def translation_report_menu_item():
    return TranslatorsMenuItem(
        _("Oversettelser"),
        reverse("translation_report"),
        icon_name="globe",
        order=900,
    )
