"""The directive documents' search text (number and summary without diacritics), filled for the
documents already recorded."""

from django.db import migrations, models


def fill_folded(apps, schema_editor):
    from congvu.org.text import fold

    DirectiveDocument = apps.get_model("tasks", "DirectiveDocument")
    documents = list(DirectiveDocument.objects.only("pk", "number", "summary"))
    for document in documents:
        document.folded = fold(f"{document.number} {document.summary}")
    DirectiveDocument.objects.bulk_update(documents, ["folded"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0009_task_extended_at_judged_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="directivedocument",
            name="folded",
            field=models.CharField(blank=True, default="", editable=False, max_length=600),
        ),
        migrations.RunPython(fill_folded, migrations.RunPython.noop),
    ]
