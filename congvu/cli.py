"""The `congvu` console script: Django's management commands with congvu's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
    from django.core.management import execute_from_command_line

    # Commands are spelt with hyphens in the docs (`congvu export-oc4ids`); Django names them
    # after their modules, with underscores.
    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)
