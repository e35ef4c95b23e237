"""Create the plan's roles as groups with their permissions.

Permissions that Django or Wagtail would otherwise create only after
`migrate` (post_migrate) are created here with the same codenames, so the
groups are complete on a fresh database.
"""

from django.db import migrations

from roles.sync import remove_role_groups, sync_role_groups


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

    operations = [migrations.RunPython(sync_role_groups, remove_role_groups)]
