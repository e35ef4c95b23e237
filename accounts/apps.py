from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Logging in: the lockout after failed attempts (django-axes), its message on the login
    page, and the admin's listing of locked logins where they are unlocked. No models: the
    attempts are django-axes' own (axes.AccessAttempt)."""

    name = "accounts"
    verbose_name = "Innlogging"
