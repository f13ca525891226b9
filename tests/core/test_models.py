"""ChoiceLabels: the label of a choice field read from a table built once per field."""

from __future__ import annotations

from django.utils import translation

from congvu.core import models as core_models
from congvu.dossiers.models import Dossier
from congvu.tasks.models import Activity, Task, TaskEvent


def test_a_label_is_the_choice_label_in_the_active_language() -> None:
    event = TaskEvent(activity=Activity.TRANSFER)
    with translation.override("vi"):
        assert event.get_activity_display() == str(Activity.TRANSFER.label)
        vietnamese = event.get_activity_display()
    with translation.override("en"):
        assert event.get_activity_display() == "Transferred"
    assert vietnamese != "Transferred"


def test_a_value_outside_the_choices_is_shown_as_it_is() -> None:
    assert Task(status="bogus").get_status_display() == "bogus"
    assert TaskEvent(activity="").get_activity_display() == ""


def test_the_table_is_built_once_per_field() -> None:
    event = TaskEvent(activity=Activity.CREATE)
    event.get_activity_display()
    before = core_models._labels.cache_info()
    for activity in Activity:
        TaskEvent(activity=activity).get_activity_display()
    after = core_models._labels.cache_info()
    assert after.misses == before.misses
    assert after.hits == before.hits + len(Activity)


def test_every_case_head_and_event_reads_labels_so() -> None:
    # The kernel's bases carry it: tasks, dossiers and their events alike.
    for model in (Task, TaskEvent, Dossier):
        assert issubclass(model, core_models.ChoiceLabels)
