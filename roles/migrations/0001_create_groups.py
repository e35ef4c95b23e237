"""Create the plan's roles as groups with their permissions.

Permissions that Django or Wagtail would otherwise create only after
`migrate` (post_migrate) are created here with the same codenames, so the
groups are complete on a fresh database.
"""

from django.db import migrations

from roles.definitions import ROLES

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


def create_groups(apps, schema_editor):
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
        for codename in role.page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=_permission(apps, f"wagtailcore.{codename}"),
            )
        for dotted in role.collection_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(apps, dotted)
            )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[role.name for role in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("snippets", "0001_initial"),
        ("plan_pages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
