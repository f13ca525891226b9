"""`congvu import_units FILE`: import units from an .xlsx or .csv template (docs/import.md)."""

from congvu.org.imports import import_units
from congvu.org.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "Import units (đơn vị) from an .xlsx or .csv file: all or nothing."
    importer = staticmethod(import_units)
