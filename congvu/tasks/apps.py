"""Django app configuration for tasks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "congvu.tasks"
    verbose_name = _("Tasks")
