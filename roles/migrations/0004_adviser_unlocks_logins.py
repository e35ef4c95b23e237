"""The communications adviser unlocks logins locked after failed attempts (accounts)."""

from django.db import migrations

from roles.sync import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0003_adviser_edits_site_identity"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
