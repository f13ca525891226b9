"""Make the database itself refuse to change or delete dossier events (append-only log)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_UP = [
    """CREATE TRIGGER dossiers_dossierevent_no_update BEFORE UPDATE ON dossiers_dossierevent
       BEGIN SELECT RAISE(ABORT, 'dossier events are append-only'); END""",
    """CREATE TRIGGER dossiers_dossierevent_no_delete BEFORE DELETE ON dossiers_dossierevent
       BEGIN SELECT RAISE(ABORT, 'dossier events are append-only'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS dossiers_dossierevent_no_update",
    "DROP TRIGGER IF EXISTS dossiers_dossierevent_no_delete",
]
POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION dossiers_dossierevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'dossier events are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER dossiers_dossierevent_no_change BEFORE UPDATE OR DELETE ON dossiers_dossierevent
       FOR EACH ROW EXECUTE FUNCTION dossiers_dossierevent_append_only()""",
    """CREATE TRIGGER dossiers_dossierevent_no_truncate BEFORE TRUNCATE ON dossiers_dossierevent
       FOR EACH STATEMENT EXECUTE FUNCTION dossiers_dossierevent_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS dossiers_dossierevent_no_truncate ON dossiers_dossierevent",
    "DROP TRIGGER IF EXISTS dossiers_dossierevent_no_change ON dossiers_dossierevent",
    "DROP FUNCTION IF EXISTS dossiers_dossierevent_append_only()",
]


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
