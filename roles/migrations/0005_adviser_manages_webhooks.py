"""The communications adviser configures the webhooks' receivers and reads their log."""

from django.db import migrations

from roles.sync import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0004_adviser_unlocks_logins"),
        ("webhooks", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
