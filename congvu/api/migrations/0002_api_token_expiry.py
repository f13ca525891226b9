"""Tokens expire: existing tokens get the default lifetime counted from when they were issued."""

import datetime as dt

from django.conf import settings
from django.db import migrations, models


def set_expiry(apps, schema_editor):
    ApiToken = apps.get_model("congvu_api", "ApiToken")
    lifetime = dt.timedelta(days=getattr(settings, "CONGVU_API_TOKEN_DAYS", 180))
    for token in ApiToken.objects.all():
        token.expires_at = token.created_at + lifetime
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("congvu_api", "0001_api_token")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(set_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
