# The province's days (ExtraDay) move to the core app with the working-day calendar. The table is
# renamed, never recreated, so the days already declared stay; core's 0001 takes the model's state.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_covering_indexes_with_centre"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="extraday", table="core_extraday"),
            ],
            state_operations=[
                migrations.DeleteModel(name="ExtraDay"),
            ],
        ),
    ]
