"""Demo youths (all fictional) across both tracks and every status, built through the actions,
each on a dated story (``chance.demo``: scenes played in time order with the clock at each).

Over the last year the program took a referral about once a month; every screening was decided
within 24 hours of the referral (Fla. Admin. Code 65C-43.001), so admissions, screenings and the
monthly state report agree month by month. One youth, admitted yesterday, has no case team yet:
the coordinator's home page asks for a primary clinician.

`clinician` and `clinician2` have separate caseloads; `supervisor` supervises both clinicians and
so sees both caseloads (through supervision, not a team row). Ages are relative to this year so
the demo never ages out of the program.

Idempotent: a youth that already exists (same fictional legal name) is reused, never rebuilt.
Puts ``ctx["youths"] = {key: Youth}`` for later apps (filled in as the story is played).
"""

import datetime

from django.utils import timezone

from . import actions
from .models import CaseAssignment, Referral, Youth

Role = CaseAssignment.Role
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)

# key, first, last, preferred, aliases, (age this year, birth month, day), lifecycle path, primary,
# referral received (days ago; None: hours ago, for work still open today)
DEMO_YOUTHS = [
    ("discharged", "Jules", "Pretend", "", "", (17, 8, 1), "discharged", "clinician", 330),
    ("re_referred", "Lane", "Invented", "", "Laney", (16, 5, 27), "re_referred", "clinician2", 270),
    ("stfc_active", "Avery", "Example", "Ave", "Lady A", (15, 3, 14), "stfc", "clinician", 240),
    ("crt_active", "Casey", "Fictional", "", "CeeCee", (14, 1, 20), "crt", "clinician", 200),
    ("crt_waiting_stfc", "Emery", "Testwood", "", "", (15, 7, 30), "crt_to_stfc", "clinician", 150),
    ("stfc_active_2", "Blair", "Sample", "", "", (16, 9, 2), "stfc", "clinician2", 120),
    ("declined", "Kai", "Imaginary", "", "", (16, 12, 12), "declined", None, 90),
    ("waitlisted", "Finley", "Mockridge", "", "Fin", (13, 6, 11), "waitlist_1", "clinician2", 75),
    ("crt_active_2", "Devon", "Placeholder", "Dev", "", (16, 11, 5), "crt", "clinician2", 60),
    ("waitlisted_2", "Gray", "Demoson", "", "", (16, 4, 8), "waitlist_3", None, 30),
    ("new_admission", "Mika", "Newcomb", "", "", (14, 10, 3), "crt", None, 2),
    ("screening", "Indigo", "Madeup", "", "Indy", (15, 10, 23), "screening", "clinician", None),
    ("referred", "Harper", "Notreal", "", "", (12, 2, 17), "referred", None, None),
]
# Days ago of the later steps of a story.
DISCHARGED_DAYS_AGO = 20  # Jules, goals met, after leaving home H-02 the same morning
TRACK_CHANGE_DAYS_AGO = 40  # Emery, CRT youth who now needs an STFC home


def day_at(days_ago, hour):
    """The aware moment at ``hour`` o'clock local time, ``days_ago`` days before today."""
    day = timezone.localdate() - days_ago * DAY
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed(ctx):
    users = ctx["users"]
    youths = ctx.setdefault("youths", {})
    this_year = timezone.localdate().year
    for i, row in enumerate(DEMO_YOUTHS):
        key, first, last, preferred, aliases, (age, month, day), path, primary, days_ago = row
        youth = Youth.objects.filter(legal_first_name=first, legal_last_name=last).first()
        if youth is not None:
            youths[key] = youth
            continue
        fields = {
            "legal_first_name": first,
            "legal_last_name": last,
            "preferred_name": preferred,
            "aliases": aliases,
            "date_of_birth": datetime.date(this_year - age, month, day),
            "gender": "Female" if i % 3 else "Male",
            "language": "en",
            "court_case_number": f"DEMO-{2020 + i}-DP-{100 + i}",
        }
        _story(ctx, key, fields, path, users["coordinator"], users.get(primary), days_ago)


def _story(ctx, key, fields, path, coordinator, primary, days_ago):
    """Add the scenes of one youth: referral, screening within 24 hours, and what followed."""
    scene, youths = ctx["scene"], ctx["youths"]
    now = timezone.now()
    if days_ago is None:  # today's open work: referred six hours ago, in screening for eight
        received = now - (10 * HOUR if path == "screening" else 6 * HOUR)
    else:
        received = day_at(days_ago, 9 if days_ago > 2 else 14)

    def refer():
        referral = actions.referral_receive(
            by=coordinator,
            source=Referral.Source.CHILD_WELFARE,
            source_agency="Fictional Community-Based Care agency",
            received_at=timezone.now(),
            youth_fields=fields,
            reason="Fictional demo referral.",
        )
        youth = youths[key] = referral.youth
        if primary is not None:
            actions.case_assignment_create(
                youth=youth, user=primary, role=Role.PRIMARY_CLINICIAN, by=coordinator
            )
        _contacts_and_alerts(youth, coordinator, path)

    scene(received, refer)
    if path in ("stfc", "crt"):
        # The next judicial review, 15 days after the real today (a scene without a moment runs
        # on the real clock): its report is open work for the primary clinician.
        scene(
            None,
            lambda: actions.court_hearing_save(
                youth=youths[key],
                by=coordinator,
                kind="judicial_review",
                held_at=day_at(-15, 9),
                court="Fictional Circuit Court, Juvenile Division, Courtroom 4",
                judge="Judge Fiction",
            ),
        )
    if path == "referred":
        return
    scene(
        received + 2 * HOUR,
        lambda: actions.youth_screening_start(youth=youths[key], by=coordinator),
    )
    if path == "screening":
        return
    scene(received + 20 * HOUR, lambda: _decide(youths[key], coordinator, path))
    if path == "crt_to_stfc":
        scene(
            day_at(TRACK_CHANGE_DAYS_AGO, 10),
            lambda: actions.youth_track_change(
                youth=youths[key],
                by=coordinator,
                track="stfc",
                reason="Fictional: needs a specialized home",
                priority=2,
            ),
        )
    if path == "discharged":
        scene(
            day_at(DISCHARGED_DAYS_AGO, 15),
            lambda: actions.youth_discharge(
                youth=youths[key],
                by=coordinator,
                discharged_on=timezone.localdate(),
                reason="goals_met",
            ),
        )
    if path == "re_referred":
        scene(
            now - 3 * HOUR,
            lambda: actions.referral_receive(
                by=coordinator,
                youth=youths[key],
                source=Referral.Source.LAW_ENFORCEMENT,
                received_at=timezone.now(),
                reason="Fictional: recovered during an operation; re-entry.",
            ),
        )


def _decide(youth, coordinator, path):
    """The screening decision, 20 hours after the referral: admitted today, waitlisted or
    declined."""
    if path in ("stfc", "crt", "crt_to_stfc", "discharged"):
        track = "stfc" if path in ("stfc", "discharged") else "crt"
        actions.youth_screening_decide(youth=youth, by=coordinator, decision=track)
    elif path.startswith("waitlist"):
        actions.youth_screening_decide(
            youth=youth, by=coordinator, decision="waitlist", priority=int(path[-1])
        )
    else:  # declined, re_referred
        actions.youth_screening_decide(
            youth=youth, by=coordinator, decision="declined", note="Fictional: served elsewhere"
        )


def _contacts_and_alerts(youth, by, path):
    actions.contact_create(
        youth=youth,
        by=by,
        kind="caseworker",
        name="Pat Caseworker (fictional)",
        organization="Fictional CBC",
        phone="555-0100",
    )
    if path in ("stfc", "crt"):
        actions.contact_create(
            youth=youth, by=by, kind="gal", name="Robin Advocate (fictional)", phone="555-0101"
        )
    if path in ("stfc", "waitlist_1"):
        actions.safety_alert_create(
            youth=youth,
            by=by,
            kind="no_contact",
            summary="Known recruiter; call police if seen near the home",  # i18n: ok
            person_name="'Fictional Boyfriend' (street name)",
        )
    if path in ("stfc", "crt_to_stfc"):
        actions.safety_alert_create(
            youth=youth,
            by=by,
            kind="runaway",
            summary="Two runaway episodes in the last six months (fictional)",  # i18n: ok
        )
