"""The kept versions in the admin: a read-only list (archive.admin_views), and a page that
is part of a kept version cannot be deleted (its revisions are PROTECTed).

Deleting a page deletes its revisions, which the archive keeps (`on_delete=PROTECT`): the
database would refuse in the middle of the delete. The delete view says so first, for the
page and for what a delete would take with it (the pages below it, and its translations), and
so does the listings' bulk delete.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from archive.admin_views import PublishedVersionViewSet
from core.read_only_admin import ReadOnlyPermissionPolicy
from plan_pages.models import PublishedChapter, PublishedVersion


def is_kept(page) -> bool:
    keys = Page.objects.filter(path__startswith=page.path).values("translation_key")
    return (
        PublishedChapter.objects.filter(translation_key__in=keys).exists()
        or PublishedVersion.objects.filter(plan__translation_key__in=keys).exists()
    )


def refuse(request, page) -> None:
    messages.error(
        request,
        _(
            "«%(title)s» er en del av en arkivert versjon av planen og kan ikke slettes. "
            "Avpubliser siden i stedet."
        )
        % {"title": page.get_admin_display_title()},
    )


@hooks.register("before_delete_page")
def refuse_deleting_kept_pages(request, page):
    if not is_kept(page):
        return None
    refuse(request, page)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_kept_pages(request, action_type, objects, action_class_instance):
    """The listings' bulk delete: none of the chosen pages is deleted when one is kept."""
    if action_type != "delete" or not all(isinstance(obj, Page) for obj in objects):
        return None
    kept = [page for page in objects if is_kept(page)]
    if not kept:
        return None
    for page in kept:
        refuse(request, page)
    return redirect("wagtailadmin_explore", kept[0].get_parent().pk)


# A kept version is only ever viewed in the admin (archive.admin_views).
register_permission_policy(PublishedVersion, ReadOnlyPermissionPolicy(PublishedVersion))


@hooks.register("register_admin_viewset")
def register_published_version_viewset():
    return PublishedVersionViewSet("published_versions")
