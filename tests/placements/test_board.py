"""The coordinators' placement board: every home, its readiness, the waitlist, "place"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Youth
from placements.models import Placement
from tests.placements.conftest import make_active_youth, make_home, make_waitlisted_youth

BOARD = reverse("placements:board")


def _homes(coordinator, n, start=1):
    homes = [make_home(by=coordinator, code=f"H-{i:02d}") for i in range(start, start + n)]
    # Occupy a few so the board shows current youths too.
    from placements import actions

    for home in homes[: max(1, n // 5)]:
        actions.placement_start(
            youth=make_active_youth(by=coordinator),
            setting=Placement.Setting.STFC,
            home=home,
            by=coordinator,
        )
    return homes


def test_board_shows_homes_readiness_and_waitlist(login, coordinator):
    make_home(by=coordinator, code="H-01")
    make_home(by=coordinator, code="H-02", license_days_left=-3)
    waiting = make_waitlisted_youth(
        by=coordinator, preferred_name="Wren", legal_last_name="Quillfeather"
    )
    response = login(coordinator).get(BOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "H-01" in html and "H-02" in html and "License expired" in html
    assert waiting.record_number in html and "Wren" in html
    assert waiting.legal_last_name not in html  # record number + preferred first name only


def test_supervisor_sees_the_board_without_the_place_action(login, coordinator, supervisor):
    home = make_home(by=coordinator, code="H-01")
    response = login(supervisor).get(BOARD)
    assert response.status_code == 200
    assert reverse("placements:home_place", args=[home.pk]).encode() not in response.content


@pytest.mark.parametrize("persona", ["clinician", "support", "oncall", "admin_user"])
def test_others_get_404(request, login, persona):
    assert login(request.getfixturevalue(persona)).get(BOARD).status_code == 404


def test_board_queries_do_not_grow_with_homes(login, coordinator, django_assert_max_num_queries):
    client = login(coordinator)
    _homes(coordinator, 5)
    with django_assert_max_num_queries(20) as small:
        assert client.get(BOARD).status_code == 200
    _homes(coordinator, 45, start=6)
    with django_assert_max_num_queries(20) as large:
        response = client.get(BOARD)
    assert response.status_code == 200 and b"H-50" in response.content
    assert len(large.captured_queries) == len(small.captured_queries)


def test_place_from_the_board_admits_a_waitlisted_youth(login, coordinator):
    home = make_home(by=coordinator, code="H-01")
    youth = make_waitlisted_youth(by=coordinator)
    url = reverse("placements:home_place", args=[home.pk])
    client = login(coordinator)
    assert youth.record_number.encode() in client.get(url).content
    response = client.post(url, {"youth": youth.pk, "started_on": ""})
    assert response.status_code == 200 and b"This field is required" in response.content
    response = client.post(url, {"youth": youth.pk, "started_on": "2000-01-01"})
    assert response.status_code == 200  # before the waitlist date: refused, next to the form
    assert not Placement.objects.filter(youth=youth).exists()
    response = client.post(url, {"youth": youth.pk, "started_on": timezone.localdate()})
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.status == Youth.Status.ACTIVE
    assert Placement.objects.get(youth=youth, ended_on__isnull=True).home == home


def test_place_refusal_is_shown_next_to_the_form(login, coordinator):
    home = make_home(by=coordinator, code="H-01", alarm_tested_days_ago=45)
    youth = make_active_youth(by=coordinator)
    response = login(coordinator).post(
        reverse("placements:home_place", args=[home.pk]),
        {"youth": youth.pk, "started_on": timezone.localdate()},
    )
    assert response.status_code == 200 and b"Alarm test overdue" in response.content


def test_board_shows_the_most_urgent_of_the_waitlist_and_links_to_the_rest(
    login, coordinator, monkeypatch
):
    from placements import views

    monkeypatch.setattr(views, "BOARD_WAITLIST_SIZE", 2)
    waiting = [make_waitlisted_youth(by=coordinator) for _ in range(3)]
    html = login(coordinator).get(BOARD).content.decode()
    assert "STFC waitlist (3)" in html and "The 2 most urgent of 3 waiting" in html
    assert reverse("cases:waitlist") in html
    shown = [y for y in waiting if y.record_number in html]
    assert len(shown) == 2
    assert reverse("placements:youth_placements", args=[shown[0].pk]) in html
