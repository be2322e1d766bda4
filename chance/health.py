"""/healthz: database and broker, through django-health-check.

A browser (Accept: text/html) gets a small page, a monitor gets JSON (``Accept:
application/json`` or ``?format=json``), ``?format=text`` plain lines. Each check answers "OK"
or "unavailable", never the driver's own message: that can name hosts, users or settings, and
this page is open to anyone. The detail goes to the server log.
"""

import dataclasses
import logging

from django.http import HttpResponse, JsonResponse
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

logger = logging.getLogger(__name__)

OK, UNAVAILABLE = "OK", "unavailable"


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (Redis, or the embedded file-system transport)."""

    def run(self):
        from chance.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception as exc:  # any transport error means the broker is down
            # For the server log only: the page says "unavailable".
            raise ServiceUnavailable("broker unreachable") from exc  # i18n: ok


class HealthView(HealthCheckView):
    checks = (Database, Broker)
    template_name = "chance/healthz.html"

    def statuses(self) -> dict[str, str]:
        """{check name: "OK" | "unavailable"}; the reason of a failure is logged, not shown."""
        out = {}
        for result in self.results:
            name = type(result.check).__name__
            if result.error:
                logger.warning("health check %s failed: %s", name, result.error)
            out[name] = UNAVAILABLE if result.error else OK
        return out

    def get_context_data(self, **kwargs):
        statuses = self.statuses()
        return {"checks": statuses, "healthy": all(v == OK for v in statuses.values())}

    def render_to_response_json(self, status):
        return JsonResponse(self.statuses(), status=status)

    def render_to_response_text(self, status):
        lines = "".join(f"{name}: {value}\n" for name, value in self.statuses().items())
        return HttpResponse(lines, content_type="text/plain; charset=utf-8", status=status)

    # Feeds and metrics would show the same facts under other names; one page, one JSON.
    render_to_response_atom = render_to_response_rss = render_to_response_openmetrics = None

    async def get(self, request, *args, **kwargs):
        if request.GET.get("format") in ("atom", "rss", "openmetrics"):
            return HttpResponse("Use ?format=json.", status=406, content_type="text/plain")
        return await super().get(request, *args, **kwargs)
