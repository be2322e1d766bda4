"""The judicial review reports' history table is append-only on PostgreSQL like every other
history table (audit 0005): recommendations sent to a court keep every earlier version."""

from django.db import migrations

from chance.audit.append_only import protect


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_checkpoint_history"),
        ("services", "0010_judicial_review_reports"),
    ]

    operations = [protect("services_historicaljudicialreviewreport")]
