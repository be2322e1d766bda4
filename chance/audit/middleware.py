from . import log
from .access import action_time, noted
from .models import AccessLog

# Answers to a request the view accepted but whose input it refused (a form with errors, a
# filter it cannot read): the user was allowed, nothing was saved.
INVALID_INPUT = {400, 422}
# Rows that keep what the access helper noted whatever the answer.
KEPT = {AccessLog.Action.DENIED}


def outcome(action, status_code):
    """The action a noted access is logged as, once the response is known."""
    if action in KEPT or status_code < 400:
        return action
    if status_code in INVALID_INPUT:
        return AccessLog.Action.DECLINED
    return AccessLog.Action.DENIED


class AccessLogMiddleware:
    """Writes the access-log rows that the access helpers noted during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        entries = noted(request)
        if entries:
            match = getattr(request, "resolver_match", None)
            what = match.view_name if match else ""
            # One moment for the whole request, the one its history rows carry: the trail shows
            # the request as one user action.
            at = action_time(request)
            rows = [
                {
                    "action": outcome(action, response.status_code),
                    "user": request.user,
                    "youth_id": youth_id,
                    "what": what,
                    "request": request,
                    "reason": reason,
                    "at": at,
                }
                for youth_id, (action, reason) in entries.items()
            ]
            # One insert for them all: a list page that names fifty youths stays three queries.
            log.append_many(rows)
        return response
