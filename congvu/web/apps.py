"""Django app configuration for web."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "congvu.web"
    label = "congvu_web"
    verbose_name = _("Web pages")
