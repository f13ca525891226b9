"""Django app configuration for the monthly report."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "congvu.reports"
    verbose_name = _("Reports")
