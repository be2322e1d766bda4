"""/healthz: database and broker, through django-health-check."""

import dataclasses

from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (Redis, or the embedded file-system transport)."""

    def run(self):
        from chance.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception as exc:  # any transport error means the broker is down
            raise ServiceUnavailable("broker unreachable") from exc


class HealthView(HealthCheckView):
    checks = (Database, Broker)
