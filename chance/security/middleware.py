"""Request ids, server-side session limits and the second-factor gate."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import stamps
from .logs import request_id_var


class RequestIdMiddleware:
    """Gives every request an id: in every log line it causes and in the X-Request-ID header.

    Always generated here, never taken from the client, so a log line cannot be forged to point
    at someone else's request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


# Refresh "last seen" at most this often, so a busy user does not write the session on every
# click. The stamp can only lag behind real activity, so a session ends early, never late.
_SEEN_RESOLUTION_SECONDS = 60


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_SECONDS without a request, and SESSION_ABSOLUTE_SECONDS
    after sign-in whatever the activity. Enforced here, on the server; the browser's warning
    (static/chance/session-timeout.js) is only a courtesy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect_to_login(request.get_full_path())
            if not self._is_status_poll(request):
                t = stamps.now()
                if t - request.session[stamps.SEEN_AT] >= _SEEN_RESOLUTION_SECONDS:
                    request.session[stamps.SEEN_AT] = t
        return self.get_response(request)

    @staticmethod
    def _expired(request) -> str:
        session = request.session
        login_at, seen_at = session.get(stamps.LOGIN_AT), session.get(stamps.SEEN_AT)
        t = stamps.now()
        if login_at is None or seen_at is None:
            return _("Please sign in again.")
        if t - login_at >= settings.SESSION_ABSOLUTE_SECONDS:
            span = _span(settings.SESSION_ABSOLUTE_SECONDS)
            return _("You were signed out because sessions end %(span)s after sign-in.") % {
                "span": span
            }
        if t - seen_at >= settings.SESSION_IDLE_SECONDS:
            span = _span(settings.SESSION_IDLE_SECONDS)
            return _("You were signed out after %(span)s without activity.") % {"span": span}
        return ""

    @staticmethod
    def _is_status_poll(request) -> bool:
        # The warning script asks how long is left; asking must not count as activity.
        return request.method == "GET" and request.path == reverse("security:session")


def _span(seconds: int) -> str:
    """A setting's length as people say it: '12 hours', '30 minutes', '1 minute', '45 seconds'."""
    if seconds >= 3600 and seconds % 3600 == 0:
        n = seconds // 3600
        return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
    if seconds >= 60 and seconds % 60 == 0:
        n = seconds // 60
        return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}
    return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}


# Pages a user who has given the password but not yet the second factor may open.
_HALF_SIGNED_IN_ALLOWED = {
    "login",
    "logout",
    "healthz",
    "security:otp_verify",
    "security:enroll",
}


class SecondFactorMiddleware:
    """Sends a signed-in but not yet OTP-verified user to the second-factor step, on every URL.

    Applies to everyone when REQUIRE_2FA is on, and to anyone who has enrolled a device even when
    it is off (an enrolled user always gives their second factor).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and (settings.REQUIRE_2FA or request.session.get(stamps.OTP_REQUIRED))
            and not self._allowed(request)
        ):
            target = reverse("security:otp_verify")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _allowed(request) -> bool:
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in _HALF_SIGNED_IN_ALLOWED
