"""PostgreSQL refuses UPDATE and DELETE on lifecycle events: a youth's journey is appended to,
never rewritten. Reuses the audit app's trigger functions (TRUNCATE only when the session sets
``chance.allow_audit_truncate``, as the test settings do). SQLite: nothing to do."""

from django.db import migrations

TABLE = "cases_lifecycleevent"


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()"
    )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_lifecycle_joined_waitlist"),
        ("audit", "0004_append_only_triggers"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
