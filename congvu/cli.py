"""The `congvu` console script: Django's management commands with congvu's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
