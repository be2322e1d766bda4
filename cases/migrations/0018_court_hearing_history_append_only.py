"""A court hearing's history table is append-only on PostgreSQL like every other history table
(audit 0005): a corrected hearing date or outcome keeps every earlier version."""

from django.db import migrations

from chance.audit.append_only import protect


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_checkpoint_history"),
        ("cases", "0017_court_hearings"),
    ]

    operations = [protect("cases_historicalcourthearing")]
