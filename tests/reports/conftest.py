"""Report tests: a compact way to build many youths through the real actions, and re-auth."""

import pytest
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment, Referral, SafetyAlert
from chance.security import stamps
from tests import factories


def admit(youth, *, by, decision=Referral.Decision.CRT, **kwargs):
    """Screen a referred youth and record ``decision`` (the real lifecycle)."""
    case_actions.youth_screening_start(youth=youth, by=by)
    case_actions.youth_screening_decide(youth=youth, by=by, decision=decision, **kwargs)
    youth.refresh_from_db()
    return youth


def build_caseload(n, *, coordinator, clinician, alert=True):
    """``n`` active CRT youths with ``clinician`` as primary clinician, each with an alert."""
    youths = []
    for _ in range(n):
        youth = factories.refer_youth(by=coordinator)
        case_actions.case_assignment_create(
            youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
        )
        admit(youth, by=coordinator)
        if alert:
            case_actions.safety_alert_create(
                youth=youth,
                by=clinician,
                kind=SafetyAlert.Kind.RUNAWAY,
                summary="Seen with an older man",
            )
        youths.append(youth)
    return youths


@pytest.fixture
def recent_login(client):
    """Log in and mark the sign-in as recent (exports need it): ``recent_login(user)``."""

    def _login(user):
        client.force_login(user)
        session = client.session
        session[stamps.AUTH_AT] = timezone.now().timestamp()
        session.save()
        return client

    return _login
