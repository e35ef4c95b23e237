"""Readers never get Norwegian text under another language's address; translators translate."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail_localize.views import convert as localize_convert

from roles.permissions import may_edit_in_locale, role_reach

from . import dashboard, views
from .facts import content_language, language_name


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
# Pages: every Wagtail and wagtail-localize view asks the page's permission tester
# (roles.permissions.PlanPagePermissionTester). Snippets have no tester: their
# edit, create and delete views ask the same reach here.


def refuse_outside_reach(request, obj):
    if not may_edit_in_locale(request.user, obj):
        raise PermissionDenied


@hooks.register("before_edit_snippet")
def snippet_edits_within_reach(request, instance):
    if hasattr(instance, "locale"):
        refuse_outside_reach(request, instance)


for _hook_name in ("before_create_snippet", "before_delete_snippet"):

    @hooks.register(_hook_name)
    def only_restructuring_roles_create_or_delete_snippets(request, *args, **kwargs):
        # Creating or deleting a snippet is a change to the Norwegian source (a
        # translation is created and removed through wagtail-localize).
        if not role_reach(request.user).restructures:
            raise PermissionDenied


def convert_to_alias_checked(request, page_id):
    """wagtail-localize's "convert to alias", for those who may publish the page.

    It discards the translation and serves the source in its place (live if the
    page is live), but asks only for edit permission. Registered before its own
    route for the same address (our app comes first).
    """
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    if not page.permissions_for_user(request.user).can_convert_to_alias():
        raise PermissionDenied
    return localize_convert.convert_to_alias(request, page_id)


# --- Admin report --------------------------------------------------------------------


class TranslatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtail_localize.submit_translation")


@hooks.register("register_admin_urls")
def translation_report_urls():
    return [
        path("reports/oversettelser/", views.translation_report, name="translation_report"),
        # Registered before wagtail-localize's own routes for the same addresses (our
        # app comes first): refuses files its upload view would crash on.
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            convert_to_alias_checked,
            name="convert_to_alias_checked",
        ),
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


# --- Dashboard ----------------------------------------------------------------------


@hooks.register("construct_homepage_panels")
def translation_dashboard_panels(request, panels):
    panels.extend(dashboard.panels_for(request.user))
