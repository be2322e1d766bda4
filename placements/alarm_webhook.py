"""The alarm company's webhook: ``POST /integrations/alarms/``, one event of a home's alarm.

Not a page: no session, no login, no CSRF token. The sender proves itself with a signature
instead. ``X-Chance-Timestamp`` is the Unix time of sending; ``X-Chance-Signature`` is
``sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`` under one of ``ALARM_WEBHOOK_SECRET``
(several, for rotation). A request unsigned, forged, or sent more than five minutes from now is
refused with 401 before its body is read as JSON; with no secret configured the endpoint accepts
nothing (503).

The body, JSON: ``{"event_id", "home_code", "kind", "occurred_at"}``, ``kind`` one of
``intrusion``, ``unauthorized_exit``, ``test`` (with ``"test_passed": true/false``) or
``fault``, ``occurred_at`` ISO 8601 with its offset. ``placements.actions.alarm_event_receive``
records it once per ``event_id`` under the alarm company's own account
(``chance.accounts.integrations``); an unauthorized exit from a home where a youth lives opens
her missing episode in the same transaction, and the team is told.

Answers: 201 ``{"event": id, "missing_episode": id or null}``, 200 with the same for a delivery
already taken; refusals are RFC 9457 problem details (``application/problem+json``) that name a
field, never a value sent: nothing about a youth or a home leaves in them. Each verified delivery
writes one access-log row under the alarm company's account (the body is not logged); refused
signatures go to the application log only, so an unauthenticated flood cannot lengthen the chain.
"""

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from chance.accounts.integrations import integration_user
from chance.audit import log as audit_log
from chance.audit.models import AccessLog

from .actions import alarm_event_receive
from .models import AlarmEvent, Home

logger = logging.getLogger(__name__)

SOURCE = "alarm-company"
WHAT = "alarm_webhook"  # the URL name (chance/urls.py), as the access log names pages
# How far the sender's clock (the signed timestamp, the event's moment) may be from ours.
MAX_SKEW = timedelta(minutes=5)
# An event is a few hundred bytes; anything much larger is not one.
MAX_BODY_BYTES = 16 * 1024
PROBLEM_BASE = "tag:chance-case-manager,2026:alarm-webhook/"
# The sender's words for a kind, and ours.
KINDS = {
    "intrusion": AlarmEvent.Kind.INTRUSION,
    "unauthorized_exit": AlarmEvent.Kind.UNAUTHORIZED_EXIT,
    "test": AlarmEvent.Kind.TEST,
    "fault": AlarmEvent.Kind.FAULT,
}
EVENT_ID_MAX = AlarmEvent._meta.get_field("external_id").max_length
HOME_CODE_MAX = Home._meta.get_field("code").max_length


class Refused(Exception):
    """A delivery answered with a problem-details body."""

    def __init__(self, status, slug, title, detail):
        super().__init__(slug)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail


def problem(refusal: Refused) -> JsonResponse:
    return JsonResponse(
        {
            "type": PROBLEM_BASE + refusal.slug,
            "title": refusal.title,
            "status": refusal.status,
            "detail": refusal.detail,
        },
        status=refusal.status,
        content_type="application/problem+json",
    )


def _bad_body(detail):
    return Refused(400, "invalid-event", _("The event cannot be read."), detail)


# Verification ---------------------------------------------------------------------------------


def configured_secrets() -> list[str]:
    secrets = settings.ALARM_WEBHOOK_SECRET
    if isinstance(secrets, str):
        secrets = secrets.split(",")
    return [secret.strip() for secret in secrets if secret.strip()]


def signature_for(secret: str, timestamp: str, body: bytes) -> str:
    """What the sender puts in ``X-Chance-Signature`` (also what the tests sign with)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(*, secrets, timestamp: str, signature: str, body: bytes, now: float) -> None:
    """Refuse (401) unless ``signature`` is the body's under one of ``secrets`` and
    ``timestamp`` is within :data:`MAX_SKEW` of ``now``. Every secret is compared, in constant
    time, so the answer's timing does not say which one nearly matched."""
    unsigned = Refused(
        401,
        "unsigned",
        _("The request is not signed."),
        _("Send X-Chance-Timestamp and X-Chance-Signature."),
    )
    if not timestamp or not signature:
        raise unsigned
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        raise unsigned
    if abs(now - int(timestamp)) > MAX_SKEW.total_seconds():
        raise Refused(
            401,
            "stale",
            _("The signature has expired."),
            _("The timestamp is more than 5 minutes from the server's clock."),
        )
    matched = False
    for secret in secrets:
        matched |= hmac.compare_digest(
            signature_for(secret, timestamp, body).encode(), signature.encode()
        )
    if not matched:
        raise Refused(
            401,
            "bad-signature",
            _("The signature does not match."),
            _("Sign the timestamp and the raw body with the shared secret."),
        )


# The event ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    event_id: str
    home: Home
    kind: str
    occurred_at: datetime
    test_passed: bool | None


def _field(payload, name, kinds):
    value = payload.get(name)
    if value is None:
        raise _bad_body(_("The field %(field)s is missing.") % {"field": name})
    if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
        raise _bad_body(_("The field %(field)s is not valid.") % {"field": name})
    return value


def _moment(payload, now):
    raw = _field(payload, "occurred_at", (str,))
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _bad_body(
            _("The field %(field)s must be an ISO 8601 moment with its offset.")
            % {"field": "occurred_at"}
        )
    if moment > now + MAX_SKEW:
        raise _bad_body(_("The field %(field)s is in the future.") % {"field": "occurred_at"})
    # The alarm panel's clock a little ahead of ours is still the event that just happened.
    return min(moment, now)


def read_event(body: bytes, now) -> Event:
    """The event in ``body``, or a 400 naming the field at fault (never echoing its value)."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise _bad_body(_("The body is not JSON.")) from None
    if not isinstance(payload, dict):
        raise _bad_body(_("The body is not a JSON object."))
    event_id = _field(payload, "event_id", (str, int))
    event_id = str(event_id).strip()
    if not event_id or len(event_id) > EVENT_ID_MAX or not event_id.isprintable():
        raise _bad_body(_("The field %(field)s is not valid.") % {"field": "event_id"})
    kind = KINDS.get(_field(payload, "kind", (str,)))
    if kind is None:
        raise _bad_body(_("The field %(field)s is not valid.") % {"field": "kind"})
    test_passed = _field(payload, "test_passed", (bool,)) if kind == AlarmEvent.Kind.TEST else None
    occurred_at = _moment(payload, now)
    code = _field(payload, "home_code", (str,))
    home = Home.objects.filter(code=code).first() if len(code) <= HOME_CODE_MAX else None
    if home is None:
        # Which codes exist is not the sender's to learn from us: no echo, no suggestion.
        raise Refused(
            400,
            "unknown-home",
            _("The home is not known."),
            _("The field %(field)s names no home of this program.") % {"field": "home_code"},
        )
    return Event(event_id, home, kind, occurred_at, test_passed)


# The view -------------------------------------------------------------------------------------


def _log(request, *, action, by, youth_id=None, event_id=None, reason):
    audit_log.append(
        action=action,
        user=by,
        youth_id=youth_id,
        what=WHAT,
        object_ref=f"placements.AlarmEvent:{event_id}" if event_id else "",
        request=request,
        reason=reason,
    )


def _record(request, secrets):
    now = timezone.now()
    try:
        body = request.body
    except RequestDataTooBig:
        body = None
    if body is None or len(body) > MAX_BODY_BYTES:
        raise Refused(413, "too-large", _("The body is too large."), _("Send one event."))
    verify(
        secrets=secrets,
        timestamp=request.headers.get("X-Chance-Timestamp", "").strip(),
        signature=request.headers.get("X-Chance-Signature", "").strip(),
        body=body,
        now=time.time(),
    )
    # From here on the sender is the alarm company: what it sends is on the record.
    by = integration_user(SOURCE, name="Alarm company")
    try:
        event = read_event(body, now)
        delivery = alarm_event_receive(
            source=SOURCE,
            external_id=event.event_id,
            home=event.home,
            kind=event.kind,
            occurred_at=event.occurred_at,
            test_passed=event.test_passed,
            by=by,
        )
    except ValidationError as exc:
        # The action's words may name a youth's dates: give the sender the field names only.
        fields = ", ".join(sorted(exc.message_dict)) if hasattr(exc, "error_dict") else ""
        refusal = _bad_body(
            _("The event was refused (%(fields)s).") % {"fields": fields}
            if fields
            else _("The event was refused.")
        )
        _log(request, action=AccessLog.Action.DECLINED, by=by, reason=refusal.detail)
        raise refusal from None
    except Refused as refusal:
        _log(request, action=AccessLog.Action.DECLINED, by=by, reason=refusal.detail)
        raise
    stored = delivery.event
    if delivery.created:
        reason = f"Alarm {stored.kind} received from the alarm company"
        if stored.missing_episode_id:
            reason += f"; missing episode {stored.missing_episode_id} opened"
    else:
        reason = "Alarm event delivered again; nothing changed"
    _log(
        request,
        action=AccessLog.Action.SUBMITTED,
        by=by,
        youth_id=stored.youth_id,
        event_id=stored.pk,
        reason=reason,
    )
    return JsonResponse(
        {"event": stored.pk, "missing_episode": stored.missing_episode_id},
        status=201 if delivery.created else 200,
    )


@csrf_exempt  # a machine's POST, authenticated by its signature, not by a session
@login_not_required
def receive(request):
    """Take one event from the alarm company (module docstring)."""
    if request.method != "POST":
        response = problem(
            Refused(405, "method", _("Only POST is accepted."), _("Send the event with POST."))
        )
        response["Allow"] = "POST"
        return response
    secrets = configured_secrets()
    if not secrets:
        return problem(
            Refused(
                503,
                "not-configured",
                _("Alarm events are not accepted here."),
                _("No alarm webhook secret is configured on this server."),
            )
        )
    try:
        return _record(request, secrets)
    except Refused as refusal:
        if refusal.status == 401:
            logger.warning("alarm webhook refused: %s", refusal.slug)
        return problem(refusal)
