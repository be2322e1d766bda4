"""Demo youths (all fictional) across both tracks and every status, built through the actions.

`clinician` and `clinician2` have separate caseloads; `supervisor` supervises both clinicians and
so sees both caseloads (through supervision, not a team row). Ages are relative to this year so
the demo never ages out of the program.

Idempotent: a youth that already exists (same fictional legal name) is reused, never rebuilt.
Puts ``ctx["youths"] = {key: Youth}`` for later apps.
"""

import datetime

from django.utils import timezone

from . import actions
from .models import CaseAssignment, Referral, Youth

Role = CaseAssignment.Role

# key, first, last, preferred, aliases, (age this year, birth month, day), lifecycle path, primary
DEMO_YOUTHS = [
    ("stfc_active", "Avery", "Example", "Ave", "Lady A", (15, 3, 14), "stfc", "clinician"),
    ("stfc_active_2", "Blair", "Sample", "", "", (16, 9, 2), "stfc", "clinician2"),
    ("crt_active", "Casey", "Fictional", "", "CeeCee", (14, 1, 20), "crt", "clinician"),
    ("crt_active_2", "Devon", "Placeholder", "Dev", "", (16, 11, 5), "crt", "clinician2"),
    ("crt_waiting_stfc", "Emery", "Testwood", "", "", (15, 7, 30), "crt_to_stfc", "clinician"),
    ("waitlisted", "Finley", "Mockridge", "", "Fin", (13, 6, 11), "waitlist_1", "clinician2"),
    ("waitlisted_2", "Gray", "Demoson", "", "", (16, 4, 8), "waitlist_3", None),
    ("referred", "Harper", "Notreal", "", "", (12, 2, 17), "referred", None),
    ("screening", "Indigo", "Madeup", "", "Indy", (15, 10, 23), "screening", "clinician"),
    ("discharged", "Jules", "Pretend", "", "", (17, 8, 1), "discharged", "clinician"),
    ("declined", "Kai", "Imaginary", "", "", (16, 12, 12), "declined", None),
    ("re_referred", "Lane", "Invented", "", "Laney", (16, 5, 27), "re_referred", "clinician2"),
]


def seed(ctx):
    users = ctx["users"]
    coordinator = users["coordinator"]
    youths = {}
    this_year = timezone.localdate().year
    for key, first, last, preferred, aliases, (age, month, day), path, primary in DEMO_YOUTHS:
        dob = datetime.date(this_year - age, month, day)
        youth = Youth.objects.filter(legal_first_name=first, legal_last_name=last).first()
        if youth is None:
            youth = _build(
                coordinator,
                users.get(primary),
                fields={
                    "legal_first_name": first,
                    "legal_last_name": last,
                    "preferred_name": preferred,
                    "aliases": aliases,
                    "date_of_birth": dob,
                    "gender": "Female" if len(youths) % 3 else "Male",
                    "language": "English",
                    "court_case_number": f"DEMO-{2020 + len(youths)}-DP-{100 + len(youths)}",
                },
                path=path,
            )
        youths[key] = youth
    ctx["youths"] = youths


def _build(coordinator, primary, *, fields, path):
    now = timezone.now()
    today = timezone.localdate()
    days = datetime.timedelta
    recent = path in ("referred", "screening")
    referral = actions.referral_receive(
        by=coordinator,
        source=Referral.Source.CHILD_WELFARE,
        source_agency="Fictional Community-Based Care agency",
        received_at=now - (days(hours=6) if recent else days(days=90)),
        youth_fields=fields,
        reason="Fictional demo referral.",
    )
    youth = referral.youth
    if primary is not None:
        actions.case_assignment_create(
            youth=youth, user=primary, role=Role.PRIMARY_CLINICIAN, by=coordinator
        )
    _contacts_and_alerts(youth, coordinator, path)
    if path == "referred":
        return youth
    actions.youth_screening_start(youth=youth, by=coordinator)
    if path == "screening":
        return youth
    admitted_on = today - days(days=80)
    if path in ("stfc", "crt", "crt_to_stfc", "discharged"):
        track = "stfc" if path in ("stfc", "discharged") else "crt"
        actions.youth_screening_decide(
            youth=youth, by=coordinator, decision=track, admitted_on=admitted_on
        )
    elif path.startswith("waitlist"):
        actions.youth_screening_decide(
            youth=youth, by=coordinator, decision="waitlist", priority=int(path[-1])
        )
    else:  # declined, re_referred
        actions.youth_screening_decide(
            youth=youth, by=coordinator, decision="declined", note="Fictional: served elsewhere"
        )
    if path == "crt_to_stfc":
        actions.youth_track_change(
            youth=youth,
            by=coordinator,
            track="stfc",
            reason="Fictional: needs a specialized home",
            priority=2,
        )
    if path == "discharged":
        actions.youth_discharge(
            youth=youth, by=coordinator, discharged_on=today - days(days=5), reason="goals_met"
        )
    if path == "re_referred":
        actions.referral_receive(
            by=coordinator,
            youth=youth,
            source=Referral.Source.LAW_ENFORCEMENT,
            received_at=now - days(hours=3),
            reason="Fictional: recovered during an operation; re-entry.",
        )
    return youth


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
            summary="Known recruiter; call police if seen near the home",
            person_name="'Fictional Boyfriend' (street name)",
        )
    if path in ("stfc", "crt_to_stfc"):
        actions.safety_alert_create(
            youth=youth,
            by=by,
            kind="runaway",
            summary="Two runaway episodes in the last six months (fictional)",
        )
