"""Translators get what wagtail-localize's editor needs, and still cannot publish."""

from django.db import migrations

from roles.sync import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_create_groups")]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
