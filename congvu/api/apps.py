"""Django app configuration for api."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "congvu.api"
    label = "congvu_api"
    verbose_name = _("REST API")
