"""Print a new API token for an integration user, once: only its hash is kept."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken
from knox.settings import knox_settings


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it once (only a hash is stored). It expires "
        "after CHANCE_API_TOKEN_DAYS (90 by default); a program admin revokes it in the admin "
        "(Knox > Auth tokens)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        token, secret = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
        self.stdout.write(secret)
        self.stderr.write(
            f"Token {token.token_key}… for {username}, expires {token.expiry:%Y-%m-%d %H:%M %Z}. "
            "Shown once: store it in the integration's secret store."
        )
