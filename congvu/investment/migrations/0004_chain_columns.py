"""The columns of the case-event kernel's chain on project events and on the project row."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("investment", "0003_planted_behaviour")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="last_event_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="projectevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="projectevent",
            name="payload",
            field=models.JSONField(blank=True, default=dict, verbose_name="details"),
        ),
        migrations.AddField(
            model_name="projectevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="projectevent",
            name="reason",
            field=models.CharField(blank=True, max_length=24, verbose_name="reason"),
        ),
    ]
