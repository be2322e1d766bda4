"""Program reports count every youth through the access policy (``program_youths``): for the
roles that read the program's reports, never for anyone else."""

import pytest

from chance.access import program_youths
from chance.reports.scope import scope_for
from tests import factories


@pytest.fixture
def unassigned(coordinator):
    """A youth nobody is assigned to: only a program count reaches her."""
    return factories.refer_youth(by=coordinator)


@pytest.mark.parametrize("persona", ["supervisor", "admin_user", "coordinator"])
def test_program_roles_count_every_youth(request, persona, youth, unassigned):
    user = request.getfixturevalue(persona)
    assert set(program_youths(user)) == {youth, unassigned}
    assert set(scope_for(user).youths_counted()) == {youth, unassigned}


@pytest.mark.parametrize("persona", ["clinician", "clinician2", "oncall", "support"])
def test_other_roles_count_no_youth_of_the_program(request, persona, youth, unassigned):
    user = request.getfixturevalue(persona)
    assert list(program_youths(user)) == []


def test_a_clinician_s_report_counts_only_her_caseload(clinician, youth, unassigned):
    assert set(scope_for(clinician).youths_counted()) == {youth}
