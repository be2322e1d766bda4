"""Which tables PostgreSQL keeps append-only (audit 0004, cases 0006, audit 0005).

``protected_tables()`` reads the running app registry, so a history table added later shows up
here at once; the test suite and ``manage.py check_db_role`` then fail until a migration gives
it the triggers.
"""

from django.apps import apps as global_apps

CORE_TABLES = ["audit_accesslog", "audit_auditcheckpoint", "cases_lifecycleevent"]
AMENDMENT_TABLES = ["services_assessmentamendment", "services_noteamendment"]


def is_history_model(model) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    return (
        model.__name__.startswith("Historical")
        and {
            "history_id",
            "history_type",
            "history_date",
        }
        <= names
    )


def history_models(apps=global_apps):
    """Every simple-history model, ordered by table name."""
    found = [
        m
        for m in apps.get_models()
        if is_history_model(m) and not m._meta.proxy and m._meta.managed
    ]
    return sorted(found, key=lambda m: m._meta.db_table)


def protected_tables(apps=global_apps) -> list[str]:
    return CORE_TABLES + [m._meta.db_table for m in history_models(apps)] + AMENDMENT_TABLES


def triggers_missing(connection) -> list[str]:
    """'table: what' for each protected table whose triggers are absent or disabled."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname, t.tgenabled FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relname = ANY(%s)",
            [protected_tables()],
        )
        found = {(table, name): enabled for table, name, enabled in cursor.fetchall()}
    missing = []
    for table in protected_tables():
        for suffix in ("append_only", "no_truncate"):
            enabled = found.get((table, f"{table}_{suffix}"))
            if enabled is None:
                missing.append(f"{table}: no {suffix} trigger")
            elif enabled == "D":
                missing.append(f"{table}: {suffix} trigger is disabled")
    return missing


def protect(*tables):
    """A migration operation giving each table the two triggers audit 0005 put on the history
    tables of its day; for an app whose history tables came later. Needs audit 0005 (its
    functions) among the migration's dependencies. SQLite: nothing to do."""
    from django.db import migrations

    def install(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
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
        for table in tables:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}"')

    return migrations.RunPython(install, uninstall)
