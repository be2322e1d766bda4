"""The placement board costs the same number of queries whatever the number of homes or the page:
readiness is worked out for the homes of one page only, from rows fetched in a fixed number of
queries (see placements.selectors.board_homes and board_caregivers)."""

from django.urls import reverse

from placements import actions
from placements.models import Placement
from tests.placements.conftest import make_active_youth, make_home, make_waitlisted_youth

BOARD = reverse("placements:board")
CAP = 12


def _add_homes(coordinator, start, stop):
    for i in range(start, stop):
        home = make_home(
            by=coordinator, code=f"H-{i:03d}", training_hours=24 if i % 3 == 0 else 4 + i % 30
        )
        if i % 3 == 0:
            actions.placement_start(
                youth=make_active_youth(by=coordinator),
                setting=Placement.Setting.STFC,
                home=home,
                by=coordinator,
            )


def _count(client, django_assert_max_num_queries, params=None):
    with django_assert_max_num_queries(CAP) as captured:
        response = client.get(BOARD, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_board_queries_do_not_grow_with_homes_or_pages(
    login, coordinator, django_assert_max_num_queries, monkeypatch
):
    from placements import views

    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", 5)  # many pages without building hundreds
    client = login(coordinator)
    make_waitlisted_youth(by=coordinator)
    _add_homes(coordinator, 1, 4)
    client.get(BOARD)  # a session's first request also loads the user's permissions and groups
    small, _ = _count(client, django_assert_max_num_queries)
    _add_homes(coordinator, 4, 18)
    large, html = _count(client, django_assert_max_num_queries)
    assert "Page 1 of 4" in html and "H-005" in html and "H-006" not in html
    page_three, html = _count(client, django_assert_max_num_queries, {"page": 3})
    assert "H-011" in html and "H-001" not in html
    vacant, html = _count(client, django_assert_max_num_queries, {"occupancy": "vacant"})
    assert "H-003" not in html and "H-001" in html
    assert small == large == page_three == vacant
