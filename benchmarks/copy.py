"""Streaming bulk load with PostgreSQL COPY: rows go out in bounded batches, never as one list.

A ``CopyTable`` knows a model's columns. ``add(**values)`` takes attribute names (``youth_id``),
fills the rest from the field defaults, and encodes one text-format COPY line into a buffer that
is sent when it reaches ``BATCH_BYTES``. Because the foreign keys are checked when each COPY
commits, a table flushes the tables it points at (``parents``) before itself.
"""

import datetime
import decimal
import io
import json

from django.db import models

from chance.crypto import EncryptedTextField

BATCH_BYTES = 4 * 1024 * 1024
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _iso(value):
    return value.isoformat()


# Exact-type dispatch first (the hot path: millions of values); encode() handles the rest.
_FAST = {
    str: lambda v: (
        v.translate(_ESCAPES) if ("\\" in v or "\t" in v or "\n" in v or "\r" in v) else v
    ),
    int: str,
    float: str,
    datetime.datetime: _iso,
    datetime.date: _iso,
    type(None): lambda v: NULL,
}


def encode(value) -> str:
    fast = _FAST.get(type(value))
    if fast is not None:
        return fast(value)
    return _encode(value)


def _encode(value) -> str:
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date):  # datetime is a date too; both have isoformat
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value).translate(_ESCAPES)
    raise TypeError(f"Cannot COPY a {type(value).__name__}")


def _default(field, now):
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        return now
    if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
        return now.date()
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    return ""


class CopyTable:
    def __init__(self, cursor, model, *, now, parents=(), pk_start=1):
        self.cursor = cursor
        self.model = model
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.pk_name = model._meta.pk.attname
        self.defaults = {f.attname: _default(f, now) for f in self.fields}
        self.encrypted = {f.attname for f in self.fields if isinstance(f, EncryptedTextField)}
        self.field_by_name = {f.attname: f for f in self.fields}
        self.parents = list(parents)
        self.buffer = io.StringIO()
        self.next_pk = pk_start
        self.count = 0
        self.flushed = 0

    def add(self, **values) -> int:
        """Queue one row; returns its primary key (assigned here unless given)."""
        pk = values.get(self.pk_name)
        if pk is None:
            pk = values[self.pk_name] = self.next_pk
            self.next_pk += 1
        if self.encrypted:
            for name in self.encrypted.intersection(values):
                values[name] = self.field_by_name[name].get_prep_value(values[name])
        row = {**self.defaults, **values}
        self.buffer.write("\t".join([encode(row[name]) for name in self.defaults]) + "\n")
        self.count += 1
        if self.buffer.tell() >= BATCH_BYTES:
            self.flush()
        return pk

    def flush(self):
        if self.buffer.tell() == 0:
            return
        for parent in self.parents:
            parent.flush()
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        self.buffer.seek(0)
        self.cursor.copy_expert(f'COPY "{self.table}" ({columns}) FROM STDIN', self.buffer)
        self.flushed = self.count
        self.buffer = io.StringIO()


class HistoryTable(CopyTable):
    """The simple-history table of a model: the row's fields plus who, when, what and why."""

    def __init__(self, cursor, model, *, now, pk_start=1):
        super().__init__(cursor, model.history.model, now=now, pk_start=pk_start)

    def record(self, values: dict, *, at, by, kind="+", reason=""):
        row = {k: v for k, v in values.items() if k in self.defaults}
        row.update(
            history_date=at, history_user_id=by, history_type=kind, history_change_reason=reason
        )
        row.pop("history_id", None)
        return self.add(**row)
