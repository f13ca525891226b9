"""`congvu import_officials FILE`: import officials and their posts (docs/import.md)."""

from congvu.org.imports import import_officials
from congvu.org.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "Import officials (cán bộ, công chức, viên chức) from .xlsx or .csv: all or nothing."
    importer = staticmethod(import_officials)
