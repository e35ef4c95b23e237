"""Who reads the document history sees the kept versions (Rapporter → Arkiverte versjoner)."""

from django.db import migrations

from roles.sync import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_adviser_manages_webhooks"),
        ("plan_pages", "0007_published_versions"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
