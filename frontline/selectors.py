"""What the people around the youth read: each page a fixed number of queries."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from cases.actions import age_on
from cases.models import SafetyAlert
from cases.youth_state import youth_states
from chance.access import Need, visible_youths
from placements import rules
from placements.models import Caregiver, MissingEpisode, Placement
from services.models import SafetyPlan

from .models import Appointment, HomeNote, HomeVisit, Incident, MentoringSession

RECENT = 10
# An appointment stays on the caregiver's list until two hours after it started.
APPOINTMENT_GRACE = timedelta(hours=2)


def active_alerts():
    return Prefetch(
        "safety_alerts",
        queryset=SafetyAlert.objects.filter(active=True).order_by("kind", "id"),
        to_attr="active_alerts",
    )


def with_age(youths):
    today = timezone.localdate()
    for youth in youths:
        youth.age = age_on(youth.date_of_birth, today)
    return youths


def open_placement(youth):
    return Placement.objects.filter(youth=youth, ended_on__isnull=True).first()


def upcoming_appointments(youth, limit=RECENT):
    since = timezone.now() - APPOINTMENT_GRACE
    return list(Appointment.objects.filter(youth=youth, starts_at__gte=since)[:limit])


def person_frame(youth):
    """What every page of a caregiver or mentor shows about the youth: preferred name, age,
    active alerts (kind, summary, the no-contact person's name) and states such as missing."""
    with_age([youth])
    return {
        "youth": youth,
        "alerts": list(SafetyAlert.objects.filter(youth=youth, active=True).order_by("kind", "id")),
        "states": youth_states([youth.pk]).get(youth.pk, []),
    }


def caregiver_page(youth):
    """The foster caregiver's page: the frame, the safety plan, the on-call line, what is
    coming up and what their home wrote lately (this placement's notes and incidents only)."""
    placement = open_placement(youth)
    return {
        **person_frame(youth),
        "safety_plan": SafetyPlan.objects.filter(youth=youth).first(),
        "missing": MissingEpisode.objects.filter(youth=youth, returned_at__isnull=True).first(),
        "oncall_line": settings.ONCALL_PHONE,
        "appointments": upcoming_appointments(youth),
        "notes": list(
            HomeNote.objects.filter(placement=placement).select_related("written_by")[:RECENT]
        ),
        "incidents": list(
            Incident.objects.filter(placement=placement).select_related("reported_by")[:RECENT]
        ),
    }


@dataclass
class CaregiverTraining:
    caregiver: Caregiver
    records: list
    status: rules.TrainingStatus
    due_on: object


def own_training(user):
    """The signed-in caregiver's own training ledger, what counts and what is due."""
    today = timezone.localdate()
    caregiver = (
        Caregiver.objects.filter(user=user, active=True)
        .select_related("home")
        .prefetch_related("training")
        .first()
    )
    if caregiver is None:
        return None
    records = list(caregiver.training.all())
    certified_on = caregiver.home.certified_on
    return CaregiverTraining(
        caregiver=caregiver,
        records=records,
        status=rules.caregiver_training_status(records, certified_on=certified_on, on=today),
        due_on=rules.caregiver_education_due(records, certified_on=certified_on, on=today)
        if certified_on
        else None,
    )


def caregiver_home(user):
    """The caregiver's home section: the youth placed in their home now (none after the
    placement ended), with alerts and states, their training and the on-call line (4 queries)."""
    youths = with_age(
        list(visible_youths(user, Need.HOME_CARE).prefetch_related(active_alerts()).order_by("pk"))
    )
    states = youth_states(y.pk for y in youths)
    return {
        "youths": [{"youth": y, "states": states.get(y.pk, [])} for y in youths],
        "training": own_training(user),
        "oncall_line": settings.ONCALL_PHONE,
    }


def mentor_home(user):
    """The mentor's home section: the youths they mentor now, with alerts and their own last
    session with each (3 queries)."""
    youths = with_age(
        list(
            visible_youths(user, Need.MENTORING)
            .prefetch_related(active_alerts())
            .order_by("preferred_name", "legal_first_name", "pk")
        )
    )
    last = {}
    for session in MentoringSession.objects.filter(
        mentor=user, youth__in=[y.pk for y in youths]
    ).order_by("youth_id", "-held_on", "-id"):
        last.setdefault(session.youth_id, session)
    return {"youths": [{"youth": y, "last": last.get(y.pk)} for y in youths]}


def own_sessions(youth, user):
    return list(MentoringSession.objects.filter(youth=youth, mentor=user)[: RECENT * 5])


def home_visits(youth, home_id):
    return list(
        HomeVisit.objects.filter(youth=youth, home_id=home_id).select_related("visited_by")[
            : RECENT * 5
        ]
    )


def at_home(access):
    """The team's view of what the home and the people around the youth recorded: incidents,
    daily notes and visits for those holding the safety essentials; mentoring sessions for the
    clinical team only (a mentor's notes are the youth's to share with her clinician)."""
    youth = access.youth
    page = {
        "appointments": upcoming_appointments(youth, limit=RECENT * 2),
        "incidents": list(
            Incident.objects.filter(youth=youth).select_related("reported_by")[: RECENT * 2]
        ),
        "notes": list(
            HomeNote.objects.filter(youth=youth).select_related("written_by")[: RECENT * 2]
        ),
        "visits": list(
            HomeVisit.objects.filter(youth=youth).select_related("visited_by", "home")[: RECENT * 2]
        ),
        "sessions": None,
    }
    if access.allows(Need.CLINICAL):
        page["sessions"] = list(
            MentoringSession.objects.filter(youth=youth).select_related("mentor")[: RECENT * 2]
        )
    return page
