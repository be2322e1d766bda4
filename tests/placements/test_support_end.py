"""Ending a staff member's support of a home, from the home page: they lose the address."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from placements import actions
from placements.models import Placement, SupportAssignment
from placements.selectors import can_see_home_address

ADDRESS = b"12 Fictional Lane, Nowhere FL"


@pytest.fixture
def assignment(coordinator, support, home):
    return actions.support_assignment_create(
        home=home,
        user=support,
        started_on=timezone.localdate() - datetime.timedelta(days=10),
        by=coordinator,
    )


def _end_url(assignment):
    return reverse("placements:support_end", args=[assignment.home_id, assignment.pk])


def _address(client, home):
    return client.get(reverse("placements:home_address", args=[home.pk]))


def test_ending_support_takes_the_address_away(
    login, client, coordinator, support, home, assignment
):
    assert can_see_home_address(support, home)
    response = _address(login(support), home)
    assert response.status_code == 200 and ADDRESS in response.content

    page = login(coordinator).get(reverse("placements:home_detail", args=[home.pk]))
    assert page.status_code == 200
    assert _end_url(assignment).encode() in page.content
    assert b'<label class="usa-label" for="support-%d-ended_on">' % assignment.pk in page.content

    today = timezone.localdate()
    response = client.post(_end_url(assignment), {"ended_on": today, "reason": "Left the program"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_on == today
    last = assignment.history.latest()
    assert last.history_user == coordinator
    assert last.history_change_reason == "Support assignment ended: Left the program"
    page = client.get(reverse("placements:home_detail", args=[home.pk]))
    assert _end_url(assignment).encode() not in page.content

    assert not can_see_home_address(support, home)
    response = _address(login(support), home)
    assert response.status_code == 404 and ADDRESS not in response.content
    assert client.get(reverse("placements:home_detail", args=[home.pk])).status_code == 404


def test_ending_support_ends_their_access_to_the_youth_living_there(
    login, coordinator, support, home, assignment, stfc_youth
):
    actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    youth_url = reverse("cases:detail", args=[stfc_youth.pk])
    assert login(support).get(youth_url).status_code == 200
    response = login(coordinator).post(_end_url(assignment), {"ended_on": timezone.localdate()})
    assert response.status_code == 302
    assert login(support).get(youth_url).status_code == 404
    assert not can_see_home_address(support, home)


@pytest.mark.parametrize(
    "ended_on, message",
    [
        ("", b"This field is required."),
        ("not a date", b"Enter a valid date."),
        ("{past}", b"The support started on"),
        ("{future}", b"This cannot be in the future."),
    ],
)
def test_bad_end_dates_are_answered_next_to_the_field_and_nothing_changes(
    login, coordinator, support, home, assignment, ended_on, message
):
    today = timezone.localdate()
    ended_on = ended_on.format(
        past=today - datetime.timedelta(days=11), future=today + datetime.timedelta(days=1)
    )
    response = login(coordinator).post(_end_url(assignment), {"ended_on": ended_on})
    assert response.status_code == 200
    assert b'class="usa-error-message" id="id_ended_on_error"' in response.content
    assert message in response.content
    assignment.refresh_from_db()
    assert assignment.ended_on is None and assignment.history.count() == 1
    assert can_see_home_address(support, home)


def test_the_action_refuses_a_bad_date_on_the_field(coordinator, assignment):
    from django.core.exceptions import ValidationError

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        actions.support_assignment_end(assignment=assignment, ended_on=tomorrow, by=coordinator)
    assert "ended_on" in refused.value.error_dict
    assignment.refresh_from_db()
    assert assignment.ended_on is None


def test_an_ended_assignment_cannot_be_ended_again(login, coordinator, assignment):
    client = login(coordinator)
    assert client.post(_end_url(assignment), {"ended_on": timezone.localdate()}).status_code == 302
    assert client.post(_end_url(assignment), {"ended_on": timezone.localdate()}).status_code == 404
    assert assignment.history.count() == 2


@pytest.mark.parametrize("persona", ["supervisor", "support", "clinician"])
def test_who_cannot_assign_support_cannot_end_it(
    request, login, persona, support, home, assignment
):
    client = login(request.getfixturevalue(persona))
    response = client.post(_end_url(assignment), {"ended_on": timezone.localdate()})
    assert response.status_code == 404
    assert client.get(_end_url(assignment)).status_code == 404
    assignment.refresh_from_db()
    assert assignment.ended_on is None and assignment.history.count() == 1
    assert can_see_home_address(support, home)
    page = client.get(reverse("placements:home_detail", args=[home.pk]))
    assert _end_url(assignment).encode() not in page.content


def test_an_assignment_of_another_home_is_not_found_under_this_one(login, coordinator, assignment):
    from tests.placements.conftest import make_home

    other = make_home(by=coordinator, code="H-08")
    url = reverse("placements:support_end", args=[other.pk, assignment.pk])
    assert login(coordinator).post(url, {"ended_on": timezone.localdate()}).status_code == 404
    assert SupportAssignment.objects.get(pk=assignment.pk).ended_on is None
