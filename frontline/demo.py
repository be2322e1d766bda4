"""The people around two demo youths, through the real actions: the ``caregiver`` login is the
foster caregiver of home H-01, where Avery lives; the ``mentor`` login mentors Casey (CRT).
Daily notes, a home-support visit, an appointment the home sees and mentoring sessions, dated
in the story. All fictional; idempotent (a linked caregiver, a mentor on the team, a youth with
notes are left alone)."""

import datetime

from django.utils import timezone

from cases import actions as case_actions
from cases.demo import day_at
from cases.models import CaseAssignment
from chance.access import Need, holds, youth_access
from placements.actions import caregiver_save
from placements.models import Caregiver, Placement

from . import actions
from .models import Appointment, HomeNote, HomeVisit, MentoringSession

CARED_FOR = "stfc_active"  # Avery, in home H-01
MENTORED = "crt_active"  # Casey
NOTES = [
    (3, "Quiet evening. Ate dinner with us, watched a film, asleep by ten (fictional)."),
    (2, "Good day at school; asked to join the art club. Talked about her sister (fictional)."),
]


def seed(ctx):
    users, scene = ctx["users"], ctx["scene"]
    caregiver_user, mentor = users.get("caregiver"), users.get("mentor")
    coordinator, support = users["coordinator"], users.get("support")

    def with_youth(key, step):
        """Run ``step(youth)`` once the story has made the youth (cases.demo fills
        ``ctx["youths"]`` as it is played)."""

        def run():
            youth = (ctx.get("youths") or {}).get(key)
            if youth is not None and youth.pk is not None:
                youth.refresh_from_db()
                step(youth)

        return run

    if caregiver_user is not None:
        scene(day_at(30, 9), lambda: _link_caregiver(caregiver_user, coordinator))
        for days_ago, text in NOTES:
            scene(
                day_at(days_ago, 21),
                with_youth(CARED_FOR, lambda y, text=text: _note(y, caregiver_user, text)),
            )
        scene(day_at(1, 10), with_youth(CARED_FOR, lambda y: _appointment(y, users["clinician"])))
    if support is not None:
        scene(day_at(4, 16), with_youth(CARED_FOR, lambda y: _visit(y, support)))
    if mentor is not None:
        scene(day_at(60, 11), with_youth(MENTORED, lambda y: _mentor(y, mentor, coordinator)))
        for days_ago, minutes, activity in ((45, 60, "Walk and talk"), (14, 90, "Art")):
            scene(
                day_at(days_ago, 16),
                with_youth(MENTORED, lambda y, m=minutes, a=activity: _session(y, mentor, m, a)),
            )


def _link_caregiver(user, by):
    home_ids = Placement.objects.filter(ended_on__isnull=True, home__code="H-01").values("home_id")
    caregiver = Caregiver.objects.filter(home__in=home_ids, user__isnull=True).first()
    if caregiver is not None and not Caregiver.objects.filter(user=user).exists():
        caregiver.user = user
        caregiver_save(caregiver=caregiver, by=by, reason="Login for the foster caregiver")


def _note(youth, by, text):
    if HomeNote.objects.filter(youth=youth, day=timezone.localdate()).exists():
        return
    if holds(by, youth.pk, Need.HOME_CARE):
        actions.home_note_write(youth=youth, by=by, day=timezone.localdate(), text=text)


def _appointment(youth, clinician):
    if Appointment.objects.filter(youth=youth).exists():
        return
    access = youth_access(clinician, youth.pk, Need.SAFETY)
    actions.appointment_add(
        access=access,
        by=clinician,
        kind=Appointment.Kind.THERAPY,
        starts_at=timezone.now() + datetime.timedelta(days=3, hours=6),
        place="CHANCE office, room 2 (fictional)",
        note="Please bring her school schedule.",
    )


def _visit(youth, support):
    if HomeVisit.objects.filter(youth=youth).exists():
        return
    actions.home_visit_log(
        youth=youth,
        by=support,
        visited_at=timezone.now() - datetime.timedelta(hours=1),
        notes="Helped with homework; the alarm panel shows green (fictional).",
    )


def _mentor(youth, mentor, by):
    if not CaseAssignment.objects.filter(youth=youth, user=mentor).exists():
        case_actions.case_assignment_create(
            youth=youth, user=mentor, role=CaseAssignment.Role.MENTOR, by=by
        )


def _session(youth, mentor, minutes, activity):
    if MentoringSession.objects.filter(
        youth=youth, mentor=mentor, held_on=timezone.localdate()
    ).exists():
        return
    actions.mentoring_session_log(
        youth=youth, by=mentor, held_on=timezone.localdate(), minutes=minutes, activity=activity
    )
