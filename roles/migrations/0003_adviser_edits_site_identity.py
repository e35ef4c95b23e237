"""The communications adviser edits the municipality's identity (home.SiteIdentity)."""

from django.db import migrations

from roles.sync import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0002_translators_translate"),
        ("home", "0002_site_identity_and_site_pages"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
