"""The home documents' history table is append-only on PostgreSQL like every other history
table (audit 0005): who filed which version of a licence stays written."""

from django.db import migrations

from chance.audit.append_only import protect


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_checkpoint_history"),
        ("placements", "0014_home_documents"),
    ]

    operations = [protect("placements_historicalhomedocument")]
