"""Create (or reset) one demo account per role and print the credentials.

For local demonstration only: refuses to run unless DEBUG is on. Each run
sets fresh random passwords, so nothing secret is ever stored in the code; each passes the
password validators (AUTH_PASSWORD_VALIDATORS), like a password set in the admin must.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.crypto import get_random_string

from roles.definitions import ROLES

PASSWORD_LENGTH = 16
SUPERUSER_NAME = "admin"
# Fresh random passwords tried before giving up on the validators (one nearly always passes).
PASSWORD_TRIES = 20


def valid_password(user) -> str:
    """A random password the password validators accept for `user`."""
    for _ in range(PASSWORD_TRIES):
        password = get_random_string(PASSWORD_LENGTH)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password
    raise CommandError("Fant ikke et tilfeldig passord som passordreglene godtar.")


class Command(BaseCommand):
    help = "Lag en demokonto per rolle (og en superbruker) og skriv ut passordene. Kun med DEBUG."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Kjør selv om DEBUG er av (aldri i produksjon).",
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demokontoer lages bare i utvikling (DEBUG=True).")
        User = get_user_model()
        rows = []
        for role in ROLES:
            group = Group.objects.filter(name=role.name).first()
            if group is None:
                raise CommandError(
                    f"Gruppen «{role.name}» finnes ikke. Kjør `manage.py migrate` først."
                )
            user, _ = User.objects.get_or_create(username=role.demo_username)
            user.first_name = role.name
            user.email = f"{role.demo_username}@example.invalid"
            password = valid_password(user)
            user.is_staff = False
            user.is_superuser = False
            user.set_password(password)
            user.save()
            user.groups.set([group])
            rows.append((role.name, role.demo_username, password))

        admin, _ = User.objects.get_or_create(username=SUPERUSER_NAME)
        admin.is_staff = admin.is_superuser = True
        admin.email = "admin@example.invalid"
        password = valid_password(admin)
        admin.set_password(password)
        admin.save()
        rows.append(("Superbruker", SUPERUSER_NAME, password))

        self.stdout.write(f"Demokontoer (logg inn på {settings.WAGTAILADMIN_BASE_URL}/admin/):")
        width = max(len(r[0]) for r in rows)
        for role_name, username, pw in rows:
            self.stdout.write(f"  {role_name:<{width}}  brukernavn: {username:<14} passord: {pw}")
