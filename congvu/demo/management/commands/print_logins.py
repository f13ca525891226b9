"""`congvu print_logins`: the address to open and one demo login per role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from congvu.demo.console import login_lines


class Command(BaseCommand):
    help = "Print the address of the site and one demo login per role."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in login_lines():
            self.stdout.write(line)
