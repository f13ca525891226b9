"""The database refuses UPDATE and DELETE of the log's rows."""

from django.db import migrations

from congvu.core.eventlog import RefuseChanges


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_initial")]

    operations = [RefuseChanges("nominationevent")]
