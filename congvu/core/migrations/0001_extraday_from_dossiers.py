# ExtraDay (the province's own days of the working-day calendar) arrives from the dossiers app.
# The table was renamed by dossiers' 0007, so here only the state changes; the content type follows
# the model so that admin permissions granted on it are kept.

from django.db import migrations, models


def _move_content_type(apps, schema_editor, source, target):
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=target, model="extraday").exists():
        return
    content_type.objects.filter(app_label=source, model="extraday").update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "dossiers", "core")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "core", "dossiers")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dossiers", "0007_extraday_moves_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExtraDay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(unique=True, verbose_name="date")),
                        ("is_working_day", models.BooleanField(verbose_name="working day")),
                        ("reason", models.CharField(max_length=200, verbose_name="reason")),
                    ],
                    options={
                        "verbose_name": "province day",
                        "verbose_name_plural": "province days",
                        "ordering": ["date"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
