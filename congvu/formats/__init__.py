"""Locale formats that override Django's stock ones."""
