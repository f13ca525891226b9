"""Django app configuration for people (job positions, the catalogue, ratings, streamlining)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "congvu.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from congvu.core.reads import register_personal
        from congvu.people.models import Rating
        from congvu.people.overrides import from_discipline, register_source

        register_source(from_discipline)
        # Reads of a rating are logged (congvu.core.reads).
        register_personal(Rating, "official__user")
