"""Django app configuration for discipline cases."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    name = "congvu.discipline"
    verbose_name = _("Discipline")

    def ready(self) -> None:
        from congvu.core.reads import register_personal
        from congvu.discipline.models import DisciplineCase

        # Reads of a discipline case are logged (congvu.core.reads).
        register_personal(DisciplineCase, "official__user")
