"""Append-only on PostgreSQL for every table supervisors rely on, with no way to turn it off.

Audit 0004 let any session TRUNCATE the access log after ``SET chance.allow_audit_truncate =
'on'`` (meant for the test suite, but it lived in the production trigger), and left every
simple-history table and both amendment tables open to UPDATE. This migration:

- replaces ``audit_refuse_truncate()`` with one that reads no setting (the access log, its
  checkpoints and lifecycle events, which already use it, lose the escape at once);
- puts the row trigger (UPDATE/DELETE) and the statement trigger (TRUNCATE) on every historical
  table in the migration state and on the note and assessment amendment tables.

Only a table owner or a superuser can still get past them (``ALTER TABLE ... DISABLE TRIGGER``,
``session_replication_role``); the application's role must be neither (SECURITY.md,
``manage.py check_db_role``), and ``verify_audit`` catches what such a role does anyway.
A history table added later must get the same triggers (tests/audit/test_append_only_everywhere.py
and ``check_db_role`` fail until it does). SQLite: nothing to do.
"""

from django.db import migrations

NEW_TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only: TRUNCATE on % refused', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

# What 0004 installed, put back only when this migration is reversed.
OLD_TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('chance.allow_audit_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: TRUNCATE on % refused', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

AMENDMENT_TABLES = ["services_assessmentamendment", "services_noteamendment"]


def new_tables(apps):
    """The amendment tables and every historical table known to the migration state, sorted."""
    history = {
        model._meta.db_table
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
        and {"history_id", "history_type", "history_date"}
        <= {f.name for f in model._meta.concrete_fields}
    }
    return sorted(history) + AMENDMENT_TABLES


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(NEW_TRUNCATE_FUNCTION, params=None)  # the % in RAISE are not parameters
    for table in new_tables(apps):
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"
        )
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in new_tables(apps):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}"')
    schema_editor.execute(OLD_TRUNCATE_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_append_only_triggers"),
        ("cases", "0008_open_assignment_index"),
        ("services", "0004_crisis_call_home"),
        ("placements", "0003_access_is_computed"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
