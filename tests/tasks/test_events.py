"""The event log is append-only in the model and the database; its hash chain shows tampering."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from congvu.tasks.actions import accept_task, assign_task
from congvu.tasks.events import ChainBreak, verify_chain
from congvu.tasks.models import TaskEvent
from tests.factories import make_task

TRIGGERS = {
    "sqlite": [
        "DROP TRIGGER tasks_taskevent_no_update",
        "DROP TRIGGER tasks_taskevent_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER tasks_taskevent_no_change ON tasks_taskevent",
    ],
}


def logged_task(province):
    task = make_task(province)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    return task


def drop_triggers() -> None:
    """Play a tamperer with database-owner rights (undone when the test transaction rolls back)."""
    with connection.cursor() as cursor:
        for statement in TRIGGERS[connection.vendor]:
            cursor.execute(statement)


def test_the_model_refuses_to_change_an_event(province):
    event = logged_task(province).events.first()
    event.note = "sửa lại"

    with pytest.raises(TypeError):
        event.save()


def test_the_model_refuses_to_delete_events(province):
    task = logged_task(province)

    with pytest.raises(TypeError):
        task.events.first().delete()
    with pytest.raises(TypeError):
        TaskEvent.objects.filter(task=task).delete()
    with pytest.raises(TypeError):
        TaskEvent.objects.filter(task=task).update(note="x")

    assert task.events.count() == 3


def test_the_database_refuses_an_update_behind_the_models_back(province):
    task = logged_task(province)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE tasks_taskevent SET note = 'x' WHERE task_id = %s", [task.pk])

    assert not task.events.filter(note="x").exists()


def test_the_database_refuses_a_delete_behind_the_models_back(province):
    task = logged_task(province)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM tasks_taskevent WHERE task_id = %s", [task.pk])

    assert task.events.count() == 3


def test_an_intact_log_verifies(province):
    logged_task(province)
    logged_task(province)

    assert verify_chain() == []


def test_an_altered_event_is_reported_as_the_first_break(province):
    task = logged_task(province)
    drop_triggers()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tasks_taskevent SET note = 'đã sửa' WHERE task_id = %s AND seq = 2", [task.pk]
        )

    assert verify_chain() == [ChainBreak(task.pk, 2, "altered")]


def test_a_removed_event_is_reported_as_missing(province):
    task = logged_task(province)
    drop_triggers()

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tasks_taskevent WHERE task_id = %s AND seq = 2", [task.pk])

    assert verify_chain() == [ChainBreak(task.pk, 2, "missing")]


def test_a_removed_last_event_is_reported_as_missing(province):
    task = logged_task(province)
    drop_triggers()

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tasks_taskevent WHERE task_id = %s AND seq = 3", [task.pk])

    assert verify_chain() == [ChainBreak(task.pk, 3, "missing")]


def test_the_verify_command_names_the_broken_event(province, capsys):
    task = logged_task(province)
    drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tasks_taskevent SET due = '2030-01-01' WHERE task_id = %s AND seq = 1",
            [task.pk],
        )

    with pytest.raises(CommandError):
        call_command("verify")

    assert f"{task.pk}" in capsys.readouterr().out


def test_the_verify_command_reports_an_intact_log(province, capsys):
    logged_task(province)

    call_command("verify")

    assert "3" in capsys.readouterr().out
