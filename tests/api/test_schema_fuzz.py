"""schemathesis against the OpenAPI document: generated requests to every operation, with a
clinician's token, get no 5xx and no response that breaks the document's schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from chance.api.auth import PerTokenRateThrottle

from .conftest import bearer


@pytest.fixture
def api_schema(db):
    # As Django's test client does: a request's end must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def clinician_token(youth, clinician, monkeypatch):
    """A clinician with one youth on their caseload; no rate limit for the run."""
    monkeypatch.setattr(PerTokenRateThrottle, "rate", "100000/minute", raising=False)
    return bearer(clinician).defaults["HTTP_AUTHORIZATION"]


def test_no_server_error_and_no_answer_outside_the_schema(api_schema, clinician_token):
    # Schemathesis as a library (its pytest plugin does not run under pytest 9): each
    # operation's strategy drawn by hypothesis, each answer checked.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9  # every resource is in the document

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(
                headers={"Authorization": clinician_token},
                checks=[not_a_server_error, response_schema_conformance],
            )

        run()
