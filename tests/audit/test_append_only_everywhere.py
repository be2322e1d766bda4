# ruff: noqa: S608  (table names come from the model registry, not from input)
"""Issue 15: the access log, its checkpoints, lifecycle events, every history table and both
amendment tables are append-only on PostgreSQL with no setting that turns it off; what a
superuser does with the triggers off is caught by verify_audit; check_db_role names a role
that could turn them off."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from cases.models import Youth
from chance.audit import chain, log
from chance.audit.append_only import history_models, protected_tables, triggers_missing
from chance.audit.models import AccessLog
from tests.audit.test_trail_every_kind import every_kind  # noqa: F401 (a fixture)

pytestmark = pytest.mark.postgres

TABLES = protected_tables()


def as_superuser_without_triggers(sql, params=()):
    """What a superuser can do: skip every ordinary trigger for a moment."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("RESET session_replication_role")


def verify_fails(match):
    with pytest.raises(CommandError, match=match) as info:
        call_command("verify_audit", "--no-checkpoint")
    assert info.value.returncode == 1


def test_every_history_table_and_both_amendment_tables_are_protected(db):
    history = [m._meta.db_table for m in history_models()]
    assert len(history) >= 20
    assert set(history) <= set(TABLES)
    assert {"services_noteamendment", "services_assessmentamendment"} <= set(TABLES)
    assert triggers_missing(connection) == []


def test_no_trigger_function_reads_a_setting(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, prosrc FROM pg_proc "
            "WHERE proname IN ('audit_refuse_change', 'audit_refuse_truncate')"
        )
        functions = dict(cursor.fetchall())
    assert set(functions) == {"audit_refuse_change", "audit_refuse_truncate"}
    for source in functions.values():
        assert "current_setting" not in source and "IF" not in source


@pytest.fixture
def some_rows(youth, clinician):
    """Rows in many protected tables: a referred, assigned youth writes history, lifecycle
    events and log rows; a checkpoint signs them."""
    for i in range(3):
        log.append(action=AccessLog.Action.LOGIN_FAILED, username=f"nobody{i}", what="login")
    chain.checkpoint_record()
    return youth


def _count(table):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        return cursor.fetchone()[0]


def test_raw_change_is_refused_on_every_protected_table_even_with_the_old_setting(every_kind):
    """Every protected table holds rows here (the record of every kind of event), so each row
    trigger really fires; each statement runs in its own savepoint."""
    chain.checkpoint_record()
    assert [t for t in TABLES if _count(t) == 0] == []
    not_refused = []
    for table in TABLES:
        rows = _count(table)
        column = "history_id" if "_historical" in table else "id"
        for statement in (
            f'UPDATE "{table}" SET "{column}" = "{column}"',
            f'DELETE FROM "{table}"',
            f'TRUNCATE "{table}" CASCADE',
        ):
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET LOCAL chance.allow_audit_truncate = 'on'")
                    cursor.execute(statement)
            except DatabaseError as refused:
                if "append-only" not in str(refused):
                    not_refused.append((statement, str(refused)[:80]))
            else:
                not_refused.append((statement, "went through"))
            if _count(table) != rows:
                not_refused.append((statement, "rows changed"))
    assert not_refused == []


def test_intact_database_verifies(some_rows, capsys):
    call_command("verify_audit", "--no-checkpoint")
    assert "intact" in capsys.readouterr().out


def test_superuser_truncate_of_log_and_checkpoints_is_caught_by_the_witness(some_rows):
    as_superuser_without_triggers("TRUNCATE audit_accesslog, audit_auditcheckpoint")
    verify_fails(r"witness\): The checkpoint of .* no longer in the database")


def test_superuser_truncate_of_the_log_alone_is_caught_by_the_checkpoint(some_rows):
    as_superuser_without_triggers("TRUNCATE audit_accesslog")
    verify_fails(r"removed\): Row #\d+ was removed: the checkpoint")


def test_superuser_edit_of_one_history_row_is_caught(some_rows):
    row = Youth.history.filter(id=some_rows.pk).order_by("history_id").first()
    as_superuser_without_triggers(
        "UPDATE cases_historicalyouth SET history_change_reason = 'nothing happened' "
        "WHERE history_id = %s",
        [row.history_id],
    )
    verify_fails(r"history\): A history row of cases_historicalyouth .* was altered")


def test_superuser_delete_of_one_history_row_is_caught(some_rows):
    row = Youth.history.filter(id=some_rows.pk).order_by("history_id").first()
    as_superuser_without_triggers(
        "DELETE FROM cases_historicalyouth WHERE history_id = %s", [row.history_id]
    )
    verify_fails(r"history\): History rows were removed from cases_historicalyouth")


def test_history_rows_after_a_checkpoint_verify_and_join_the_next(some_rows, coordinator):
    from chance.history import save_audited

    youth = Youth.objects.get(pk=some_rows.pk)
    save_audited(youth, by=coordinator, reason="new school")
    assert chain.verify().ok
    checkpoint = chain.checkpoint_record()
    assert checkpoint.history["cases_historicalyouth"]["last_id"] == (
        Youth.history.order_by("-history_id").values_list("history_id", flat=True).first()
    )
    assert chain.verify().ok


# check_db_role ----------------------------------------------------------------------------

# The documented role (SECURITY.md, "Database roles"), NOLOGIN here: the test takes it on with
# SET ROLE inside the test transaction, which rolls the role back.
DOCUMENTED_ROLE = """
CREATE ROLE chance_app_check NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
    NOBYPASSRLS;
GRANT USAGE ON SCHEMA public TO chance_app_check;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO chance_app_check;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO chance_app_check;
DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
             WHERE g.tgname = c.relname || '_append_only'
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER ON %I FROM chance_app_check', t);
    END LOOP;
END $$;
"""


def test_check_db_role_fails_for_a_superuser(db):
    with pytest.raises(CommandError, match="is a superuser") as info:
        call_command("check_db_role")
    assert info.value.returncode == 1


def test_check_db_role_passes_for_the_documented_role(db, capsys):
    with connection.cursor() as cursor:
        cursor.execute(DOCUMENTED_ROLE)
        cursor.execute("SET ROLE chance_app_check")
    try:
        call_command("check_db_role")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert "Database role OK" in capsys.readouterr().out


def test_check_db_role_fails_for_an_owner_or_a_role_with_update(db):
    with connection.cursor() as cursor:
        cursor.execute(DOCUMENTED_ROLE)
        cursor.execute("GRANT UPDATE ON cases_historicalyouth TO chance_app_check")
        cursor.execute("ALTER TABLE audit_accesslog OWNER TO chance_app_check")
        cursor.execute("SET ROLE chance_app_check")
    try:
        with pytest.raises(CommandError) as info:
            call_command("check_db_role")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert "audit_accesslog is owned by chance_app_check" in str(info.value)
    assert "cases_historicalyouth: role chance_app_check holds UPDATE" in str(info.value)


def test_check_db_role_fails_when_a_trigger_is_disabled(db):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE services_historicalprogressnote "
            "DISABLE TRIGGER services_historicalprogressnote_append_only"
        )
    with pytest.raises(CommandError, match="historicalprogressnote: append_only trigger is disab"):
        call_command("check_db_role")
