"""Finding events take the case-event kernel's columns (canonical ones and the chain), and the
finding row the chain's head and a version."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0003_findings_on_any_case"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="last_event_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="finding",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="findingevent",
            name="due",
            field=models.DateField(null=True, verbose_name="deadline in force"),
        ),
        migrations.AddField(
            model_name="findingevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="findingevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="findingevent",
            name="reason",
            field=models.CharField(blank=True, max_length=24, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="findingevent",
            name="to_unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="target unit",
            ),
        ),
        migrations.AddField(
            model_name="findingevent",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="unit",
            ),
        ),
        migrations.AlterField(
            model_name="findingevent",
            name="actor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.official",
                verbose_name="actor",
            ),
        ),
        migrations.AlterField(
            model_name="findingevent",
            name="ts",
            field=models.DateTimeField(db_index=True, verbose_name="time"),
        ),
    ]
