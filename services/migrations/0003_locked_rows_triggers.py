"""PostgreSQL backs up two rules the actions enforce: a final assessment and a signed progress
note are never updated or deleted (corrections are amendments). Nothing happens elsewhere."""

from django.db import migrations

FUNCTIONS = {
    "services_assessment": ("final", "final assessment", "an assessment amendment"),
    "services_progressnote": ("signed", "signed progress note", "a note amendment"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (status, what, instead) in FUNCTIONS.items():
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {table}_refuse_locked() RETURNS trigger AS $$
            BEGIN
                IF OLD.status = '{status}' THEN
                    RAISE EXCEPTION 'A {what} cannot be changed; add {instead} instead.'
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS {table}_locked ON {table};
            CREATE TRIGGER {table}_locked BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_refuse_locked();
            """
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in FUNCTIONS:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {table}_locked ON {table}; "
            f"DROP FUNCTION IF EXISTS {table}_refuse_locked();"
        )


class Migration(migrations.Migration):
    dependencies = [("services", "0002_catalogue")]
    operations = [migrations.RunPython(create, drop)]
