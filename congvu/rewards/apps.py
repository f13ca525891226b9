"""Django app configuration for rewards ("5 thật", "6 dám")."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "congvu.rewards"
    verbose_name = _("Rewards")

    def ready(self) -> None:
        from congvu.core.reads import register_personal
        from congvu.rewards.models import Nomination

        # A nomination holds an appraisal of its nominee: its reads are logged (congvu.core.reads).
        register_personal(Nomination, "nominee__user")
