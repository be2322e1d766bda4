"""The documents' history table is append-only on PostgreSQL like every other history table
(audit 0005): who added which version of a court order or consent, and when, never changes."""

from django.db import migrations

from chance.audit.append_only import protect


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_append_only_everywhere"),
        ("cases", "0015_youth_documents"),
    ]

    operations = [protect("cases_historicalyouthdocument")]
