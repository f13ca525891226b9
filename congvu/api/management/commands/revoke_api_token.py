"""`congvu revoke_api_token PREFIX_OR_ID`: revoke a token from now on."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from congvu.api.models import ApiToken
from congvu.api.tokens import revoke_token


class Command(BaseCommand):
    help = "Revoke an API token, named by its id or the prefix printed when it was issued."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token", help="The token's id or prefix (cv_xxxxxxxx).")

    def handle(self, *args: Any, **options: Any) -> None:
        ref: str = options["token"]
        match = Q(prefix=ref) | Q(pk=int(ref)) if ref.isdigit() else Q(prefix=ref)
        tokens = list(ApiToken.objects.filter(match).select_related("official"))
        if len(tokens) != 1:
            raise CommandError(f"{len(tokens)} tokens match {ref!r}; give the token id.")
        token = revoke_token(tokens[0])
        self.stdout.write(f"Revoked token {token.pk} ({token.name}) of {token.official}.")
