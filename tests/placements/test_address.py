"""Who may see a home's address: coordinators, supervisors, the current youth's team, the home's
support staff. Everyone else gets a 404 and sees the code only."""

import pytest
from django.db import connection
from django.urls import reverse

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.accounts import roles
from chance.audit.models import AccessLog
from placements import actions
from placements.models import Placement
from placements.selectors import can_see_home_address
from tests import factories

ADDRESS = "12 Fictional Lane, Nowhere FL"


@pytest.fixture
def placed(coordinator, home, stfc_youth):
    return actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )


def _address_page(login, user, home):
    return login(user).get(reverse("placements:home_address", args=[home.pk]))


@pytest.mark.parametrize("persona", ["coordinator", "supervisor", "clinician"])
def test_allowed_roles_see_the_address_and_it_is_logged(request, login, persona, home, placed):
    user = request.getfixturevalue(persona)
    response = _address_page(login, user, home)
    assert response.status_code == 200 and ADDRESS.encode() in response.content
    row = AccessLog.objects.filter(user=user, what="home address").latest("id")
    assert row.object_ref == f"placements.Home:{home.pk}" and row.youth_id == placed.youth_id
    assert ADDRESS not in row.path + row.reason


def test_support_staff_of_the_home_see_it(login, coordinator, support, home):
    actions.support_assignment_create(home=home, user=support, by=coordinator)
    assert _address_page(login, support, home).status_code == 200


def test_support_staff_of_another_home_get_404(login, coordinator, home, placed):
    other = factories.make_user("support2", roles.SUPPORT)
    response = _address_page(login, other, home)
    assert response.status_code == 404 and ADDRESS.encode() not in response.content


@pytest.mark.parametrize("persona", ["clinician2", "oncall", "admin_user"])
def test_outsiders_get_404(request, login, persona, home, placed):
    response = _address_page(login, request.getfixturevalue(persona), home)
    assert response.status_code == 404 and ADDRESS.encode() not in response.content


def test_team_loses_the_address_when_the_youth_leaves_the_home(
    login, coordinator, clinician, home, placed
):
    actions.placement_end(placement=placed, reason="Reunified", by=coordinator)
    assert not can_see_home_address(clinician, home)
    assert _address_page(login, clinician, home).status_code == 404


def test_team_of_a_former_youth_is_not_the_team_of_the_current_one(
    login, coordinator, clinician, clinician2, home, placed
):
    actions.placement_end(placement=placed, reason="Moved", by=coordinator)
    from tests.placements.conftest import make_active_youth

    other = make_active_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=other, user=clinician2, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    actions.placement_start(youth=other, setting=Placement.Setting.STFC, home=home, by=coordinator)
    assert _address_page(login, clinician2, home).status_code == 200
    assert _address_page(login, clinician, home).status_code == 404


def test_lists_and_youth_pages_show_the_code_not_the_address(login, clinician, home, placed):
    for url in (
        reverse("placements:youth_placements", args=[placed.youth_id]),
        reverse("placements:home_list"),
        reverse("placements:home_detail", args=[home.pk]),
    ):
        response = login(clinician).get(url)
        assert response.status_code == 200, url
        assert b"H-07" in response.content and ADDRESS.encode() not in response.content


def test_the_address_is_ciphertext_in_the_table_and_its_history(home):
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, phone FROM placements_home WHERE id = %s", [home.pk])
        address, phone = cursor.fetchone()
        cursor.execute("SELECT address FROM placements_historicalhome WHERE id = %s", [home.pk])
        history = [row[0] for row in cursor.fetchall()]
    assert address.startswith("fernet:") and "Fictional" not in address
    assert phone.startswith("fernet:") and "555" not in phone
    assert history and all(h.startswith("fernet:") for h in history)
