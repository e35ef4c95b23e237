"""Remove a user's second factor, e.g. when they lost their phone and their recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from two_factor.policy import is_required, remove_second_factor


class Command(BaseCommand):
    help = (
        "Fjerner brukerens tofaktorinnlogging (app og gjenopprettingskoder). Brukeren logger "
        "inn med passordet og setter opp en ny app hvis rollen krever det."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"Ingen bruker heter «{username}».") from None
        removed = remove_second_factor(user)
        if not removed:
            self.stdout.write(f"{username} har ingen tofaktorinnlogging; ingenting å fjerne.")
            return
        then = (
            "setter opp en ny app ved neste innlogging"
            if is_required(user)
            else "logger inn med passord alene til en ny app er satt opp"
        )
        self.stdout.write(f"Tofaktorinnlogging fjernet for {username}: brukeren {then}.")
