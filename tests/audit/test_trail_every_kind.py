"""The audit trail answers with every kind of event in the records: one row at least in every
history table the trail unions over (``trail.history_sources()``) and every kind of access-log row.

The sources are iterated, not listed: a history model added later must get a row in
``every_kind`` below, or ``test_the_records_hold_every_kind_of_event`` fails and says which.

The timeline is the one that made /audit/ answer 500 on PostgreSQL: a youth's whole record built
two days ago, a day of staff reading it (the access log, the biggest table, as in production),
and today only records that concern no youth (the program admin's catalogue edits, a home and its
caregiver changed). The admin's first page then unions youthless sources first, whose youth
column was an untyped NULL (PostgreSQL resolves two of them as text), with the access log's
bigint youth id: "UNION types text and bigint cannot be matched".
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.break_glass import break_glass_open
from cases.models import (
    CaseAssignment,
    Contact,
    CourtHearing,
    ExploitationType,
    RecruitmentPathway,
    SafetyAlert,
    VulnerabilityFactor,
)
from chance.access import Need, youth_access
from chance.accounts import roles
from chance.audit import log, trail
from chance.audit.models import AccessLog
from frontline import actions as frontline_actions
from frontline.models import Appointment, Incident
from placements import actions as placement_actions
from placements.models import AlarmEvent, Caregiver, Home, Placement, TrainingRecord
from services import actions as services_actions
from services.models import (
    CrisisCall,
    Instrument,
    MonitoringContact,
    ObjectiveReview,
    OnCallShift,
    ProgressNote,
    ReleaseConsent,
    ServiceType,
)
from tests import factories
from tests.factories import record_release
from tests.placements.conftest import make_active_youth, make_home

from .conftest import bulk_chained

TRAIL = reverse("audit:trail")
EXPORT = reverse("audit:export")
CRAFFT_NEGATIVE = {"a_alcohol": 0, "a_marijuana": 0, "a_other": 0, "b_car": 0}
READ_BY_STAFF = 60  # more than a page: the access log bounds the admin's first page
REASON = "Crisis call from the foster home at night; I need the safety plan and contacts now."


def admin_url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def build_the_record(*, coordinator, clinician, supervisor, oncall, support, admin_user):
    """A youth's whole record through the real actions: intake, team, home and placement,
    clinical work, on-call, a missing episode, break-the-glass."""
    now = timezone.now()
    today = timezone.localdate()
    youth = make_active_youth(by=coordinator)  # Youth, Referral
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    case_actions.contact_create(
        youth=youth, by=coordinator, kind=Contact.Kind.CASEWORKER, name="A. Fictional Worker"
    )
    case_actions.safety_alert_create(
        youth=youth, by=coordinator, kind=SafetyAlert.Kind.RUNAWAY, summary="Ran twice this year"
    )
    # YouthDocument (its bytes go to the documents storage, encrypted).
    from chance.access import Need, youth_access

    case_actions.document_add(
        access=youth_access(coordinator, youth.pk, Need.IDENTITY),
        by=coordinator,
        kind="court_order",
        date=today,
        description="A court order",
        content=b"%PDF-1.4 a court order",
        content_type="application/pdf",
    )
    hearing = case_actions.court_hearing_save(
        youth=youth,
        by=coordinator,
        kind=CourtHearing.Kind.JUDICIAL_REVIEW,
        held_at=now + datetime.timedelta(days=20),
        court="Fictional Circuit Court",
    )
    services_actions.judicial_review_report_save(
        hearing=hearing, recommendations="Fictional recommendations.", by=clinician
    )
    # Home, Caregiver, TrainingRecord, AlarmEvent (a test: no youth).
    home = make_home(by=coordinator, code="H-01")
    placement_actions.support_assignment_create(home=home, user=support, by=coordinator)
    placement_actions.home_document_add(
        home=home,
        by=coordinator,
        kind="license",
        date=today,
        description="Fictional license",
        content=b"%PDF-1.4 fictional",
        content_type="application/pdf",
    )
    placement_actions.placement_start(
        youth=youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    placement_actions.alarm_event_record(
        home=home,
        kind=AlarmEvent.Kind.UNAUTHORIZED_EXIT,
        occurred_at=now - datetime.timedelta(hours=3),
        youth=youth,
        by=coordinator,
    )
    record_life_at_home(
        youth=youth,
        home=home,
        coordinator=coordinator,
        clinician=clinician,
        support=support,
        now=now,
    )
    placement_actions.missing_episode_open(
        youth=youth,
        by=coordinator,
        last_seen_at=now - datetime.timedelta(hours=3),
        circumstances="Left through the back door.",
    )

    crafft = Instrument.objects.get(code="crafft", active=True)
    therapy = ServiceType.objects.get(code="individual-therapy")
    assessment = services_actions.assessment_save(
        youth=youth,
        instrument=crafft,
        responses=CRAFFT_NEGATIVE,
        administered_on=today,
        by=clinician,
        finalize=True,
    )
    services_actions.assessment_amend(
        assessment=assessment, responses=CRAFFT_NEGATIVE, reason="Answer misread", by=clinician
    )
    plan = services_actions.plan_create(youth=youth, by=clinician)
    goal = services_actions.goal_add(plan=plan, description="Stays in placement", by=clinician)
    objective = services_actions.objective_add(
        goal=goal, description="No runaway episode for 30 days", by=clinician
    )
    services_actions.intervention_add(
        objective=objective,
        service_type=therapy,
        frequency="weekly, 60 minutes",
        responsible=clinician,
        by=clinician,
    )
    services_actions.plan_submit(plan=plan, by=clinician)
    services_actions.plan_approve(plan=plan, by=supervisor)
    services_actions.monitoring_contact_record(  # MonitoringContact, ObjectiveReview
        youth=youth,
        kind=MonitoringContact.Kind.PHONE,
        occurred_at=now - datetime.timedelta(hours=2),
        summary="Fictional check-in.",
        reviews=[(objective, ObjectiveReview.Rating.SOME, "")],
        by=clinician,
    )
    note = services_actions.note_save(
        youth=youth,
        service_type=therapy,
        occurred_at=now - datetime.timedelta(hours=1),
        minutes=50,
        setting=ProgressNote.Setting.OFFICE,
        text="Fictional session.",
        by=clinician,
        sign=True,
    )
    services_actions.note_amend(note=note, text="Fictional addition.", by=clinician)
    record_release(
        youth,
        by=clinician,
        recipient="Fictional court",
        purpose=ReleaseConsent.Purpose.COURT,
        covers_part2=False,
        signed_on=today,
    )
    services_actions.safety_plan_save(
        youth=youth,
        by=clinician,
        warning_signs="Fictional signs",
        coping_steps="Fictional steps",
        people_to_call="Fictional people",
        safe_places="Fictional places",
    )
    services_actions.medication_add(
        youth=youth,
        name="Fictionalol",
        dose="10 mg",
        prescriber="Dr. Fiction",
        started_on=today,
        by=clinician,
    )
    services_actions.psychiatric_evaluation_add(
        youth=youth,
        evaluated_on=today,
        evaluator="Dr. Fiction",
        findings="Fictional findings.",
        by=clinician,
    )
    services_actions.oncall_shift_create(
        user=oncall,
        role=OnCallShift.Role.PRIMARY,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=8),
        by=admin_user,
    )
    services_actions.crisis_call_log(
        youth=youth,
        received_at=now - datetime.timedelta(minutes=30),
        caller_kind=CrisisCall.CallerKind.CAREGIVER,
        category=CrisisCall.Category.OTHER,
        description="Fictional call.",
        response="Talked it through.",
        disposition=CrisisCall.Disposition.PHONE,
        by=oncall,
    )
    break_glass_open(youth=youth, by=oncall, reason=REASON)  # BreakGlassGrant, access row
    return youth, home


def record_life_at_home(*, youth, home, coordinator, clinician, support, now):
    """The people in the home: the caregiver's note and incident, a mentor's session, the
    support worker's visit and an appointment the clinician tells the home about."""
    caregiver_login = factories.make_user("caregiver", roles.CAREGIVER)
    caregiver = home.caregivers.get()
    caregiver.user = caregiver_login
    placement_actions.caregiver_save(caregiver=caregiver, by=coordinator)
    frontline_actions.home_note_write(
        youth=youth, by=caregiver_login, day=timezone.localdate(now), text="Fictional quiet day."
    )
    frontline_actions.incident_report(
        youth=youth,
        by=caregiver_login,
        kind=Incident.Kind.SCHOOL,
        occurred_at=now - datetime.timedelta(hours=4),
        description="Fictional call from school.",
    )
    mentor = factories.make_user("mentor", roles.MENTOR)
    case_actions.case_assignment_create(
        youth=youth, user=mentor, role=CaseAssignment.Role.MENTOR, by=coordinator
    )
    frontline_actions.mentoring_session_log(
        youth=youth,
        by=mentor,
        held_on=timezone.localdate(now),
        minutes=60,
        activity="Fictional walk",
    )
    frontline_actions.home_visit_log(
        youth=youth,
        by=support,
        visited_at=now - datetime.timedelta(hours=5),
        notes="Fictional visit.",
    )
    frontline_actions.appointment_add(
        access=youth_access(clinician, youth.pk, Need.SAFETY),
        by=clinician,
        kind=Appointment.Kind.THERAPY,
        starts_at=now + datetime.timedelta(days=2),
    )


def staff_read_the_record(*, youth, clinician):
    """A day of reading: views of the youth's pages, and every other kind of access-log row."""
    bulk_chained(READ_BY_STAFF, user=clinician, youth_id=youth.pk)
    about_the_youth = {
        AccessLog.Action.SUBMITTED,
        AccessLog.Action.DECLINED,
        AccessLog.Action.DENIED,
    }
    present = set(AccessLog.objects.values_list("action", flat=True))
    for action in AccessLog.Action:
        if action not in present:
            log.append(
                action=action,
                user=clinician,
                youth_id=youth.pk if action in about_the_youth else None,
                what="login" if action not in about_the_youth else "cases:detail",
            )


def edit_catalogues_and_the_home(client, *, home, coordinator):
    """Today: the program admin edits every catalogue in Django admin (as the program admin
    does, with real POSTs), and the coordinator changes the home and its caregiver."""
    response = client.post(
        admin_url(ServiceType, "add"),
        {"name": "Fictional art therapy", "code": "art-therapy", "order": 20, "active": "on"},
    )
    assert response.status_code == 302
    crafft = Instrument.objects.get(code="crafft", active=True)
    response = client.post(
        admin_url(Instrument, "change", crafft.pk),
        {"active": "on", "reassess_days": 30, "_save": "Save"},
    )
    assert response.status_code == 302
    for model in (ExploitationType, RecruitmentPathway, VulnerabilityFactor):
        response = client.post(
            admin_url(model, "add"),
            {"name": "Fictional entry", "description": "", "order": 3, "active": "on"},
        )
        assert response.status_code == 302
    home = Home.objects.get(pk=home.pk)
    home.phone = "555-0199"
    placement_actions.home_save(home=home, by=coordinator, reason="New phone line")
    caregiver = Caregiver.objects.filter(home=home).first()
    caregiver.last_name = "Fictional-Renamed"
    placement_actions.caregiver_save(caregiver=caregiver, by=coordinator)
    placement_actions.training_record_add(
        caregiver=caregiver,
        course="Fictional refresher",
        category=TrainingRecord.Category.SPECIALIZED,
        hours=Decimal(2),
        completed_on=timezone.localdate(),
        by=coordinator,
    )


@pytest.fixture
def every_kind(login, coordinator, clinician, supervisor, oncall, support, admin_user, monkeypatch):
    """Every kind of event, on the timeline of the module docstring. Returns the youth."""
    # A fresh test database has no planner estimates; the trail gets the exact row counts, so
    # the access log is the biggest table (the pilot of trail._bounded_union) as in production.
    monkeypatch.setattr(
        trail,
        "_table_rows",
        lambda: {
            s.model._meta.db_table: float(s.model.objects.count())
            for s in (trail.access_source(), *trail.history_sources())
        },
    )
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=2)):
        youth, home = build_the_record(
            coordinator=coordinator,
            clinician=clinician,
            supervisor=supervisor,
            oncall=oncall,
            support=support,
            admin_user=admin_user,
        )
    with time_machine.travel(now - datetime.timedelta(days=1)):
        staff_read_the_record(youth=youth, clinician=clinician)
    edit_catalogues_and_the_home(login(admin_user), home=home, coordinator=coordinator)
    return youth


def all_keys():
    return {trail.ACCESS} | {s.key for s in trail.history_sources()}


def youth_keys():
    return {trail.ACCESS} | {s.key for s in trail.history_sources() if s.youth_field}


def walk(client, params=None):
    """Every row of the trail, page after page (each page asserted 200)."""
    response = client.get(TRAIL, params or {})
    rows = []
    while True:
        assert response.status_code == 200
        # A row is one user action; its events are what the tests count.
        rows += [event for row in response.context["rows"] for event in row["events"]]
        if not response.context["next_query"]:
            return rows
        response = client.get(f"{TRAIL}?{response.context['next_query']}")


def export(client, params=None):
    response = client.get(EXPORT, params or {})
    assert response.status_code == 200
    # Streamed: the UNION runs while the body is read.
    text = b"".join(response.streaming_content).decode()
    header, *body = list(csv.reader(io.StringIO(text)))
    return {name: i for i, name in enumerate(header)}, body


def test_the_records_hold_every_kind_of_event(every_kind):
    empty = [s.key for s in trail.history_sources() if not s.model.objects.exists()]
    assert empty == [], f"add a row of {empty} to every_kind (through the app's actions)"
    missing = set(AccessLog.Action) - set(AccessLog.objects.values_list("action", flat=True))
    assert missing == set(), f"add access-log rows of {missing} to every_kind"


def test_admin_trail_shows_every_kind_of_event(login, admin_user, every_kind):
    client = login(admin_user)
    assert client.get(TRAIL).status_code == 200
    rows = walk(client)
    assert {r["src"] for r in rows} == all_keys()
    assert {r["action"] for r in rows if r["src"] == trail.ACCESS} >= set(AccessLog.Action)


def test_admin_trail_filtered_by_each_kind_of_record(login, admin_user, every_kind):
    client = login(admin_user)
    for key in sorted(all_keys()):
        response = client.get(TRAIL, {"kind": key})
        assert response.status_code == 200, key
        rows = response.context["rows"]
        assert rows and {r["src"] for r in rows} == {key}, key


def test_admin_trail_filtered_by_each_action(login, admin_user, every_kind):
    client = login(admin_user)
    for action, _label in trail.ACTION_CHOICES:
        response = client.get(TRAIL, {"action": action})
        assert response.status_code == 200, action
    created = walk(client, {"action": "created"})
    expected = {
        s.key for s in trail.history_sources() if s.model.objects.filter(history_type="+").exists()
    }
    assert {r["src"] for r in created} == expected


def test_admin_export_lists_every_kind_of_record(login, admin_user, every_kind):
    columns, body = export(login(admin_user))
    kinds = {row[columns["kind of record"]] for row in body}
    assert kinds == {"Access log"} | {s.label for s in trail.history_sources()}


def test_supervisor_trail_shows_every_kind_about_their_youth(login, supervisor, every_kind):
    client = login(supervisor)
    rows = walk(client)
    assert {r["src"] for r in rows} == youth_keys()
    assert {r["youth_id"] for r in rows} == {every_kind.pk}
    for key in sorted(youth_keys()):
        response = client.get(TRAIL, {"kind": key})
        assert response.status_code == 200, key
        assert {r["src"] for r in response.context["rows"]} == {key}, key
    filtered = walk(client, {"record_number": every_kind.record_number})
    assert {r["src"] for r in filtered} == youth_keys()


def test_supervisor_export_lists_every_kind_about_their_youth(login, supervisor, every_kind):
    columns, body = export(login(supervisor))
    kinds = {row[columns["kind of record"]] for row in body}
    assert kinds == {"Access log"} | {s.label for s in trail.history_sources() if s.youth_field}
    assert {row[columns["youth"]] for row in body} == {every_kind.record_number}


def test_admin_trail_answers_whichever_table_is_the_biggest(
    login, admin_user, every_kind, monkeypatch
):
    """The pilot of the bounded UNION is the biggest table; any of them may be."""
    client = login(admin_user)
    for source in (trail.access_source(), *trail.history_sources()):
        table = source.model._meta.db_table
        monkeypatch.setattr(trail, "_table_rows", lambda table=table: {table: 1e9})
        response = client.get(TRAIL)
        assert response.status_code == 200, source.key
        events = sum(len(row["events"]) for row in response.context["rows"])
        # A full page, less the action the page would cut in two (left to the next page).
        assert trail.PAGE_SIZE - 10 < events <= trail.PAGE_SIZE, source.key
