"""Times kept in the session: when the user signed in, was last seen, last proved who they are.

Stored as POSIX seconds (JSON-serialisable) and always read from ``django.utils.timezone.now``
so tests can move the clock.
"""

import math

from django.conf import settings
from django.utils import timezone

LOGIN_AT = "security.login_at"
SEEN_AT = "security.seen_at"
AUTH_AT = "security.auth_at"
OTP_REQUIRED = "security.otp_required"


def now() -> float:
    return timezone.now().timestamp()


def stamp_login(request, *, otp_required: bool):
    t = now()
    request.session[LOGIN_AT] = t
    request.session[SEEN_AT] = t
    request.session[AUTH_AT] = t
    request.session[OTP_REQUIRED] = otp_required


def mark_recent_auth(request):
    request.session[AUTH_AT] = now()


def auth_is_recent(request) -> bool:
    at = request.session.get(AUTH_AT)
    return at is not None and now() - at < settings.SECURITY_REAUTH_SECONDS


def seconds_left(request) -> int:
    """Seconds until the idle or the absolute limit ends this session, whichever comes first.

    Rounded up: the warning script reloads the page when this runs out, and a reload that arrived
    before the end would count as activity and keep an unattended session alive for good.
    """
    t = now()
    idle_left = request.session.get(SEEN_AT, 0) + settings.SESSION_IDLE_SECONDS - t
    absolute_left = request.session.get(LOGIN_AT, 0) + settings.SESSION_ABSOLUTE_SECONDS - t
    return max(0, math.ceil(min(idle_left, absolute_left)))
