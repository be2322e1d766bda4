"""REFERRED → SCREENING → WAITLISTED | ACTIVE → DISCHARGED, each step and its refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import actions
from cases.models import LifecycleEvent, Referral, Youth
from tests import factories

S = Youth.Status
TODAY = timezone.localdate


def in_screening(youth, by):
    actions.youth_screening_start(youth=youth, by=by)
    return youth


def admitted(youth, by, track="crt"):
    in_screening(youth, by)
    actions.youth_screening_decide(youth=youth, by=by, decision=track)
    return youth


def waitlisted(youth, by, priority=2):
    in_screening(youth, by)
    actions.youth_screening_decide(youth=youth, by=by, decision="waitlist", priority=priority)
    return youth


def last_event(youth):
    return LifecycleEvent.objects.filter(youth=youth).order_by("-at", "-id").first()


def test_referral_starts_referred_with_screening_due_in_24_hours(youth):
    referral = youth.referrals.get()
    assert youth.status == S.REFERRED
    assert referral.screening_due_at - referral.received_at == datetime.timedelta(hours=24)
    assert last_event(youth).to_status == S.REFERRED


def test_screening_start_moves_to_screening_and_stamps_the_referral(youth, coordinator):
    actions.youth_screening_start(youth=youth, by=coordinator)
    youth.refresh_from_db()
    assert youth.status == S.SCREENING
    assert youth.referrals.get().screening_started_at is not None
    event = last_event(youth)
    assert (event.from_status, event.to_status, event.by) == (S.REFERRED, S.SCREENING, coordinator)
    assert youth.history.first().history_user == coordinator


def test_screening_cannot_start_twice(youth, coordinator):
    in_screening(youth, coordinator)
    with pytest.raises(ValidationError, match="Cannot start screening"):
        actions.youth_screening_start(youth=youth, by=coordinator)


@pytest.mark.parametrize("track", ["stfc", "crt"])
def test_decision_to_admit_activates_on_that_track(youth, coordinator, track):
    in_screening(youth, coordinator)
    actions.youth_screening_decide(youth=youth, by=coordinator, decision=track, note="Fits")
    youth.refresh_from_db()
    assert (youth.status, youth.track, youth.admitted_on) == (S.ACTIVE, track, TODAY())
    referral = youth.referrals.get()
    assert referral.decision == track and referral.decided_by == coordinator
    assert referral.decided_at and referral.screening_done_at
    assert "Fits" in last_event(youth).reason


def test_decision_to_waitlist_needs_a_priority(youth, coordinator):
    in_screening(youth, coordinator)
    with pytest.raises(ValidationError, match="priority from 1"):
        actions.youth_screening_decide(youth=youth, by=coordinator, decision="waitlist")
    with pytest.raises(ValidationError, match="priority from 1"):
        actions.youth_screening_decide(youth=youth, by=coordinator, decision="waitlist", priority=9)
    youth.refresh_from_db()
    assert youth.status == S.SCREENING
    assert youth.referrals.get().decided_at is None


def test_decision_to_waitlist_puts_the_youth_on_the_stfc_list(youth, coordinator):
    waitlisted(youth, coordinator, priority=1)
    youth.refresh_from_db()
    assert (youth.status, youth.track, youth.waitlist_priority) == (S.WAITLISTED, "stfc", 1)
    assert youth.waitlisted_at is not None and youth.admitted_on is None


def test_declined_referral_discharges_with_reason_declined(youth, coordinator):
    in_screening(youth, coordinator)
    actions.youth_screening_decide(youth=youth, by=coordinator, decision="declined")
    youth.refresh_from_db()
    assert (youth.status, youth.discharge_reason) == (S.DISCHARGED, "declined")
    assert youth.referrals.get().decision == Referral.Decision.DECLINED


def test_decision_needs_screening_first(youth, coordinator):
    with pytest.raises(ValidationError, match="only for a youth who is screening"):
        actions.youth_screening_decide(youth=youth, by=coordinator, decision="crt")
    youth.refresh_from_db()
    assert youth.status == S.REFERRED


def test_unknown_decision_is_refused(youth, coordinator):
    in_screening(youth, coordinator)
    with pytest.raises(ValidationError, match="Unknown screening decision"):
        actions.youth_screening_decide(youth=youth, by=coordinator, decision="maybe")


def test_admission_date_in_the_future_is_refused(youth, coordinator):
    in_screening(youth, coordinator)
    with pytest.raises(ValidationError, match="future"):
        actions.youth_screening_decide(
            youth=youth,
            by=coordinator,
            decision="crt",
            admitted_on=TODAY() + datetime.timedelta(days=3),
        )


def test_admission_outside_program_ages_is_refused(coordinator):
    too_old = factories.refer_youth(by=coordinator, date_of_birth=datetime.date(2004, 1, 1))
    in_screening(too_old, coordinator)
    with pytest.raises(ValidationError, match="program admits ages"):
        actions.youth_screening_decide(youth=too_old, by=coordinator, decision="stfc")
    # The same age is fine in extended foster care.
    actions.youth_update(youth=too_old, by=coordinator, changes={"custody_status": "extended"})
    actions.youth_screening_decide(youth=too_old, by=coordinator, decision="stfc")
    assert too_old.status == S.ACTIVE


def test_admit_from_waitlist(youth, coordinator):
    waitlisted(youth, coordinator)
    actions.youth_admit_from_waitlist(youth=youth, by=coordinator, admitted_on=TODAY())
    youth.refresh_from_db()
    assert (youth.status, youth.track, youth.admitted_on) == (S.ACTIVE, "stfc", TODAY())
    assert youth.waitlisted_at is None and youth.waitlist_priority is None
    assert last_event(youth).from_status == S.WAITLISTED


def test_admit_from_waitlist_refuses_a_youth_not_waiting(youth, coordinator):
    with pytest.raises(ValidationError, match="not on the STFC waitlist"):
        actions.youth_admit_from_waitlist(youth=youth, by=coordinator, admitted_on=TODAY())
    admitted(youth, coordinator, "stfc")
    with pytest.raises(ValidationError, match="not on the STFC waitlist"):
        actions.youth_admit_from_waitlist(youth=youth, by=coordinator, admitted_on=TODAY())


def test_track_change_needs_a_reason_and_a_known_track(youth, coordinator):
    admitted(youth, coordinator, "stfc")
    with pytest.raises(ValidationError, match="Say why"):
        actions.youth_track_change(youth=youth, by=coordinator, track="crt", reason=" ")
    with pytest.raises(ValidationError, match="Unknown track"):
        actions.youth_track_change(youth=youth, by=coordinator, track="xyz", reason="x")
    with pytest.raises(ValidationError, match="already on CHANCE STFC"):
        actions.youth_track_change(youth=youth, by=coordinator, track="stfc", reason="x")


def test_stfc_to_crt_is_a_recorded_event(youth, coordinator):
    admitted(youth, coordinator, "stfc")
    actions.youth_track_change(youth=youth, by=coordinator, track="crt", reason="Home closed")
    youth.refresh_from_db()
    assert (youth.status, youth.track) == (S.ACTIVE, "crt")
    event = last_event(youth)
    assert (event.from_track, event.to_track) == ("stfc", "crt")
    assert "Home closed" in event.reason


def test_crt_to_stfc_waits_for_a_home_but_stays_active_on_crt(youth, coordinator):
    admitted(youth, coordinator, "crt")
    actions.youth_track_change(
        youth=youth, by=coordinator, track="stfc", reason="Needs a home", priority=1
    )
    youth.refresh_from_db()
    assert (youth.status, youth.track, youth.waitlist_priority) == (S.ACTIVE, "crt", 1)
    assert youth.on_stfc_waitlist
    admitted_on = youth.admitted_on
    actions.youth_admit_from_waitlist(youth=youth, by=coordinator, admitted_on=TODAY())
    youth.refresh_from_db()
    assert (youth.status, youth.track, youth.on_stfc_waitlist) == (S.ACTIVE, "stfc", False)
    assert youth.admitted_on == admitted_on  # program admission date is kept


def test_waitlisted_youth_moved_to_crt_is_admitted_to_crt(youth, coordinator):
    waitlisted(youth, coordinator)
    actions.youth_track_change(youth=youth, by=coordinator, track="crt", reason="Serve at home")
    youth.refresh_from_db()
    assert (youth.status, youth.track, youth.admitted_on) == (S.ACTIVE, "crt", TODAY())
    assert not youth.on_stfc_waitlist


def test_track_change_refused_before_a_decision(youth, coordinator):
    with pytest.raises(ValidationError, match="Cannot change track"):
        actions.youth_track_change(youth=youth, by=coordinator, track="crt", reason="x")


@pytest.mark.parametrize("setup", [admitted, waitlisted])
def test_discharge_from_active_or_waitlisted(youth, coordinator, setup):
    setup(youth, coordinator)
    actions.youth_discharge(
        youth=youth, by=coordinator, discharged_on=TODAY(), reason="goals_met", note="Well done"
    )
    youth.refresh_from_db()
    assert (youth.status, youth.discharged_on, youth.discharge_reason) == (
        S.DISCHARGED,
        TODAY(),
        "goals_met",
    )
    assert not youth.on_stfc_waitlist
    assert last_event(youth).to_status == S.DISCHARGED


def test_discharge_refusals(youth, coordinator):
    with pytest.raises(ValidationError, match="Cannot discharge"):
        actions.youth_discharge(
            youth=youth, by=coordinator, discharged_on=TODAY(), reason="goals_met"
        )
    admitted(youth, coordinator)
    with pytest.raises(ValidationError, match="future"):
        actions.youth_discharge(
            youth=youth,
            by=coordinator,
            discharged_on=TODAY() + datetime.timedelta(days=1),
            reason="goals_met",
        )
    with pytest.raises(ValidationError, match="before admission"):
        actions.youth_discharge(
            youth=youth,
            by=coordinator,
            discharged_on=TODAY() - datetime.timedelta(days=1),
            reason="goals_met",
        )
    with pytest.raises(ValidationError, match="discharge reason"):
        actions.youth_discharge(
            youth=youth, by=coordinator, discharged_on=TODAY(), reason="declined"
        )
    youth.refresh_from_db()
    assert youth.status == S.ACTIVE


def test_re_referral_of_a_discharged_youth_opens_a_new_referral(youth, coordinator):
    admitted(youth, coordinator)
    actions.youth_discharge(youth=youth, by=coordinator, discharged_on=TODAY(), reason="moved")
    actions.referral_receive(
        by=coordinator, youth=youth, source="law_enforcement", received_at=timezone.now()
    )
    youth.refresh_from_db()
    assert youth.status == S.REFERRED and youth.referrals.count() == 2
    assert youth.track == "" and youth.discharged_on is None
    # and the new episode runs through the same steps
    admitted(youth, coordinator, "stfc")


def test_re_referral_refused_while_an_episode_is_open(youth, coordinator):
    with pytest.raises(ValidationError, match="already has an open episode"):
        actions.referral_receive(
            by=coordinator, youth=youth, source="school", received_at=timezone.now()
        )
    assert youth.referrals.count() == 1


def test_database_refuses_a_waitlist_priority_out_of_range(youth, coordinator):
    waitlisted(youth, coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Youth.objects.filter(pk=youth.pk).update(waitlist_priority=7)


def test_database_refuses_waitlist_fields_on_a_referred_youth(youth):
    with pytest.raises(IntegrityError), transaction.atomic():
        Youth.objects.filter(pk=youth.pk).update(waitlisted_at=timezone.now(), waitlist_priority=2)


def test_lifecycle_fields_change_only_through_the_steps(youth, coordinator):
    with pytest.raises(ValidationError, match="only through the lifecycle"):
        actions.youth_update(youth=youth, by=coordinator, changes={"status": "active"})


@pytest.mark.postgres
def test_the_database_refuses_to_rewrite_or_delete_a_lifecycle_event(youth, coordinator):
    from django.db import DatabaseError, connection, transaction

    from cases.models import LifecycleEvent

    event = LifecycleEvent.objects.filter(youth=youth).latest("id")
    for sql in (
        "UPDATE cases_lifecycleevent SET reason = 'rewritten' WHERE id = %s",
        "DELETE FROM cases_lifecycleevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.reason != "rewritten"
