"""Create or update the role groups from roles.definitions (used by data migrations).

Permissions that Django or Wagtail would otherwise create only after
`migrate` (post_migrate) are created here with the same codenames, so the
groups are complete on a fresh database.
"""

from .definitions import ROLES

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def _permission(apps, dotted: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".")
    action, _, model = codename.partition("_")
    if app_label == "wagtailadmin":
        model = "admin"
    elif app_label == "wagtail_localize":
        model = "translation"
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action} {model}"},
    )
    return permission


def sync_role_groups(apps, schema_editor=None):
    """Each role's group holds exactly its defined permissions."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.set([_permission(apps, p) for p in role.model_permissions])
        page_permissions = [_permission(apps, f"wagtailcore.{c}") for c in role.page_permissions]
        _set_scoped_permissions(GroupPagePermission, group, {"page": root_page}, page_permissions)
        collection_permissions = [_permission(apps, p) for p in role.collection_permissions]
        _set_scoped_permissions(
            GroupCollectionPermission,
            group,
            {"collection": root_collection},
            collection_permissions,
        )


def _set_scoped_permissions(model, group, scope: dict, permissions) -> None:
    """The group holds exactly `permissions` on the page or collection in `scope`."""
    model.objects.filter(group=group, **scope).exclude(permission__in=permissions).delete()
    for permission in permissions:
        model.objects.get_or_create(group=group, permission=permission, **scope)


def remove_role_groups(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[role.name for role in ROLES]).delete()
