"""Make the database itself refuse to change or delete rating events (append-only log)."""

from django.db import migrations

from congvu.core.eventlog import RefuseChanges


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [RefuseChanges("ratingevent")]
