"""Proving the access log intact: walk the hash chain and check the signed checkpoints.

What each check catches:

- a row whose content was changed: its stored hash no longer matches its content (``altered``);
- a row removed from the middle: the next row's ``prev_hash`` matches no row (``removed``);
- a row slipped in: the chain skips it (the row after it still follows the row before it) or it
  claims a predecessor that already has a successor (``inserted``);
- the newest rows cut off, or the whole chain re-hashed by someone who read this code: a signed
  checkpoint names a row id and hash that are no longer there (``checkpoint``).

Checkpoints are HMAC-signed with ``settings.AUDIT_CHECKPOINT_KEY`` (falls back to SECRET_KEY), a
key that is not in the database, and each one is also written to the application log (row id and
hash only), so a copy of the head lives outside the database. Rows written after the newest
checkpoint can be cut off unnoticed; checkpoints are taken hourly to keep that window short.
"""

import hashlib
import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .log import _CHAIN_LOCK_KEY, GENESIS
from .models import AccessLog, AuditCheckpoint

logger = logging.getLogger("chance.audit")

BATCH_SIZE = 2000


@dataclass(frozen=True)
class Problem:
    kind: str  # altered | removed | inserted | checkpoint
    row_id: int | None
    message: str


@dataclass(frozen=True)
class Report:
    rows: int
    checkpoints: int
    last_id: int | None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _key() -> bytes:
    secret = getattr(settings, "AUDIT_CHECKPOINT_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(b"chance.audit.checkpoint:" + secret.encode()).digest()


def checkpoint_signature(*, at, last_id, last_hash) -> str:
    message = f"{at.isoformat()}|{last_id}|{last_hash}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def checkpoint_record() -> AuditCheckpoint | None:
    """Sign and keep the current head of the chain (nothing new since the last one: no-op)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        head = AccessLog.objects.order_by("-id").values("id", "hash").first()
        if head is None:
            return None
        latest = AuditCheckpoint.objects.order_by("-id").values_list("last_id", flat=True).first()
        if latest == head["id"]:
            return None
        at = timezone.now()
        checkpoint = AuditCheckpoint(
            at=at,
            last_id=head["id"],
            last_hash=head["hash"],
            signature=checkpoint_signature(at=at, last_id=head["id"], last_hash=head["hash"]),
        )
        checkpoint.save()
    # A witness outside the database: ids and hashes only, never personal data.
    logger.info("audit checkpoint: row #%s hash %s", checkpoint.last_id, checkpoint.last_hash)
    return checkpoint


def _in_batches(queryset, batch_size):
    """Rows in id order, a batch at a time (keyset), so memory stays flat on any log size."""
    last = 0
    while True:
        batch = list(queryset.filter(id__gt=last).order_by("id")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].id


def _missing_ids(before_id, after_id) -> str:
    first, last = before_id + 1, after_id - 1
    return f"#{first}" if first == last else f"#{first}–#{last}"


def _broken_link(row, prev) -> Problem:
    """``row`` does not follow ``prev`` (the last row that verified): say what happened."""
    expected = prev.hash if prev is not None else GENESIS
    after = f"#{prev.id}" if prev is not None else "the start of the log"
    nxt = AccessLog.objects.filter(id__gt=row.id).order_by("id").values("id", "prev_hash").first()
    if nxt is not None and nxt["prev_hash"] == expected:
        return Problem(
            "inserted",
            row.id,
            f"Row #{row.id} was inserted: row #{nxt['id']} follows {after} directly.",
        )
    claimed = None
    if row.prev_hash != GENESIS:
        claimed = AccessLog.objects.filter(hash=row.prev_hash).values_list("id", flat=True).first()
    if row.prev_hash == GENESIS or (claimed is not None and prev is not None and claimed < prev.id):
        # Row claims a predecessor that already has a successor: what lies between is not chained.
        start = claimed or 0
        first = (
            AccessLog.objects.filter(id__gt=start, id__lt=row.id)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        return Problem(
            "inserted",
            first,
            f"Row #{first} was inserted: row #{row.id} follows "
            f"{f'#{claimed}' if claimed else 'the start of the log'} directly.",
        )
    if prev is not None and row.id - prev.id == 1:
        return Problem(
            "altered",
            prev.id,
            f"Row #{prev.id} was altered and re-hashed: row #{row.id} no longer follows it.",
        )
    if prev is None:
        return Problem(
            "removed",
            row.id,
            f"Rows before #{row.id} were removed: its predecessor's hash matches no row.",
        )
    return Problem(
        "removed",
        prev.id + 1,
        f"Row {_missing_ids(prev.id, row.id)} was removed: row #{row.id} follows a row that "
        f"is no longer there (the gap is after #{prev.id}).",
    )


def _check_checkpoints(batch_size) -> tuple[int, Problem | None]:
    count = 0
    previous_last_id = 0
    for checkpoints in _batches_of(AuditCheckpoint.objects.all(), batch_size):
        hashes = dict(
            AccessLog.objects.filter(id__in=[c.last_id for c in checkpoints]).values_list(
                "id", "hash"
            )
        )
        for checkpoint in checkpoints:
            count += 1
            expected = checkpoint_signature(
                at=checkpoint.at, last_id=checkpoint.last_id, last_hash=checkpoint.last_hash
            )
            when = f"{checkpoint.at:%Y-%m-%d %H:%M} UTC"
            if not hmac.compare_digest(expected, checkpoint.signature):
                return count, Problem(
                    "checkpoint",
                    checkpoint.last_id,
                    f"Checkpoint #{checkpoint.id} ({when}) is forged or was edited: "
                    "its signature does not match.",
                )
            if checkpoint.last_id < previous_last_id:
                return count, Problem(
                    "checkpoint",
                    checkpoint.last_id,
                    f"Checkpoint #{checkpoint.id} ({when}) goes backwards in the log.",
                )
            previous_last_id = checkpoint.last_id
            actual = hashes.get(checkpoint.last_id)
            if actual is None:
                return count, Problem(
                    "removed",
                    checkpoint.last_id,
                    f"Row #{checkpoint.last_id} was removed: the checkpoint of {when} recorded it "
                    "as the newest row (rows were cut off the end of the log).",
                )
            if actual != checkpoint.last_hash:
                return count, Problem(
                    "altered",
                    checkpoint.last_id,
                    f"Row #{checkpoint.last_id} was altered: its hash differs from the one "
                    f"signed at the checkpoint of {when} (the chain was re-hashed).",
                )
    return count, None


def _batches_of(queryset, batch_size):
    batch = []
    for item in _in_batches(queryset, batch_size):
        batch.append(item)
        if len(batch) == batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def verify(*, batch_size=BATCH_SIZE) -> Report:
    """Walk the whole chain in id order and stop at the first row that does not verify."""
    rows = 0
    prev = None
    for row in _in_batches(AccessLog.objects.all(), batch_size):
        rows += 1
        expected = prev.hash if prev is not None else GENESIS
        if row.prev_hash != expected:
            return Report(rows, 0, prev.id if prev else None, _broken_link(row, prev))
        if row.compute_hash() != row.hash:
            return Report(
                rows,
                0,
                prev.id if prev else None,
                Problem(
                    "altered",
                    row.id,
                    f"Row #{row.id} was altered: its content no longer matches its hash.",
                ),
            )
        prev = row
    checkpoints, problem = _check_checkpoints(batch_size)
    return Report(rows, checkpoints, prev.id if prev else None, problem)
