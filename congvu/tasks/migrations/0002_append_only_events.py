"""Make the database itself refuse to change or delete task events (append-only log)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_UP = [
    """CREATE TRIGGER tasks_taskevent_no_update BEFORE UPDATE ON tasks_taskevent
       BEGIN SELECT RAISE(ABORT, 'task events are append-only'); END""",
    """CREATE TRIGGER tasks_taskevent_no_delete BEFORE DELETE ON tasks_taskevent
       BEGIN SELECT RAISE(ABORT, 'task events are append-only'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS tasks_taskevent_no_update",
    "DROP TRIGGER IF EXISTS tasks_taskevent_no_delete",
]
POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION tasks_taskevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'task events are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER tasks_taskevent_no_change BEFORE UPDATE OR DELETE ON tasks_taskevent
       FOR EACH ROW EXECUTE FUNCTION tasks_taskevent_append_only()""",
    """CREATE TRIGGER tasks_taskevent_no_truncate BEFORE TRUNCATE ON tasks_taskevent
       FOR EACH STATEMENT EXECUTE FUNCTION tasks_taskevent_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS tasks_taskevent_no_truncate ON tasks_taskevent",
    "DROP TRIGGER IF EXISTS tasks_taskevent_no_change ON tasks_taskevent",
    "DROP FUNCTION IF EXISTS tasks_taskevent_append_only()",
]


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
