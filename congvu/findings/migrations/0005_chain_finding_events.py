"""Chain the finding events written before the log was chained, oldest first, set each
finding's head, and from then on make the database refuse to change or delete them."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from congvu.core.eventlog import RefuseChanges, seal_existing


def chain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seal_existing(apps.get_model("findings", "FindingEvent"), log="finding", case_field="finding")


class Migration(migrations.Migration):
    dependencies = [("findings", "0004_chain_columns")]

    operations = [
        migrations.RunPython(chain, migrations.RunPython.noop),
        RefuseChanges("findingevent"),
    ]
