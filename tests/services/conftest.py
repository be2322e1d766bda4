"""Fixtures of the services tests: an ACTIVE youth on the CRT track, instruments, shifts."""

import pytest
from django.contrib.auth.models import Permission

from cases import actions as case_actions
from cases.models import CaseAssignment, Referral
from services.models import Instrument, ServiceType
from tests import factories


def make_active(youth, *, by):
    """Screen and admit a referred youth to the Community Response Team (the real lifecycle)."""
    case_actions.youth_screening_start(youth=youth, by=by)
    case_actions.youth_screening_decide(youth=youth, by=by, decision=Referral.Decision.CRT)
    youth.refresh_from_db()
    return youth


@pytest.fixture
def active_youth(youth, coordinator):
    return make_active(youth, by=coordinator)


@pytest.fixture
def other_active_youth(db, coordinator, clinician2):
    """An active youth on clinician2's team (clinician is the outsider here)."""
    other = factories.refer_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=other, user=clinician2, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    return make_active(other, by=coordinator)


@pytest.fixture
def crafft(db):
    return Instrument.objects.get(code="crafft", active=True)


@pytest.fixture
def csec(db):
    return Instrument.objects.get(code="csec-indicators", active=True)


@pytest.fixture
def protective(db):
    return Instrument.objects.get(code="protective-factors", active=True)


@pytest.fixture
def therapy(db):
    return ServiceType.objects.get(code="individual-therapy")


@pytest.fixture
def sud(db):
    return ServiceType.objects.get(code="substance-use")


@pytest.fixture
def part2_clinician(db, supervisor, coordinator, active_youth):
    """A team clinician who also holds the global Part 2 permission (so view_part2 on the youth)."""
    from chance.accounts import roles

    user = factories.make_user("sudclinician", roles.CLINICIAN, supervisor=supervisor)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="view_part2")
    )
    user = type(user).objects.get(pk=user.pk)  # drop the permission cache
    case_actions.case_assignment_create(
        youth=active_youth, user=user, role=CaseAssignment.Role.CLINICIAN, by=coordinator
    )
    return user


CRAFFT_NEGATIVE = {
    "a_alcohol": 0,
    "a_marijuana": 0,
    "a_other": 0,
    "b_car": 0,
}
