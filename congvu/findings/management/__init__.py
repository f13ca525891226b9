"""Management commands of the findings app."""
