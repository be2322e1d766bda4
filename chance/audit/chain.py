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

The history tables (simple-history) and the checkpoints themselves are covered too:

- each checkpoint also signs, per history table, a rolling SHA-256 digest of its rows in
  ``history_id`` order up to a ``last_id`` (values read through the model, so encrypted columns
  count as their plaintext and a key rotation changes nothing); an edited, removed or inserted
  history row at or below a checkpoint fails verification (``history``);
- each checkpoint is also appended, signed, to the witness file (``AUDIT_WITNESS_FILE``) outside
  the database; a witnessed checkpoint that is no longer in the database fails verification, so
  emptying both the log and its checkpoints does not read as "intact: 0 rows".
"""

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .append_only import history_models
from .log import _CHAIN_LOCK_KEY, GENESIS
from .models import AccessLog, AuditCheckpoint

logger = logging.getLogger("chance.audit")

BATCH_SIZE = 2000


@dataclass(frozen=True)
class Problem:
    kind: str  # altered | removed | inserted | checkpoint | history | witness
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


def checkpoint_signature(*, at, last_id, last_hash, history=None) -> str:
    message = f"{at.isoformat()}|{last_id}|{last_hash}"
    if history:  # checkpoints from before audit 0006 signed no history
        message += "|" + json.dumps(history, sort_keys=True, separators=(",", ":"))
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


# History tables: a rolling digest over their rows -------------------------------------------


def _history_fields(model) -> list[str]:
    return sorted(f.attname for f in model._meta.concrete_fields)


def _row_digest(values: dict) -> bytes:
    # None left out, so a nullable column added later does not change the digest of old rows.
    kept = {k: v for k, v in values.items() if v is not None}
    payload = json.dumps(kept, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).digest()


def _fold(model, fields, *, after_id, up_to_id, digest, batch_size):
    """Fold the rows after_id < history_id <= up_to_id into digest; -> (rows, digest)."""
    rows = 0
    state = bytes.fromhex(digest)
    last = after_id
    while True:
        batch = list(
            model.objects.filter(history_id__gt=last, history_id__lte=up_to_id)
            .order_by("history_id")
            .values(*fields)[:batch_size]
        )
        if not batch:
            return rows, state.hex()
        for values in batch:
            state = hashlib.sha256(state + _row_digest(values)).digest()
        rows += len(batch)
        last = batch[-1]["history_id"]


def _history_head(model):
    """The newest history id old enough to checkpoint (see AUDIT_HISTORY_SETTLE_SECONDS)."""
    settle = getattr(settings, "AUDIT_HISTORY_SETTLE_SECONDS", 300)
    ids = model.objects.order_by("history_id").values_list("history_id", flat=True)
    if settle:
        cutoff = timezone.now() - timedelta(seconds=settle)
        first_young = ids.filter(history_date__gt=cutoff).first()
        if first_young is not None:
            return ids.filter(history_id__lt=first_young).last()
    return ids.last()


def _history_snapshot(previous: dict, batch_size) -> dict:
    """Each history table's entry for a new checkpoint, continuing the previous checkpoint's."""
    snapshot = {}
    for model in history_models():
        table = model._meta.db_table
        before = previous.get(table) or {
            "last_id": 0,
            "rows": 0,
            "digest": GENESIS,
            "fields": _history_fields(model),
        }
        head = _history_head(model)
        if head is None or head <= before["last_id"]:
            snapshot[table] = before
            continue
        fields = _history_fields(model)
        rows, digest = _fold(
            model,
            fields,
            after_id=before["last_id"],
            up_to_id=head,
            digest=before["digest"],
            batch_size=batch_size,
        )
        snapshot[table] = {
            "last_id": head,
            "rows": before["rows"] + rows,
            "digest": digest,
            "fields": fields,
        }
    return snapshot


def _check_history(checkpoints_history: list, batch_size) -> Problem | None:
    """Recompute each table's digest segment by segment (checkpoint to checkpoint): O(rows)."""
    models_by_table = {m._meta.db_table: m for m in history_models()}
    for table, model in models_by_table.items():
        done = {"last_id": 0, "rows": 0, "digest": GENESIS}
        for entry in checkpoints_history:
            point = entry.get(table)
            if point is None or point["last_id"] == done["last_id"]:
                continue
            have = {f.attname for f in model._meta.concrete_fields}
            gone = [f for f in point["fields"] if f not in have]
            if gone:
                return Problem(
                    "history",
                    None,
                    f"History table {table} lost column(s) {', '.join(gone)} that a checkpoint "
                    "signed; its rows can no longer be verified.",
                )
            rows, digest = _fold(
                model,
                point["fields"],
                after_id=done["last_id"],
                up_to_id=point["last_id"],
                digest=done["digest"],
                batch_size=batch_size,
            )
            rows += done["rows"]
            if rows < point["rows"]:
                return Problem(
                    "history",
                    None,
                    f"History rows were removed from {table}: a signed checkpoint counted "
                    f"{point['rows']} up to history id {point['last_id']}, {rows} remain.",
                )
            if rows > point["rows"]:
                return Problem(
                    "history",
                    None,
                    f"History rows were inserted into {table}: a signed checkpoint counted "
                    f"{point['rows']} up to history id {point['last_id']}, there are {rows}.",
                )
            if digest != point["digest"]:
                return Problem(
                    "history",
                    None,
                    f"A history row of {table} (history id {done['last_id'] + 1}–"
                    f"{point['last_id']}) was altered: the digest differs from the signed one.",
                )
            done = {"last_id": point["last_id"], "rows": point["rows"], "digest": digest}
    return None


# The witness: checkpoints written outside the database ------------------------------------


def _witness_path() -> Path | None:
    path = getattr(settings, "AUDIT_WITNESS_FILE", "")
    return Path(path) if path else None


def _witness_write(checkpoint) -> None:
    path = _witness_path()
    if path is None:
        return
    line = {
        "at": checkpoint.at.isoformat(),
        "last_id": checkpoint.last_id,
        "last_hash": checkpoint.last_hash,
        "signature": checkpoint.signature,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as witness:
        witness.write(json.dumps(line, sort_keys=True) + "\n")


def _check_witness() -> Problem | None:
    """Every checkpoint the witness recorded must still be in the database."""
    path = _witness_path()
    if path is None or not path.exists():
        return None
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    if not lines:
        return None
    present = set(
        AuditCheckpoint.objects.filter(
            signature__in=[line["signature"] for line in lines]
        ).values_list("signature", flat=True)
    )
    for line in lines:
        if line["signature"] not in present:
            return Problem(
                "witness",
                line["last_id"],
                f"The checkpoint of {line['at']} (row #{line['last_id']}), recorded by the witness "
                "outside the database, is no longer in the database: the log and its "
                "checkpoints were emptied or cut back.",
            )
    return None


def checkpoint_record() -> AuditCheckpoint | None:
    """Sign and keep the current head of the chain (nothing new since the last one: no-op)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        head = AccessLog.objects.order_by("-id").values("id", "hash").first()
        latest = AuditCheckpoint.objects.order_by("-id").values("last_id", "history").first()
        previous = latest["history"] if latest else {}
        history = _history_snapshot(previous, BATCH_SIZE)
        if head is None and not any(entry["rows"] for entry in history.values()):
            return None
        head = head or {"id": 0, "hash": GENESIS}
        if latest is not None and latest["last_id"] == head["id"] and history == previous:
            return None
        at = timezone.now()
        checkpoint = AuditCheckpoint(
            at=at,
            last_id=head["id"],
            last_hash=head["hash"],
            history=history,
            signature=checkpoint_signature(
                at=at, last_id=head["id"], last_hash=head["hash"], history=history
            ),
        )
        checkpoint.save()
    # Witnesses outside the database: ids, hashes and digests only, never personal data.
    _witness_write(checkpoint)
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


def _check_checkpoints(batch_size, histories: list) -> tuple[int, Problem | None]:
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
                at=checkpoint.at,
                last_id=checkpoint.last_id,
                last_hash=checkpoint.last_hash,
                history=checkpoint.history,
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
            if checkpoint.history:
                histories.append(checkpoint.history)
            if checkpoint.last_id == 0:  # taken for history rows before any access-log row
                continue
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
    histories = []
    checkpoints, problem = _check_checkpoints(batch_size, histories)
    problem = problem or _check_witness() or _check_history(histories, batch_size)
    return Report(rows, checkpoints, prev.id if prev else None, problem)
