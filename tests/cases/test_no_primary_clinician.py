"""An active youth without a primary clinician is flagged: nobody is reminded of her work and no
clinician can open her clinical record, so the coordinator's home page and her own page say so,
with a link to build the team. Every flag comes through ``chance.access``."""

import pytest

from cases import actions as case_actions
from cases.models import CaseAssignment
from cases.selectors import youths_without_primary_clinician
from tests import factories
from tests.services.conftest import make_active

HEADING = "Active youths without a primary clinician"
NOTICE = "No primary clinician."
LINK = "Assign a primary clinician"


@pytest.fixture
def lone_youth(db, coordinator):
    """Admitted to CRT with nobody on the team."""
    return make_active(factories.refer_youth(by=coordinator), by=coordinator)


def team_url(youth):
    return f"/youths/{youth.pk}/team/"


def test_coordinator_home_lists_an_active_youth_without_primary_with_a_link_to_her_team(
    login, coordinator, lone_youth
):
    body = login(coordinator).get("/").content.decode()
    assert HEADING in body
    section = body[body.index(HEADING) :]
    assert lone_youth.record_number in section
    assert f'href="{team_url(lone_youth)}#add-to-team"' in section


def test_a_youth_with_a_primary_clinician_or_discharged_or_only_referred_is_not_flagged(
    login, coordinator, clinician, youth, lone_youth
):
    make_active(youth, by=coordinator)  # `youth` has clinician as primary
    referred = factories.refer_youth(by=coordinator)  # not admitted yet: not flagged
    discharged = make_active(factories.refer_youth(by=coordinator), by=coordinator)
    case_actions.youth_discharge(
        youth=discharged, by=coordinator, discharged_on=discharged.admitted_on, reason="goals_met"
    )
    flagged = set(youths_without_primary_clinician(coordinator).values_list("pk", flat=True))
    assert flagged == {lone_youth.pk}
    section = login(coordinator).get("/").content.decode().split(HEADING)[1]
    for other in (youth, referred, discharged):
        assert other.record_number not in section


def test_a_primary_clinician_who_left_the_team_brings_the_flag_back(
    login, coordinator, clinician, youth
):
    make_active(youth, by=coordinator)
    assert not youths_without_primary_clinician(coordinator).exists()
    primary = CaseAssignment.objects.get(youth=youth, role=CaseAssignment.Role.PRIMARY_CLINICIAN)
    case_actions.case_assignment_end(
        assignment=primary, by=coordinator, ended_on=primary.started_on, reason="Moved away"
    )
    assert list(youths_without_primary_clinician(coordinator)) == [youth]


def test_outsider_clinician_gets_no_list_even_for_a_youth_on_their_team(
    login, coordinator, clinician, lone_youth
):
    # clinician is on the team, but not as primary: they may see her, not build her team.
    case_actions.case_assignment_create(
        youth=lone_youth, user=clinician, role=CaseAssignment.Role.CLINICIAN, by=coordinator
    )
    assert not youths_without_primary_clinician(clinician).exists()
    body = login(clinician).get("/").content.decode()
    assert HEADING not in body
    # On her page the clinician is told, without a link they could not use.
    page = login(clinician).get(f"/youths/{lone_youth.pk}/").content.decode()
    assert NOTICE in page
    assert LINK not in page
    assert "A care coordinator or supervisor can assign one" in page


def test_the_youth_page_and_team_page_show_the_notice_and_link_to_those_who_manage_the_team(
    login, coordinator, lone_youth
):
    client = login(coordinator)
    for url in (f"/youths/{lone_youth.pk}/", team_url(lone_youth)):
        page = client.get(url).content.decode()
        assert NOTICE in page
        assert f'href="{team_url(lone_youth)}#add-to-team">{LINK}' in page


def test_no_notice_once_the_team_has_a_primary_clinician(login, coordinator, clinician, lone_youth):
    client = login(coordinator)
    response = client.post(
        team_url(lone_youth),
        {"user": clinician.pk, "role": "primary_clinician", "started_on": lone_youth.admitted_on},
    )
    assert response.status_code == 302
    for url in (f"/youths/{lone_youth.pk}/", team_url(lone_youth)):
        assert NOTICE not in client.get(url).content.decode()
    assert HEADING in client.get("/").content.decode()
    assert lone_youth.record_number not in client.get("/").content.decode().split(HEADING)[1]


def test_supervisor_home_lists_the_youths_they_supervise_without_primary(
    login, coordinator, clinician, supervisor, lone_youth
):
    # Nobody they supervise is on her team: the supervisor cannot see her, and is not told
    # "every active youth has a primary clinician" either (they cannot know).
    body = login(supervisor).get("/").content.decode()
    assert HEADING not in body and "Every active youth" not in body
    # The clinician (supervised) is on the team as a plain clinician: the supervisor sees her.
    case_actions.case_assignment_create(
        youth=lone_youth, user=clinician, role=CaseAssignment.Role.CLINICIAN, by=coordinator
    )
    body = login(supervisor).get("/").content.decode()
    assert lone_youth.record_number in body.split(HEADING)[1]


@pytest.mark.parametrize("n", [5, 60])
def test_the_list_is_one_query_whatever_the_number_of_youths(
    n, coordinator, django_assert_max_num_queries
):
    for _ in range(n):
        make_active(factories.refer_youth(by=coordinator), by=coordinator)
    from chance.home import HOME_LIST_LIMIT, _without_primary_clinician

    fresh = type(coordinator).objects.get(pk=coordinator.pk)
    fresh.has_perm("cases.add_caseassignment")  # the permission cache, as a request has it
    with django_assert_max_num_queries(1):
        listed = _without_primary_clinician(fresh)
    assert len(listed["youths"]) == min(n, HOME_LIST_LIMIT)
    assert listed["more"] == (n > HOME_LIST_LIMIT)
