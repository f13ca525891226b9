"""Django app configuration for dossiers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "congvu.dossiers"
    verbose_name = _("Administrative procedures")
