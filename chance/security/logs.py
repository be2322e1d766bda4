"""Structured logs: one JSON object a line, each carrying the id of the request that caused it.

No filter can prove that personal data never reaches a log, so the rule is that no code logs it
(tests/security/test_log_canaries.py checks the main flows). Two things here keep it that way for
code we do not own: exception *messages* are left out (a database error repeats the row's
values in its message; the class name and the stack are enough to find the bug), and only a
fixed set of record attributes is written, never arbitrary ``extra`` values.
"""

import contextvars
import json
import logging
import traceback
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (``-`` outside a request: tasks, commands)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


def _stack_without_messages(exc_info) -> list[str]:
    exc_type, _exc, tb = exc_info
    frames = traceback.extract_tb(tb)
    lines = [f"{f.filename}:{f.lineno} in {f.name}" for f in frames]
    return lines + [f"{exc_type.__module__}.{exc_type.__qualname__}"]


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id_var.get()),
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = _stack_without_messages(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
