"""The people around the youth, built through the real actions: a foster caregiver's login on
home H-07 (where ``placed`` lives), a survivor mentor on a youth's team."""

import pytest

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.accounts import roles
from placements import actions
from tests import factories
from tests.placements.conftest import home, placed_with_alert, stfc_youth  # noqa: F401


def link_caregiver(home, user, by):
    caregiver = home.caregivers.get()
    caregiver.user = user
    return actions.caregiver_save(caregiver=caregiver, by=by)


@pytest.fixture
def placed(placed_with_alert):  # noqa: F811
    return placed_with_alert


@pytest.fixture
def caregiver(db, coordinator, home):  # noqa: F811
    user = factories.make_user("caregiver", roles.CAREGIVER)
    link_caregiver(home, user, coordinator)
    return user


@pytest.fixture
def mentor(db, coordinator, supervisor):
    return factories.make_user("mentor", roles.MENTOR, supervisor=supervisor)


@pytest.fixture
def mentoring(mentor, coordinator, placed):
    """``mentor`` on ``placed``'s team as her survivor mentor."""
    return case_actions.case_assignment_create(
        youth=placed, user=mentor, role=CaseAssignment.Role.MENTOR, by=coordinator
    )
