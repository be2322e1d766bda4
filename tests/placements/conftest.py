"""Homes and youths for placement tests, built through the real actions."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cases import actions as case_actions
from cases.models import Referral, SafetyAlert, Youth
from placements import actions
from placements.models import AlarmEvent, Caregiver, Home, Placement, TrainingRecord
from tests import factories


def make_active_youth(*, by, track=Youth.Track.STFC, **fields):
    """A youth admitted to ``track`` through referral, screening and the screening decision."""
    youth = factories.refer_youth(by=by, **fields)
    case_actions.youth_screening_start(youth=youth, by=by)
    decision = Referral.Decision.STFC if track == Youth.Track.STFC else Referral.Decision.CRT
    case_actions.youth_screening_decide(youth=youth, by=by, decision=decision)
    youth.refresh_from_db()
    return youth


def make_waitlisted_youth(*, by, priority=2, **fields):
    youth = factories.refer_youth(by=by, **fields)
    case_actions.youth_screening_start(youth=youth, by=by)
    case_actions.youth_screening_decide(
        youth=youth, by=by, decision=Referral.Decision.WAITLIST, priority=priority
    )
    youth.refresh_from_db()
    return youth


def make_home(
    *,
    by,
    code,
    status=Home.Status.CERTIFIED,
    certified_days_ago=100,
    license_days_left=300,
    alarm_tested_days_ago=3,
    training_hours=24,
    available_24_7=True,
    other_foster_children=0,
    address="12 Fictional Lane, Nowhere FL",
    phone="555-0100",
):
    """A home that is ready unless an argument says otherwise."""
    today = timezone.localdate()
    certified_on = today - datetime.timedelta(days=certified_days_ago)
    home = actions.home_save(
        home=Home(
            code=code,
            address=address,
            phone=phone,
            status=status,
            license_number=f"LIC-{code}",
            certified_on=certified_on,
            license_expires_on=today + datetime.timedelta(days=license_days_left),
            alarm_installed=True,
            other_foster_children=other_foster_children,
        ),
        by=by,
    )
    if alarm_tested_days_ago is not None:
        actions.alarm_event_record(
            home=home,
            kind=AlarmEvent.Kind.TEST,
            test_passed=True,
            occurred_at=min(
                timezone.now(),
                timezone.make_aware(
                    datetime.datetime.combine(
                        today - datetime.timedelta(days=alarm_tested_days_ago), datetime.time(12)
                    )
                ),
            ),
            by=by,
        )
    caregiver = actions.caregiver_save(
        caregiver=Caregiver(
            home=home,
            first_name="Pat",
            last_name=f"Fictional-{code}",
            available_24_7=available_24_7,
        ),
        by=by,
    )
    if training_hours:
        actions.training_record_add(
            caregiver=caregiver,
            course="CSEC specialized caregiver training",
            category=TrainingRecord.Category.SPECIALIZED,
            hours=Decimal(training_hours),
            completed_on=certified_on - datetime.timedelta(days=10),
            by=by,
        )
    home.refresh_from_db()
    return home


@pytest.fixture
def home(coordinator):
    return make_home(by=coordinator, code="H-07")


@pytest.fixture
def stfc_youth(coordinator, clinician):
    from cases.models import CaseAssignment

    youth = make_active_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    return youth


@pytest.fixture
def placed_with_alert(coordinator, home, stfc_youth):
    """``stfc_youth`` (primary clinician ``clinician``) placed in H-07, with a runaway alert."""
    actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    case_actions.safety_alert_create(
        youth=stfc_youth, by=coordinator, kind=SafetyAlert.Kind.RUNAWAY, summary="Runs at night"
    )
    return stfc_youth
