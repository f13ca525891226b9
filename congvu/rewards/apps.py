"""Django app configuration for rewards ("5 thật", "6 dám")."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "congvu.rewards"
    verbose_name = _("Rewards")
