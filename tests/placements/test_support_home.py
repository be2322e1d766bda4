"""Home support staff find their youth from their home page (issue 19): each home they support
now, the youth placed in it, her active alerts and a link to her safety essentials. The list comes
through the access policy, so staff of another home, or after their assignment ended, see none."""

import pytest
from django.urls import reverse

from chance.accounts import roles
from placements import actions
from placements.models import Placement
from tests import factories
from tests.placements.conftest import make_active_youth, make_home


@pytest.fixture
def placed(placed_with_alert):
    return placed_with_alert


def _home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_support_staff_see_the_youth_of_their_home_and_reach_her_safety_essentials(
    login, support, coordinator, home, placed
):
    actions.support_assignment_create(home=home, user=support, by=coordinator)
    client = login(support)
    page = _home(client)
    essentials = reverse("services:oncall_youth", args=[placed.pk])
    assert "H-07" in page and placed.display_name in page and placed.record_number in page
    assert "Runs at night" in page and essentials in page
    shown = client.get(essentials)
    assert shown.status_code == 200
    # Off shift, the page offers no on-call step the staff member could not take.
    for route in ("services:crisis_call_new", "services:oncall_essentials"):
        assert f'href="{reverse(route)}' not in shown.content.decode()


def test_staff_of_another_home_and_after_the_assignment_ended_see_no_youth(
    login, support, coordinator, home, placed
):
    other = factories.make_user("support2", roles.SUPPORT)
    actions.support_assignment_create(
        home=make_home(by=coordinator, code="H-08"), user=other, by=coordinator
    )
    page = _home(login(other))
    assert "H-08" in page and "No youth is placed in this home now." in page
    assert placed.record_number not in page and "Runs at night" not in page
    essentials = reverse("services:oncall_youth", args=[placed.pk])
    assert login(other).get(essentials).status_code == 404

    assignment = actions.support_assignment_create(home=home, user=support, by=coordinator)
    actions.support_assignment_end(assignment=assignment, by=coordinator)
    page = _home(login(support))
    assert "You support no home now." in page and placed.record_number not in page


@pytest.mark.parametrize("n", [1, 4])
def test_the_support_home_runs_flat_queries(
    n, login, support, coordinator, django_assert_max_num_queries
):
    for i in range(n):
        home = make_home(by=coordinator, code=f"H-{20 + i}")
        youth = make_active_youth(by=coordinator)
        actions.placement_start(
            youth=youth, setting=Placement.Setting.STFC, home=home, by=coordinator
        )
        actions.support_assignment_create(home=home, user=support, by=coordinator)
    client = login(support)
    _home(client)
    with django_assert_max_num_queries(14):
        page = _home(client)
    assert page.count("Safety plan and essentials") == n
