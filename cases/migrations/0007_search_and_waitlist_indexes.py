"""Indexes that keep the youth search and the STFC waitlist flat as the program grows.

Search: the youth list matches a fragment anywhere in the record number, names, preferred name
or aliases (``icontains``, which Django writes as UPPER(column) LIKE UPPER(%s)). Without an index
that is a scan of every youth; with a trigram index on each UPPER(column), PostgreSQL ORs five
index lookups. PostgreSQL only (pg_trgm is a trusted extension since PostgreSQL 13: the database
owner can create it); on SQLite, the embedded demo, nothing is done and search scans, which is
fine at demo size. The indexes are not in Youth.Meta so that SQLite never sees them.
"""

from django.db import migrations, models

SEARCHED = ("record_number", "legal_first_name", "legal_last_name", "preferred_name", "aliases")


def _on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


CREATE = (
    ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    + [
        f"CREATE INDEX IF NOT EXISTS youth_{column}_trgm ON cases_youth "
        f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        for column in SEARCHED
    ]
    + ["ANALYZE cases_youth"]
)  # expression indexes have no statistics until analyzed
DROP = [f"DROP INDEX IF EXISTS youth_{column}_trgm" for column in SEARCHED]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_lifecycle_append_only"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="youth",
            index=models.Index(
                condition=models.Q(("waitlisted_at__isnull", False)),
                fields=["waitlist_priority", "waitlisted_at", "id"],
                name="youth_waitlist_order_idx",
            ),
        ),
        migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP)),
    ]
