"""Writing the access log: one function appends, everything else calls it."""

from django.db import connection, transaction
from django.utils import timezone

from .models import AccessLog

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 727_274_001  # arbitrary constant for pg_advisory_xact_lock


def client_ip(request):
    if request is None:
        return None
    ip = request.META.get("REMOTE_ADDR") or None
    # Hash exactly what the database will give back (IPv6 is stored in its normalised form).
    return AccessLog._meta.get_field("ip").get_prep_value(ip) if ip else None


def _text(value, limit=None):
    """PostgreSQL refuses NUL in text; a hostile path must not turn a log write into a 500."""
    value = (value or "").replace("\x00", "")
    return value[:limit] if limit else value


def _row(*, action, user, username, youth_id, what, object_ref, request, reason, at=None):
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AccessLog(
        at=at or timezone.now(),
        user=user,
        username=_text(username or (user.get_username() if user else ""), 150),
        youth_id=youth_id,
        action=action,
        what=_text(what, 120),
        object_ref=_text(object_ref, 120),
        path=(_text(request.path, 300) if request is not None else ""),
        method=(_text(request.method, 8) if request is not None else ""),
        ip=client_ip(request),
        reason=_text(reason),
    )


def _chain(rows):
    """Link ``rows`` to the head of the chain and insert them, in one transaction holding the
    chain's lock (three queries however many rows: a page showing fifty youths logs fifty)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AccessLog.objects.order_by("-id").values_list("hash", flat=True).first()
        for row in rows:
            row.prev_hash = last or GENESIS
            row.hash = last = row.compute_hash()
        if len(rows) == 1:
            rows[0].save()
        else:
            # One INSERT: its ids follow the list's order, so the chain runs in id order.
            AccessLog.objects.bulk_create(rows)
    return rows


def append_many(entries):
    """Append one row per dict of ``entries`` (the arguments of :func:`append`), in order."""
    defaults = {
        "user": None,
        "username": "",
        "youth_id": None,
        "what": "",
        "object_ref": "",
        "request": None,
        "reason": "",
        "at": None,
    }
    rows = [_row(**{**defaults, **entry}) for entry in entries]
    return _chain(rows) if rows else []


def append(
    *,
    action,
    user=None,
    username="",
    youth_id=None,
    what="",
    object_ref="",
    request=None,
    reason="",
):
    """Append one row to the hash chain. Serialised so two writers never share a predecessor."""
    row = _row(
        action=action,
        user=user,
        username=username,
        youth_id=youth_id,
        what=what,
        object_ref=object_ref,
        request=request,
        reason=reason,
    )
    return _chain([row])[0]
