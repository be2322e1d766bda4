"""A small program history built through the real actions, day by day (time_machine), whose
report numbers are worked out by hand in the tests.

2025-01-10  A referred, screened, admitted to STFC.    2025-01-15  A placed in home H-01.
2025-02-05  B referred, screened, admitted to CRT with "youth's choice" as reason not placed;
            placed with a relative the next day.
2025-02-10  D referred and declined at screening.      B assessed (protective factors: 2).
2025-02-12  B: signed 60-minute therapy note, a 30-minute draft (not counted).
2025-02-20  C referred and waitlisted for an STFC home.
2025-02-25  B missing from 10:00; law enforcement told 20:00 (in time), NCMEC 2025-02-27 (late);
            back 2025-02-28 10:00: 3 days missing.
2025-03-03  B moves from the relative to a shelter (one move).
2025-03-14  A's placement ends and A is discharged mid-month (goals met).
2025-03-20  B assessed again (protective factors: 4).
The clock is left at 2025-04-01 12:00.
"""

import datetime

from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment, Referral, Youth
from placements import actions as placement_actions
from placements.models import Placement
from services import actions as services_actions
from services.models import Instrument, ServiceType
from tests import factories
from tests.placements.conftest import make_home

from .conftest import admit


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


D = datetime.date


def protective(value):
    instrument = Instrument.objects.get(code="protective-factors", active=True)
    keys = [item["key"] for item in instrument.definition["items"]]
    return instrument, dict.fromkeys(keys, value)


def build(time_machine, *, coordinator, clinician):
    def on(day, hour=12):
        time_machine.move_to(at(day, hour), tick=False)

    on(D(2025, 1, 10))
    a = factories.refer_youth(by=coordinator)
    admit(a, by=coordinator, decision=Referral.Decision.STFC)
    on(D(2025, 1, 15))
    home = make_home(by=coordinator, code="H-01")
    a_home = placement_actions.placement_start(
        youth=a, setting=Placement.Setting.STFC, home=home, by=coordinator
    )

    on(D(2025, 2, 5))
    b = factories.refer_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=b, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    admit(
        b,
        by=coordinator,
        decision=Referral.Decision.CRT,
        not_placed_reason=Referral.NotPlacedReason.YOUTH_CHOICE,
    )
    on(D(2025, 2, 6))
    b_relative = placement_actions.placement_start(
        youth=b, setting=Placement.Setting.RELATIVE, provider="Aunt", by=coordinator
    )
    on(D(2025, 2, 10))
    d = factories.refer_youth(by=coordinator)
    admit(d, by=coordinator, decision=Referral.Decision.DECLINED)
    instrument, responses = protective(2)
    services_actions.assessment_save(
        youth=b,
        instrument=instrument,
        responses=responses,
        administered_on=D(2025, 2, 10),
        by=clinician,
        finalize=True,
    )
    on(D(2025, 2, 12))
    therapy = ServiceType.objects.get(code="individual-therapy")
    for minutes, sign in ((60, True), (30, False)):
        services_actions.note_save(
            youth=b,
            service_type=therapy,
            occurred_at=at(D(2025, 2, 12), 10),
            minutes=minutes,
            setting="office",
            text="Fictional session.",
            by=clinician,
            sign=sign,
        )
    on(D(2025, 2, 20))
    c = factories.refer_youth(by=coordinator)
    admit(c, by=coordinator, decision=Referral.Decision.WAITLIST, priority=2)

    on(D(2025, 2, 25), 21)
    episode = placement_actions.missing_episode_open(
        youth=b, by=coordinator, last_seen_at=at(D(2025, 2, 25), 10)
    )
    placement_actions.missing_episode_report_law_enforcement(
        episode=episode, by=coordinator, reported_at=at(D(2025, 2, 25), 20), officer_name="Ofc. Doe"
    )
    on(D(2025, 2, 28), 11)
    placement_actions.missing_episode_report_ncmec(
        episode=episode, by=coordinator, reported_at=at(D(2025, 2, 27), 9), case_number="N-1"
    )
    placement_actions.missing_episode_return(
        episode=episode, by=coordinator, returned_at=at(D(2025, 2, 28), 10)
    )

    on(D(2025, 3, 3))
    placement_actions.placement_move(
        placement=b_relative,
        setting=Placement.Setting.SHELTER,
        provider="Youth shelter",
        by=coordinator,
        reason="Relative could not keep her safe",
    )
    on(D(2025, 3, 14))
    placement_actions.placement_end(placement=a_home, by=coordinator, reason="Goals met")
    case_actions.youth_discharge(
        youth=a,
        by=coordinator,
        discharged_on=D(2025, 3, 14),
        reason=Youth.DischargeReason.GOALS_MET,
    )
    on(D(2025, 3, 20))
    instrument, responses = protective(4)
    services_actions.assessment_save(
        youth=b,
        instrument=instrument,
        responses=responses,
        administered_on=D(2025, 3, 20),
        by=clinician,
        finalize=True,
    )
    on(D(2025, 4, 1))
    return {"a": a, "b": b, "c": c, "d": d, "home": home}
