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
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AccessLog.objects.order_by("-id").values_list("hash", flat=True).first()
        row = AccessLog(
            at=timezone.now(),
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
            prev_hash=last or GENESIS,
        )
        row.hash = row.compute_hash()
        row.save()
    return row
