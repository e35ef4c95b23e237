from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backup and restore of a whole installation (the top layer: nothing imports it)."""

    name = "backups"
    verbose_name = "Sikkerhetskopi"
