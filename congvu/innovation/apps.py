"""Django app configuration for innovation proposals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "congvu.innovation"
    verbose_name = _("Innovation proposals")

    def ready(self) -> None:
        from congvu.core.reads import register_personal
        from congvu.innovation.models import Proposal

        # A proposal holds the decision on its proposer's protection: its reads are logged.
        register_personal(Proposal, "proposer__user")
