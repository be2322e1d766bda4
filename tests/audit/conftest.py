"""Helpers for the audit tests: raw tampering with the log, and a large chained log built fast."""

import pytest
from django.db import connection
from django.utils import timezone

from chance.audit import log
from chance.audit.models import AccessLog


def raw_sql(sql, params=()):
    """Run SQL against the log as an intruder would. On PostgreSQL the append-only trigger refuses
    UPDATE/DELETE, so the intruder (like this helper) must first disable it: a table owner can.
    The test transaction rolls the ALTER TABLE back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of rows written earlier in the test block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE audit_accesslog DISABLE TRIGGER audit_accesslog_append_only"
            )
        cursor.execute(sql, params)


def skip_ids(n):
    """Leave a gap of n ids in the log's id sequence (room to slip a row in)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('audit_accesslog', 'id'), "
                "(SELECT max(id) FROM audit_accesslog) + %s)",
                [n],
            )
        else:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = seq + %s WHERE name = 'audit_accesslog'", [n]
            )


def insert_row(row: AccessLog):
    raw_sql(
        "INSERT INTO audit_accesslog (id, at, user_id, username, youth_id, action, what, "
        "object_ref, path, method, ip, reason, prev_hash, hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            row.id,
            row.at,
            row.user_id,
            row.username,
            row.youth_id,
            row.action,
            row.what,
            row.object_ref,
            row.path,
            row.method,
            row.ip,
            row.reason,
            row.prev_hash,
            row.hash,
        ],
    )


def bulk_chained(n, *, user=None, youth_id=None, action=AccessLog.Action.VIEWED):
    """n rows with correct hashes continuing the chain, written with bulk_create (fast)."""
    last = AccessLog.objects.order_by("-id").values_list("hash", flat=True).first()
    prev = last or log.GENESIS
    now = timezone.now()
    rows = []
    for i in range(n):
        row = AccessLog(
            at=now - timezone.timedelta(seconds=n - i),
            user=user,
            username=user.username if user else "",
            youth_id=youth_id,
            action=action,
            what="cases:detail",
            path="/youths/x/",
            method="GET",
            ip="127.0.0.1",
            prev_hash=prev,
        )
        row.hash = row.compute_hash()
        prev = row.hash
        rows.append(row)
    AccessLog.objects.bulk_create(rows, batch_size=2000)


@pytest.fixture
def chained_rows(db):
    """Five honest rows appended through log.append; returns their ids."""
    for i in range(5):
        log.append(action=AccessLog.Action.LOGIN_FAILED, username=f"nobody{i}", what="login")
    return list(AccessLog.objects.order_by("id").values_list("id", flat=True))
