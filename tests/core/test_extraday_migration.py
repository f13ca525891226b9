"""Moving ExtraDay from dossiers to core keeps the days already declared (the table is renamed,
not recreated), and the move can be undone."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("dossiers", "0006_covering_indexes_with_centre"), ("core", None)]
AFTER = [("dossiers", "0007_extraday_moves_to_core"), ("core", "0001_extraday_from_dossiers")]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


# SQLite's schema editor cannot run inside a transaction, so there the test commits and the
# database is flushed after it. PostgreSQL migrates inside the test's transaction (its DDL is
# transactional), because a flush would TRUNCATE the event logs, which their triggers refuse.
IS_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.mark.django_db(transaction=IS_SQLITE)
def test_the_province_days_survive_the_move_to_core_and_back() -> None:
    old_apps = _migrate(BEFORE).loader.project_state(BEFORE[:1]).apps
    old_apps.get_model("dossiers", "ExtraDay").objects.create(
        date=dt.date(2025, 10, 10), is_working_day=False, reason="Ngày giải phóng tỉnh"
    )

    new_apps = _migrate(AFTER).loader.project_state(AFTER).apps
    moved = new_apps.get_model("core", "ExtraDay").objects.get()
    content_types = new_apps.get_model("contenttypes", "ContentType").objects

    assert (moved.date, moved.is_working_day, moved.reason) == (
        dt.date(2025, 10, 10),
        False,
        "Ngày giải phóng tỉnh",
    )
    assert "core_extraday" in connection.introspection.table_names()
    assert "dossiers_extraday" not in connection.introspection.table_names()
    assert not content_types.filter(app_label="dossiers", model="extraday").exists()

    back_apps = _migrate(BEFORE).loader.project_state(BEFORE[:1]).apps
    assert (
        back_apps.get_model("dossiers", "ExtraDay").objects.get().reason == "Ngày giải phóng tỉnh"
    )

    _migrate(AFTER)
    from congvu.core.models import ExtraDay

    ExtraDay.objects.all().delete()
