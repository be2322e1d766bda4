"""Recording who looked at which youth.

Access helpers (such as ``cases.selectors.youth_for``) call :func:`note_access` when they hand a
youth to a view, or :func:`note_denied` just before they refuse with a 404. The middleware then
writes exactly one row per youth per request, after the response is known, so no view can forget.
"""

from django.utils import timezone

from .models import AccessLog

_ATTR = "_chance_access"
_AT = "_chance_action_at"


def note_access(request, youth_id, *, action=None, reason=""):
    if request is None:
        return
    entries = request.__dict__.setdefault(_ATTR, {})
    if action is None:
        action = (
            AccessLog.Action.VIEWED
            if request.method in ("GET", "HEAD")
            else AccessLog.Action.SUBMITTED
        )
    # A denial or break-the-glass for the same youth in one request wins over a plain view.
    if youth_id not in entries or entries[youth_id][0] == AccessLog.Action.VIEWED:
        entries[youth_id] = (action, reason)


def note_denied(request, youth_id):
    note_access(request, youth_id, action=AccessLog.Action.DENIED)


def note_also(request, youth_id, what):
    """Add ``what`` to the reason of the row already noted for ``youth_id`` in this request (a
    page of the youth that also shows something it must name, such as the home's address)."""
    entries = noted(request)
    action, reason = entries[youth_id]
    entries[youth_id] = (action, f"{reason}; {what}" if reason else what)


def note_export(request, youth_id, reason):
    """The row noted for ``youth_id`` in this request says "exported", with ``reason`` before the
    ground noted earlier (the access policy's), for a page or a file that exists to leave the
    system: the printable summary, an encrypted record bundle (GET or POST alike)."""
    entries = request.__dict__.setdefault(_ATTR, {})
    _action, earlier = entries.get(youth_id, (None, ""))
    entries[youth_id] = (
        AccessLog.Action.EXPORTED,
        f"{reason}; {earlier}" if earlier else reason,
    )


def noted(request):
    return getattr(request, _ATTR, {})


def action_time(request, default=None):
    """The moment of the user action a request is: set by its first history row (or here, the
    first time it is asked for). Every history row and access-log row of the request carries
    it, so the audit trail can show them as one action (same user, same moment)."""
    if request is None:
        return default or timezone.now()
    at = request.__dict__.get(_AT)
    if at is None:
        at = request.__dict__[_AT] = default or timezone.now()
    return at
