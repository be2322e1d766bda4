import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from chance.audit import chain, log
from chance.audit.models import AccessLog, AuditCheckpoint
from chance.audit.tasks import verify_audit_chain
from chance.notifications.models import Notification

from .conftest import bulk_chained, insert_row, raw_sql, skip_ids


def verify_fails(match):
    with pytest.raises(CommandError, match=match) as info:
        call_command("verify_audit", "--no-checkpoint", batch_size=2)
    assert info.value.returncode == 1
    return str(info.value)


def test_untouched_log_verifies(chained_rows, capsys):
    call_command("verify_audit", batch_size=2)
    out = capsys.readouterr().out
    assert "intact: 5 rows" in out
    assert AuditCheckpoint.objects.get().last_id == chained_rows[-1]


def test_empty_log_verifies(db, capsys):
    call_command("verify_audit")
    assert "intact: 0 rows" in capsys.readouterr().out


def test_altered_row_is_named(chained_rows):
    target = chained_rows[2]
    raw_sql("UPDATE audit_accesslog SET username = 'someone-else' WHERE id = %s", [target])
    message = verify_fails(rf"altered\): Row #{target} was altered")
    assert "content no longer matches" in message


def test_removed_row_is_named(chained_rows):
    target = chained_rows[2]
    raw_sql("DELETE FROM audit_accesslog WHERE id = %s", [target])
    verify_fails(rf"removed\): Row #{target} was removed")


def test_removed_first_row_is_noticed(chained_rows):
    raw_sql("DELETE FROM audit_accesslog WHERE id = %s", [chained_rows[0]])
    verify_fails(rf"removed\): Rows before #{chained_rows[1]} were removed")


def test_inserted_row_is_named(chained_rows):
    # Make room after the 3rd row, then slip in a well-formed row claiming to follow it.
    skip_ids(5)
    log.append(action=AccessLog.Action.LOGIN_FAILED, username="later", what="login")
    before = AccessLog.objects.get(id=chained_rows[-1])
    forged = AccessLog(
        id=chained_rows[-1] + 2,
        at=before.at,
        username="forged",
        action=AccessLog.Action.VIEWED,
        youth_id=1,
        prev_hash=before.hash,
    )
    forged.hash = forged.compute_hash()
    insert_row(forged)
    verify_fails(rf"inserted\): Row #{forged.id} was inserted")


def test_inserted_row_with_made_up_link_is_named(chained_rows):
    skip_ids(5)
    log.append(action=AccessLog.Action.LOGIN_FAILED, username="later", what="login")
    forged = AccessLog(
        id=chained_rows[-1] + 2,
        at=AccessLog.objects.get(id=chained_rows[-1]).at,
        username="forged",
        action=AccessLog.Action.VIEWED,
        prev_hash="f" * 64,
    )
    forged.hash = forged.compute_hash()
    insert_row(forged)
    verify_fails(rf"inserted\): Row #{forged.id} was inserted")


def test_cutting_off_the_newest_rows_is_caught_by_the_checkpoint(chained_rows):
    checkpoint = chain.checkpoint_record()
    assert checkpoint.last_id == chained_rows[-1]
    raw_sql("DELETE FROM audit_accesslog WHERE id >= %s", [chained_rows[3]])
    verify_fails(rf"removed\): Row #{chained_rows[-1]} was removed: the checkpoint")


def test_rehashing_the_whole_chain_is_caught_by_the_checkpoint(chained_rows):
    chain.checkpoint_record()
    # An intruder who read the code edits row 2 and recomputes every hash after it.
    raw_sql("UPDATE audit_accesslog SET username = 'framed' WHERE id = %s", [chained_rows[1]])
    prev = AccessLog.objects.get(id=chained_rows[0]).hash
    for row in AccessLog.objects.filter(id__gte=chained_rows[1]).order_by("id"):
        row.prev_hash = prev
        new_hash = row.compute_hash()
        raw_sql(
            "UPDATE audit_accesslog SET prev_hash = %s, hash = %s WHERE id = %s",
            [prev, new_hash, row.id],
        )
        prev = new_hash
    verify_fails(rf"altered\): Row #{chained_rows[-1]} was altered: its hash differs")


def test_forged_checkpoint_is_caught(chained_rows):
    checkpoint = chain.checkpoint_record()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE audit_auditcheckpoint "
                "DISABLE TRIGGER audit_auditcheckpoint_append_only"
            )
        cursor.execute(
            "UPDATE audit_auditcheckpoint SET last_id = %s WHERE id = %s",
            [chained_rows[1], checkpoint.pk],
        )
    verify_fails(r"checkpoint\): Checkpoint #\d+ .* forged")


def test_checkpoint_is_not_repeated_without_new_rows(chained_rows):
    assert chain.checkpoint_record() is not None
    assert chain.checkpoint_record() is None
    log.append(action=AccessLog.Action.LOGIN_FAILED, username="x", what="login")
    assert chain.checkpoint_record().last_id == chained_rows[-1] + 1


def test_verification_streams_a_large_log_in_batches(db, django_assert_max_num_queries):
    bulk_chained(1000)
    # 1000 rows in batches of 100: 11 batch reads + checkpoint reads, never one giant read.
    with django_assert_max_num_queries(14):
        report = chain.verify(batch_size=100)
    assert report.ok and report.rows == 1000


def test_daily_task_alerts_every_program_admin_on_failure(chained_rows, admin_user, supervisor):
    raw_sql("UPDATE audit_accesslog SET reason = 'x' WHERE id = %s", [chained_rows[1]])
    with_capture = pytest.importorskip("django.test").TestCase.captureOnCommitCallbacks
    with with_capture(execute=True):
        result = verify_audit_chain.delay().get()
    assert result == {"ok": False, "kind": "altered", "row": chained_rows[1]}
    alert = Notification.objects.get(user=admin_user)
    assert f"Row #{chained_rows[1]}" in alert.body
    assert not Notification.objects.filter(user=supervisor).exists()
    assert [m.to for m in mail.outbox] == [[admin_user.email]]
    assert "Audit log" in mail.outbox[0].subject


def test_daily_task_checkpoints_when_intact(chained_rows, admin_user):
    assert verify_audit_chain.delay().get() == {"ok": True, "rows": 5}
    assert AuditCheckpoint.objects.count() == 1
    assert not Notification.objects.exists()


def test_models_refuse_to_change_log_rows(chained_rows):
    row = AccessLog.objects.get(id=chained_rows[0])
    with pytest.raises(RuntimeError):
        row.save()
    with pytest.raises(RuntimeError):
        row.delete()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_accesslog SET reason = 'x'",
        "DELETE FROM audit_accesslog",
        "UPDATE audit_auditcheckpoint SET last_id = 1",
        "DELETE FROM audit_auditcheckpoint",
    ],
)
def test_trigger_refuses_update_and_delete(chained_rows, sql):
    chain.checkpoint_record()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AccessLog.objects.count() == 5


@pytest.mark.postgres
def test_trigger_refuses_truncate(chained_rows):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The old escape setting is gone (audit 0005): even 'on' changes nothing.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL chance.allow_audit_truncate = 'on'")
        cursor.execute("TRUNCATE audit_accesslog CASCADE")
    assert AccessLog.objects.count() == 5


def test_nul_characters_do_not_break_logging(db):
    row = log.append(action=AccessLog.Action.LOGIN_FAILED, username="a\x00b", what="lo\x00gin")
    assert row.username == "ab"
    assert chain.verify().ok


def test_rows_appended_together_chain_in_id_order(db, capsys):
    """A page that names many youths writes their rows in one insert (``append_many``): the
    chain still runs in id order and verifies; a row altered among them is named."""
    log.append(action=AccessLog.Action.LOGIN, what="login")
    rows = log.append_many(
        [{"action": AccessLog.Action.VIEWED, "youth_id": n, "what": "list"} for n in (7, 8, 9)]
    )
    assert [r.youth_id for r in AccessLog.objects.order_by("id")][-3:] == [7, 8, 9]
    assert rows[0].prev_hash == AccessLog.objects.order_by("id").first().hash
    call_command("verify_audit", "--no-checkpoint", batch_size=2)
    assert "intact: 4 rows" in capsys.readouterr().out
    target = AccessLog.objects.get(youth_id=8).pk
    raw_sql("UPDATE audit_accesslog SET reason = 'x' WHERE id = %s", [target])
    verify_fails(rf"Row #{target} was altered")
