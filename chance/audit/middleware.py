from . import log
from .access import noted
from .models import AccessLog


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
            rows = []
            for youth_id, (action, reason) in entries.items():
                if action != AccessLog.Action.DENIED and response.status_code >= 400:
                    action = AccessLog.Action.DENIED
                rows.append(
                    {
                        "action": action,
                        "user": request.user,
                        "youth_id": youth_id,
                        "what": what,
                        "request": request,
                        "reason": reason,
                    }
                )
            # One insert for them all: a list page that names fifty youths stays three queries.
            log.append_many(rows)
        return response
