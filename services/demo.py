"""Demo clinical records (all fictional), built through the services actions.

For each active demo youth: assessments over time (final, one amended, one draft), an approved
plan and a newer draft, signed and draft notes, monitoring contacts (one flagged for the
supervisor), a safety plan and a medication. `oncall` (also a clinician) works as the program's
substance-use clinician (global Part 2 permission) on one of clinician2's youths and writes a
Part 2 note there; `clinician` and `clinician2` keep separate caseloads. Releases of
information: a school's (up for renewal) and an expired caseworker's on the first youth, and a
Part 2 release to the court where `oncall` treats substance use.
On-call: `oncall` is primary for the shift covering now, with a backup and a
next shift, and two crisis calls. Idempotent: a youth that already has assessments is skipped;
shifts and calls are only added when missing.
"""

import datetime

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment, Youth
from chance.access import youth_access
from chance.documents import simple_pdf

from . import actions
from .catalogue import ensure_catalogue
from .models import Assessment, CrisisCall, Instrument, OnCallShift, ServiceType

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def _primary(youth):
    assignment = (
        CaseAssignment.objects.filter(
            youth=youth, role=CaseAssignment.Role.PRIMARY_CLINICIAN, ended_on__isnull=True
        )
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else None


def _active_youths(ctx):
    youths = ctx.get("youths")
    if youths:
        for youth in youths.values():
            youth.refresh_from_db()
        return [y for y in youths.values() if y.status == Youth.Status.ACTIVE]
    clinician = ctx["users"]["clinician"]
    return list(
        Youth.objects.filter(
            status=Youth.Status.ACTIVE,
            assignments__user=clinician,
            assignments__ended_on__isnull=True,
        ).distinct()
    )


def seed(ctx):
    ensure_catalogue()
    # Clinical records are written today about the past year (administered on, occurred at),
    # once the youths' stories have been played.
    ctx["scene"](None, lambda: _seed_records(ctx))


def _seed_records(ctx):
    users = ctx["users"]
    # Only youths with a primary clinician have clinical records; one admitted yesterday has no
    # team yet (the coordinator's home page asks for one).
    youths = [y for y in _active_youths(ctx) if _primary(y) is not None]
    for index, youth in enumerate(youths):
        author = _primary(youth)
        if author is None or Assessment.objects.filter(youth=youth).exists():
            continue
        _assessments(youth, author, variant=index)
        _plans(youth, author, users["supervisor"])
        _notes(youth, author)
        _monitoring(youth, author, flagged=index == 0)
        _safety_and_psychiatric(youth, author)
    _part2(ctx, youths)
    _releases(ctx, youths)
    _oncall(users, youths)


def _admin_day(youth, days_ago):
    start = youth.admitted_on or timezone.localdate() - 90 * DAY
    return max(timezone.localdate() - days_ago * DAY, start)


def _assessments(youth, author, *, variant):
    crafft = Instrument.objects.get(code="crafft", active=True)
    csec = Instrument.objects.get(code="csec-indicators", active=True)
    protective = Instrument.objects.get(code="protective-factors", active=True)
    csec_keys = [item["key"] for item in csec.definition["items"]]
    pf_keys = [item["key"] for item in protective.definition["items"]]
    # CSEC indicators at intake, then fewer current indicators as the youth stabilises.
    for days_ago, yes in ((80, 9 - variant), (45, 6 - variant), (10, 3)):
        responses = {key: int(i < yes) for i, key in enumerate(csec_keys)}
        actions.assessment_save(
            youth=youth, instrument=csec, responses=responses, finalize=True,
            administered_on=_admin_day(youth, days_ago), by=author,
        )  # fmt: skip
    # Protective factors rising over three ratings.
    for days_ago, base in ((78, 2), (40, 3), (8, 4)):
        responses = {key: min(5, base + (i % 2)) for i, key in enumerate(pf_keys)}
        actions.assessment_save(
            youth=youth, instrument=protective, responses=responses, finalize=True,
            administered_on=_admin_day(youth, days_ago), by=author,
        )  # fmt: skip
    first = actions.assessment_save(
        youth=youth, instrument=crafft, finalize=True, by=author,
        administered_on=_admin_day(youth, 75),
        responses={"a_alcohol": 6, "a_marijuana": 20, "a_other": 0, "b_car": 1, "b_relax": 1,
                   "b_alone": 0, "b_forget": 1, "b_family": 0, "b_trouble": 0},
    )  # fmt: skip
    actions.assessment_amend(
        assessment=first, by=author, reason="Youth later disclosed family concern (fictional).",
        responses={**first.responses, "b_family": 1},
    )  # fmt: skip
    actions.assessment_save(
        youth=youth, instrument=crafft, finalize=True, by=author,
        administered_on=_admin_day(youth, 5),
        responses={"a_alcohol": 1, "a_marijuana": 2, "a_other": 0, "b_car": 0, "b_relax": 1,
                   "b_alone": 0, "b_forget": 0, "b_family": 0, "b_trouble": 0},
    )  # fmt: skip
    actions.assessment_save(  # a draft, half done
        youth=youth, instrument=crafft, by=author, administered_on=timezone.localdate(),
        responses={"a_alcohol": 0, "a_marijuana": 1},
    )  # fmt: skip


def _plans(youth, author, supervisor):
    therapy = ServiceType.objects.get(code="individual-therapy")
    mentoring = ServiceType.objects.get(code="mentoring")
    education = ServiceType.objects.get(code="education")
    plan = actions.plan_create(youth=youth, by=author)
    actions.plan_update(
        plan=plan, by=author, strengths="Loves art; bonded with foster parent (fictional).",
        needs="Runaway risk; school disengagement; trauma symptoms.",
    )  # fmt: skip
    goal = actions.goal_add(plan=plan, description="Feel safe and stay in placement", by=author)
    objective = actions.objective_add(
        goal=goal, by=author, description="No runaway episodes for 60 days",
        target_date=timezone.localdate() + 60 * DAY,
    )  # fmt: skip
    actions.intervention_add(
        objective=objective, service_type=therapy, frequency="Weekly, 60 minutes",
        responsible=author, by=author, description="Trauma-focused therapy",
    )  # fmt: skip
    actions.intervention_add(
        objective=objective, service_type=mentoring, frequency="Twice a month",
        responsible=author, by=author,
    )  # fmt: skip
    goal2 = actions.goal_add(plan=plan, description="Re-engage with school", by=author)
    objective2 = actions.objective_add(
        goal=goal2, description="Attend 90% of school days this month", by=author
    )
    actions.intervention_add(
        objective=objective2, service_type=education, frequency="Weekly check-in",
        responsible=author, by=author,
    )  # fmt: skip
    actions.plan_submit(plan=plan, by=author)
    actions.plan_approve(plan=plan, by=supervisor)
    actions.plan_create(youth=youth, by=author, copy_from=plan)  # the next review, in draft


def _notes(youth, author):
    therapy = ServiceType.objects.get(code="individual-therapy")
    case_management = ServiceType.objects.get(code="case-management")
    now = timezone.now()
    for days_ago, service, text in (
        (21, therapy, "Fictional session: built rapport, practised grounding."),
        (14, therapy, "Fictional session: worked on the safety plan with the youth."),
        (7, case_management, "Fictional call with school counselor about attendance."),
    ):
        actions.note_save(
            youth=youth, service_type=service, by=author, sign=True, text=text, minutes=50,
            setting="office", occurred_at=now - days_ago * DAY,
        )  # fmt: skip
    actions.note_save(
        youth=youth, service_type=therapy, by=author, text="Fictional draft, not yet signed.",
        minutes=45, setting="home", occurred_at=now - 3 * HOUR,
    )  # fmt: skip


def _monitoring(youth, author, *, flagged):
    plan = actions.current_plan(youth)
    objectives = [o for g in plan.goals.all() for o in g.objectives.all()] if plan else []
    now = timezone.now()
    actions.monitoring_contact_record(
        youth=youth, kind="home_visit", occurred_at=now - 12 * DAY, by=author,
        summary="Fictional home visit; caregiver reports calmer evenings.",
        reviews=[(o, 4, "") for o in objectives],
    )  # fmt: skip
    actions.monitoring_contact_record(
        youth=youth, kind="school", occurred_at=now - 2 * DAY, by=author,
        summary="Fictional school contact; attendance slipping.",
        reviews=[(o, 2, "Missed four days") for o in objectives[1:]],
        needs_adjustment=flagged,
        adjustment_reason="Add tutoring to the school goal." if flagged else "",
    )  # fmt: skip


def _safety_and_psychiatric(youth, author):
    actions.safety_plan_save(
        youth=youth, by=author,
        warning_signs="Stops eating; phone use late at night; talks about an older 'friend'.",
        coping_steps="Drawing; music; breathing exercise; tell the foster parent.",
        people_to_call="Foster parent; primary clinician; CHANCE on-call line (fictional).",
        safe_places="Foster home kitchen; school counselor's office.",
    )  # fmt: skip
    actions.medication_add(
        youth=youth, name="Fictionalex", dose="10 mg by mouth, once daily",
        prescriber="Dr. Example (fictional)", started_on=_admin_day(youth, 60), by=author,
    )  # fmt: skip
    actions.psychiatric_evaluation_add(
        youth=youth, evaluated_on=_admin_day(youth, 62), evaluator="Dr. Example (fictional)",
        findings="Fictional evaluation: trauma symptoms, sleep problems.",
        recommendations="Start medication; review in 4 weeks.", by=author,
    )  # fmt: skip


def _part2(ctx, youths):
    """`oncall` co-treats one of clinician2's youths as the substance-use clinician."""
    users = ctx["users"]
    clinician = users["oncall"]
    target = next((y for y in youths if _primary(y) == users["clinician2"]), None)
    if target is None:
        return
    clinician.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="view_part2")
    )
    clinician = type(clinician).objects.get(pk=clinician.pk)  # fresh permission cache
    if not CaseAssignment.objects.filter(
        youth=target, user=clinician, role=CaseAssignment.Role.CLINICIAN, ended_on__isnull=True
    ).exists():
        case_actions.case_assignment_create(
            youth=target, user=clinician, role=CaseAssignment.Role.CLINICIAN,
            by=users["coordinator"],
        )  # fmt: skip
    sud = ServiceType.objects.get(code="substance-use")
    if not target.progress_notes.filter(service_type=sud).exists():
        actions.note_save(
            youth=target, service_type=sud, by=clinician, sign=True, minutes=45,
            setting="office", occurred_at=timezone.now() - 4 * DAY,
            text="Fictional substance-use counselling session (42 CFR Part 2 record).",
        )  # fmt: skip


def _release(youth, by, *, with_form=True, **fields):
    access = youth_access(by, youth.pk)
    form = simple_pdf(
        "Authorization to release information (fictional demo)",
        f"Youth: {youth.record_number}",
        f"Released to: {fields['recipient']}",
        f"Information: {fields['information']}",
        "Signed by the youth and the guardian.",
    )
    actions.consent_record(
        access=access,
        by=by,
        signed_form=(form, "application/pdf") if with_form else None,
        **fields,
    )


def _releases(ctx, youths):
    """Releases of information: the school's and an expired caseworker's on the first youth;
    a Part 2 release to the dependency court where `oncall` treats substance use."""
    users = ctx["users"]
    today = timezone.localdate()
    if youths and not youths[0].consents.exists():
        _release(
            youths[0], users["coordinator"], recipient="Fictional Middle School",
            information="Attendance, grades and the education plan", purpose="education",
            signed_on=today - 330 * DAY, expires_on=today + 35 * DAY,  # renewal due soon
        )  # fmt: skip
        _release(
            youths[0], users["coordinator"], with_form=False,
            recipient="Fictional county caseworker", information="Placement and case plan",
            purpose="caseworker", signed_on=today - 400 * DAY, expires_on=today - 35 * DAY,
        )  # fmt: skip
    target = next((y for y in youths if _primary(y) == users["clinician2"]), None)
    if target is not None and not target.consents.filter(covers_part2=True).exists():
        _release(
            target, type(users["oncall"]).objects.get(pk=users["oncall"].pk),
            recipient="Fictional Dependency Court", purpose="court", covers_part2=True,
            information="Substance use treatment attendance and progress",
            signed_on=today - 20 * DAY, expires_on=today + 345 * DAY,
        )  # fmt: skip


def _oncall(users, youths):
    now = timezone.now()
    admin = users["admin"]
    if not OnCallShift.objects.filter(
        user=users["oncall"], starts_at__lte=now, ends_at__gt=now
    ).exists():
        start = now - 2 * HOUR
        for user, role, begins in (
            (users["oncall"], "primary", start),
            (users["clinician2"], "backup", start),
            (users["clinician"], "primary", start + 24 * HOUR),
        ):
            try:
                actions.oncall_shift_create(
                    user=user, role=role, starts_at=begins, ends_at=begins + 24 * HOUR, by=admin
                )
            except ValidationError:
                continue  # an earlier demo run already covers this period
    if CrisisCall.objects.exists() or not youths:
        return
    actions.crisis_call_log(
        youth=youths[0], received_at=now - 26 * HOUR, by=users["oncall"],
        caller_kind="caregiver", caller_name="Foster parent (fictional)", category="exploiter",
        description="Unknown adult messaged the youth on social media (fictional).",
        response="Advised caregiver to keep the phone, screenshot messages, call police.",
        disposition="law", follow_up_needed=True,
    )  # fmt: skip
    actions.crisis_call_log(
        youth=youths[-1], received_at=now - 1 * HOUR, by=users["oncall"],
        caller_kind="youth", category="self_harm",
        description="Youth called upset after a family visit (fictional).",
        response="Safety plan reviewed by phone; youth used coping steps.",
        disposition="phone",
    )  # fmt: skip
