"""Django app configuration for findings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "congvu.findings"
    verbose_name = _("Findings")
