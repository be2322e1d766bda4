"""Checkpoints also sign a digest of every history table, so an edit of a history row made with
the triggers disabled (by a table owner or superuser) fails ``verify_audit``."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_append_only_everywhere")]

    operations = [
        migrations.AddField(
            model_name="auditcheckpoint",
            name="history",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
