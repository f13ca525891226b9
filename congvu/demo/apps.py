"""Django app configuration for demo."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "congvu.demo"
    label = "congvu_demo"
    verbose_name = _("Demo province")
