"""Chain the project events written before the log was chained, oldest first, and set each
project's head; the refusing triggers are lifted for this one pass and installed again."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from congvu.core.eventlog import AllowChanges, RefuseChanges, seal_existing


def chain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seal_existing(apps.get_model("investment", "ProjectEvent"), log="project", case_field="project")


class Migration(migrations.Migration):
    dependencies = [("investment", "0004_chain_columns")]

    operations = [
        AllowChanges("projectevent"),
        migrations.RunPython(chain, migrations.RunPython.noop),
        RefuseChanges("projectevent"),
    ]
