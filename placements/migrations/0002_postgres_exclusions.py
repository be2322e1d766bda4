"""PostgreSQL-only: no two placements of one youth, or in one home, may overlap in time.

The partial unique indexes in 0001 hold "one open placement"; these exclusion constraints (with
btree_gist) also refuse back-dated overlaps. Placement dates are half-open ranges
[started_on, ended_on), so a move that ends one placement and starts the next on the same day
is allowed. Other databases get nothing here (the actions still check).
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE placements_placement ADD CONSTRAINT placement_no_overlap_per_youth
       EXCLUDE USING gist (youth_id WITH =, daterange(started_on, ended_on, '[)') WITH &&)""",
    """ALTER TABLE placements_placement ADD CONSTRAINT placement_no_overlap_per_home
       EXCLUDE USING gist (home_id WITH =, daterange(started_on, ended_on, '[)') WITH &&)
       WHERE (home_id IS NOT NULL)""",
]
DROP = [
    "ALTER TABLE placements_placement DROP CONSTRAINT IF EXISTS placement_no_overlap_per_home",
    "ALTER TABLE placements_placement DROP CONSTRAINT IF EXISTS placement_no_overlap_per_youth",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
