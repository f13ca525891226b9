"""Django app configuration for public investment."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "congvu.investment"
    verbose_name = _("Public investment")
