"""PostgreSQL-only: a discharged youth has no open placement, whoever writes the rows.

``cases.actions.youth_discharge`` ends every open placement first (through the placements
discharge step) and ``placements.actions`` refuses to place a discharged youth; these triggers
hold the rule for any other writer (a script, the shell, a raw statement):

- an INSERT or UPDATE of a placement left open (``ended_on IS NULL``) for a discharged youth is
  refused; the youth's row is read ``FOR SHARE`` so a discharge committing at the same moment
  waits for it (or it for the discharge) instead of both passing;
- an UPDATE of a youth to discharged while one of their placements is open is refused.

Both raise ``check_violation`` (SQLSTATE 23514), which Django reports as an IntegrityError. The
rule lives here, in placements, because cases may not know about placements. Other databases get
nothing (the actions still check).
"""

from django.db import migrations

CREATE = [
    """
    CREATE OR REPLACE FUNCTION placements_open_placement_not_discharged() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE youth_status varchar;
    BEGIN
        IF NEW.ended_on IS NULL THEN
            SELECT status INTO youth_status FROM cases_youth WHERE id = NEW.youth_id FOR SHARE;
            IF youth_status = 'discharged' THEN
                RAISE EXCEPTION 'placement % of youth %: a discharged youth has no open placement',
                    NEW.id, NEW.youth_id
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER placement_open_not_discharged
    BEFORE INSERT OR UPDATE OF ended_on, youth_id ON placements_placement
    FOR EACH ROW EXECUTE FUNCTION placements_open_placement_not_discharged()
    """,
    """
    CREATE OR REPLACE FUNCTION placements_discharge_ends_placements() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.status = 'discharged' AND EXISTS (
            SELECT 1 FROM placements_placement WHERE youth_id = NEW.id AND ended_on IS NULL
        ) THEN
            RAISE EXCEPTION 'youth %: end the open placement before discharging', NEW.id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER youth_discharged_without_open_placement
    BEFORE UPDATE OF status ON cases_youth
    FOR EACH ROW EXECUTE FUNCTION placements_discharge_ends_placements()
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS youth_discharged_without_open_placement ON cases_youth",
    "DROP FUNCTION IF EXISTS placements_discharge_ends_placements()",
    "DROP TRIGGER IF EXISTS placement_open_not_discharged ON placements_placement",
    "DROP FUNCTION IF EXISTS placements_open_placement_not_discharged()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql, params=None)  # the % in RAISE are not parameters

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_open_assignment_index"),
        ("placements", "0005_placement_waitlist_skip_reason"),
    ]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
