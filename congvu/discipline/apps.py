"""Django app configuration for discipline cases."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    name = "congvu.discipline"
    verbose_name = _("Discipline")
