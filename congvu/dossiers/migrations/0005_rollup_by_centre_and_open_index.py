"""Key the monthly rollup by receiving centre too (so centre staff read it), refilled from the
dossiers since it is derived data; one covering index for the open-and-overdue counts."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Count, Q


def refill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Dossier = apps.get_model("dossiers", "Dossier")
    DossierMonthStat = apps.get_model("dossiers", "DossierMonthStat")
    rows = (
        Dossier.objects.filter(finished_month__isnull=False, unit__isnull=False)
        .order_by()
        .values("finished_month", "procedure_id", "unit_id", "centre_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(late_766=True)))
    )
    DossierMonthStat.objects.bulk_create(
        [
            DossierMonthStat(
                month=row["finished_month"],
                procedure_id=row["procedure_id"],
                unit_id=row["unit_id"],
                centre_id=row["centre_id"],
                ended=row["n"],
                late=row["late"],
            )
            for row in rows
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_monthly_rollup"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="DossierMonthStat"),
        migrations.CreateModel(
            name="DossierMonthStat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(verbose_name="month")),
                ("ended", models.PositiveIntegerField(default=0)),
                ("late", models.PositiveIntegerField(default=0)),
                ("procedure", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="dossiers.procedure")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.unit")),
                ("centre", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.unit")),
            ],
            options={
                "verbose_name": "monthly dossier count",
                "verbose_name_plural": "monthly dossier counts",
                "constraints": [models.UniqueConstraint(fields=("month", "procedure", "unit", "centre"), name="dossier_month_stat_key")],
            },
        ),
        migrations.RemoveIndex(model_name="dossier", name="dossier_open_due"),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["finished_on", "due", "paused_on", "promised_on"], name="dossier_open_late"),
        ),
        migrations.RunPython(refill, migrations.RunPython.noop),
    ]
