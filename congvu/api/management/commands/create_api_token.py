"""`congvu create_api_token USERNAME --name NAME`: issue a token and print it, once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congvu.api.tokens import issue_token
from congvu.core.errors import ActionError
from congvu.org.models import Official


class Command(BaseCommand):
    help = "Issue an API token for an official; the token is printed once and never stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The official's login name.")
        parser.add_argument("--name", required=True, help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        official = Official.objects.filter(user__username=options["username"]).first()
        if official is None:
            raise CommandError(f"No official with the login {options['username']!r}.")
        try:
            token, key = issue_token(official, name=options["name"])
        except ActionError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(
            f"Token {token.pk} ({token.prefix}…) for {official.full_name}; "
            "store it now, it cannot be shown again:"
        )
        self.stdout.write(key)
