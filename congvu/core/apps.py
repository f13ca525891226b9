"""The kernel every domain stands on, as a Django app so that its models (the province's working
days) have a home below `org` and the domains."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "congvu.core"
    label = "core"
    verbose_name = _("Common")
