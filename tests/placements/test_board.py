"""The coordinators' placement board: every home, its readiness, the waitlist, "place"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Youth
from placements.models import Home, Placement
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
    client.get(BOARD)  # a session's first request also loads the user's permissions and groups
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


# Pages and filters ------------------------------------------------------------------------------


def test_a_coordinator_sees_page_two(login, coordinator, monkeypatch):
    from placements import views

    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", 2)
    for code in ("H-03", "H-01", "H-02"):
        make_home(by=coordinator, code=code)
    client = login(coordinator)
    first = client.get(BOARD).content.decode()
    assert "H-01" in first and "H-02" in first and "H-03" not in first
    assert "STFC homes (3)" in first and "Page 1 of 2" in first and '?page=2"' in first
    second = client.get(BOARD, {"page": 2}).content.decode()
    assert "H-03" in second and "H-01" not in second and "H-02" not in second
    assert "Page 2 of 2" in second and '?page=1"' in second
    # A page past the end, or not a number, shows a page rather than an error.
    assert b"H-03" in client.get(BOARD, {"page": 9}).content
    assert b"H-01" in client.get(BOARD, {"page": "x"}).content


def test_filter_vacant_shows_only_vacant_homes(login, coordinator):
    _homes(coordinator, 3)  # H-01 is occupied
    client = login(coordinator)
    vacant = client.get(BOARD, {"occupancy": "vacant"}).content.decode()
    assert "H-01" not in vacant and "H-02" in vacant and "H-03" in vacant
    assert "STFC homes (2)" in vacant and '<option value="vacant" selected>' in vacant
    occupied = client.get(BOARD, {"occupancy": "occupied"}).content.decode()
    assert "H-01" in occupied and "H-02" not in occupied and "STFC homes (1)" in occupied


def test_filter_by_status_and_closed_homes_stay_off_the_board(login, coordinator):
    make_home(by=coordinator, code="H-01")
    make_home(by=coordinator, code="H-02", status=Home.Status.ON_HOLD)
    make_home(by=coordinator, code="H-03", status=Home.Status.CLOSED)
    client = login(coordinator)
    html = client.get(BOARD).content.decode()
    assert "H-01" in html and "H-02" in html and "H-03" not in html
    on_hold = client.get(BOARD, {"status": "on_hold"}).content.decode()
    assert "H-02" in on_hold and "H-01" not in on_hold and "STFC homes (1)" in on_hold
    closed = client.get(BOARD, {"status": "closed"}).content.decode()  # not a choice: ignored
    assert "H-01" in closed and "H-03" not in closed
    none = client.get(BOARD, {"status": "recruiting", "occupancy": "vacant"}).content.decode()
    assert "No homes match." in none and "STFC homes (0)" in none


def test_page_links_keep_the_filters_and_nothing_else(login, coordinator, monkeypatch):
    from placements import views

    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", 1)
    _homes(coordinator, 3)
    html = (
        login(coordinator)
        .get(BOARD, {"occupancy": "vacant", "status": "certified", "q": "Quill"})
        .content.decode()
    )
    assert '?occupancy=vacant&amp;status=certified&amp;page=2"' in html
    assert "Quill" not in html


@pytest.mark.parametrize("persona", ["clinician", "support", "oncall", "admin_user"])
def test_others_get_404_on_every_page_and_filter(request, login, coordinator, persona):
    _homes(coordinator, 2)
    client = login(request.getfixturevalue(persona))
    for params in ({"page": 2}, {"occupancy": "vacant"}, {"status": "certified"}):
        response = client.get(BOARD, params)
        assert response.status_code == 404 and b"H-01" not in response.content


def test_readiness_is_shown_for_each_home_on_the_page(login, coordinator):
    make_home(by=coordinator, code="H-01")
    make_home(by=coordinator, code="H-02", training_hours=10)
    make_home(by=coordinator, code="H-03", available_24_7=False, other_foster_children=1)
    html = login(coordinator).get(BOARD).content.decode()
    assert html.count('<span class="usa-tag tag-ok">Ready</span>') == 1
    assert "Caregiver Pat Fictional-H-02: 10 of 24 h specialized training" in html
    assert "Caregiver Pat Fictional-H-03 has not attested 24/7 availability" in html
    assert "Another foster child lives in the home" in html
    assert reverse("placements:home_place", args=[Home.objects.get(code="H-01").pk]) in html
