"""placement_start / end / move: every refusal has a clear message; the database keeps the truth."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import CaseAssignment, Youth
from chance.access import Need, holds
from placements import actions
from placements.models import Placement
from tests import factories
from tests.placements.conftest import make_active_youth, make_home, make_waitlisted_youth

STFC = Placement.Setting.STFC


def _refusal(excinfo):
    return " ".join(excinfo.value.messages)


def test_it_places_an_stfc_youth_in_a_ready_home(coordinator, home, stfc_youth):
    placement = actions.placement_start(youth=stfc_youth, setting=STFC, home=home, by=coordinator)
    assert placement.is_open and placement.home == home
    record = placement.history.latest()
    assert record.history_user == coordinator and record.history_change_reason


@pytest.mark.parametrize(
    "home_kwargs, expected",
    [
        ({"license_days_left": -1}, "License expired"),
        ({"alarm_tested_days_ago": 31}, "Alarm test overdue"),
        ({"alarm_tested_days_ago": None}, "Alarm never tested"),
        ({"training_hours": 20}, "20 of 24 h specialized training"),
        ({"available_24_7": False}, "has not attested 24/7 availability"),
        ({"other_foster_children": 1}, "Another foster child lives in the home"),
    ],
)
def test_each_readiness_gap_refuses_with_its_reason(coordinator, stfc_youth, home_kwargs, expected):
    home = make_home(by=coordinator, code="H-20", **home_kwargs)
    with pytest.raises(ValidationError) as excinfo:
        actions.placement_start(youth=stfc_youth, setting=STFC, home=home, by=coordinator)
    assert expected in _refusal(excinfo) and "H-20 cannot take a child" in _refusal(excinfo)
    assert not Placement.objects.filter(youth=stfc_youth).exists()


def test_a_home_on_hold_is_refused(coordinator, stfc_youth):
    home = make_home(by=coordinator, code="H-21", status="on_hold")
    with pytest.raises(ValidationError) as excinfo:
        actions.placement_start(youth=stfc_youth, setting=STFC, home=home, by=coordinator)
    assert "on hold, not certified" in _refusal(excinfo)


def test_continuing_education_lapses_after_the_first_year(coordinator, stfc_youth):
    home = make_home(by=coordinator, code="H-22", certified_days_ago=400)
    with pytest.raises(ValidationError) as excinfo:
        actions.placement_start(youth=stfc_youth, setting=STFC, home=home, by=coordinator)
    assert "0 of 8 h continuing education" in _refusal(excinfo)


def test_an_occupied_home_refuses_a_second_child(coordinator, home, stfc_youth):
    actions.placement_start(youth=stfc_youth, setting=STFC, home=home, by=coordinator)
    second = make_active_youth(by=coordinator)
    with pytest.raises(ValidationError) as excinfo:
        actions.placement_start(youth=second, setting=STFC, home=home, by=coordinator)
    assert "single-child rule" in _refusal(excinfo)


@pytest.mark.parametrize("status", ["referred", "screening", "discharged"])
def test_youths_not_in_care_cannot_be_placed(coordinator, status):
    youth = factories.refer_youth(by=coordinator)
    Youth.objects.filter(pk=youth.pk).update(
        status=status, discharged_on=timezone.localdate() if status == "discharged" else None
    )
    youth.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        actions.placement_start(
            youth=youth, setting=Placement.Setting.SHELTER, provider="Fictional", by=coordinator
        )
    assert "only waitlisted or active youths can be placed" in _refusal(excinfo)


def test_a_crt_youth_lives_anywhere_but_not_in_an_stfc_home(coordinator, home):
    youth = make_active_youth(by=coordinator, track=Youth.Track.CRT)
    with pytest.raises(ValidationError) as excinfo:
        actions.placement_start(youth=youth, setting=STFC, home=home, by=coordinator)
    assert "Community Response Team track" in _refusal(excinfo)
    group = actions.placement_start(
        youth=youth,
        setting=Placement.Setting.GROUP_HOME,
        provider="Fictional House",
        by=coordinator,
    )
    assert group.is_open


def test_an_stfc_placement_needs_a_home(coordinator, stfc_youth):
    with pytest.raises(ValidationError):
        actions.placement_start(youth=stfc_youth, setting=STFC, by=coordinator)


def test_one_open_placement_per_youth(coordinator, stfc_youth):
    actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.SHELTER, provider="A", by=coordinator
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.placement_start(
            youth=stfc_youth, setting=Placement.Setting.RELATIVE, provider="B", by=coordinator
        )
    assert "already has an open placement" in _refusal(excinfo)


def test_placing_a_waitlisted_youth_admits_them(coordinator, home):
    youth = make_waitlisted_youth(by=coordinator)
    actions.placement_start(youth=youth, setting=STFC, home=home, by=coordinator)
    youth.refresh_from_db()
    assert youth.status == Youth.Status.ACTIVE and youth.track == Youth.Track.STFC
    assert youth.waitlisted_at is None and youth.admitted_on == timezone.localdate()


def test_a_failed_readiness_check_leaves_the_waitlisted_youth_waiting(coordinator):
    home = make_home(by=coordinator, code="H-23", license_days_left=-5)
    youth = make_waitlisted_youth(by=coordinator)
    with pytest.raises(ValidationError):
        actions.placement_start(youth=youth, setting=STFC, home=home, by=coordinator)
    youth.refresh_from_db()
    assert youth.status == Youth.Status.WAITLISTED


def test_support_staff_see_the_youth_only_while_the_youth_lives_in_their_home(
    coordinator, support, home, stfc_youth
):
    actions.support_assignment_create(home=home, user=support, by=coordinator)
    assert not holds(support, stfc_youth.pk, Need.IDENTITY)  # the outsider twin: not yet placed
    placement = actions.placement_start(youth=stfc_youth, setting=STFC, home=home, by=coordinator)
    assert holds(support, stfc_youth.pk, Need.IDENTITY)
    assert holds(support, stfc_youth.pk, Need.SAFETY)
    assert not holds(support, stfc_youth.pk, Need.CLINICAL)
    # Nothing is copied onto the team: the home the youth lives in now is read at request time.
    assert not CaseAssignment.objects.filter(youth=stfc_youth, user=support).exists()
    actions.placement_end(placement=placement, reason="Reunified", by=coordinator)
    assert not holds(support, stfc_youth.pk, Need.IDENTITY)


def test_move_ends_and_starts_on_the_same_day_and_history_is_newest_first(
    coordinator, home, stfc_youth
):
    today = timezone.localdate()
    first = actions.placement_start(
        youth=stfc_youth,
        setting=Placement.Setting.SHELTER,
        provider="Fictional Shelter",
        started_on=today - datetime.timedelta(days=20),
        by=coordinator,
    )
    second = actions.placement_move(
        placement=first, setting=STFC, home=home, reason="STFC home found", by=coordinator
    )
    first.refresh_from_db()
    assert first.ended_on == second.started_on == today
    assert first.end_reason == "STFC home found"
    from placements.selectors import youth_placements

    assert [p.pk for p in youth_placements(stfc_youth)] == [second.pk, first.pk]


def test_a_refused_move_keeps_the_old_placement_open(coordinator, stfc_youth):
    bad = make_home(by=coordinator, code="H-24", alarm_tested_days_ago=60)
    first = actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.SHELTER, provider="S", by=coordinator
    )
    with pytest.raises(ValidationError):
        actions.placement_move(
            placement=first, setting=STFC, home=bad, reason="Try", by=coordinator
        )
    first.refresh_from_db()
    assert first.is_open


def test_direct_insert_of_a_second_child_in_a_home_is_an_integrity_error(
    coordinator, home, stfc_youth
):
    actions.placement_start(youth=stfc_youth, setting=STFC, home=home, by=coordinator)
    other = make_active_youth(by=coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            youth=other,
            setting=STFC,
            home=home,
            started_on=timezone.localdate(),
            assigned_by=coordinator,
        )


def test_direct_insert_of_a_second_open_placement_is_an_integrity_error(coordinator, stfc_youth):
    actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.SHELTER, provider="A", by=coordinator
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            youth=stfc_youth,
            setting=Placement.Setting.RELATIVE,
            started_on=timezone.localdate(),
            assigned_by=coordinator,
        )


@pytest.mark.postgres
def test_backdated_overlap_is_refused_by_the_exclusion_constraint(coordinator, stfc_youth):
    today = timezone.localdate()
    actions.placement_start(
        youth=stfc_youth,
        setting=Placement.Setting.SHELTER,
        provider="A",
        started_on=today - datetime.timedelta(days=10),
        by=coordinator,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            youth=stfc_youth,
            setting=Placement.Setting.RELATIVE,
            started_on=today - datetime.timedelta(days=30),
            ended_on=today - datetime.timedelta(days=5),
            assigned_by=coordinator,
        )
