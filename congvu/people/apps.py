"""Django app configuration for people (job positions, the catalogue, ratings, streamlining)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "congvu.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from congvu.core.reads import register_personal
        from congvu.people.models import (
            HistoricRating,
            PersonnelRecord,
            Rating,
            StreamliningDecision,
        )
        from congvu.people.overrides import from_discipline, register_source

        register_source(from_discipline)
        # Reads of ratings, old ratings, personnel records and streamlining decisions are logged
        # (congvu.core.reads).
        for model in (Rating, HistoricRating, PersonnelRecord, StreamliningDecision):
            register_personal(model, "official__user")
