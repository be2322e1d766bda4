"""One test per placements rule: due soon, overdue, escalated, and resolved when done."""

from datetime import timedelta

from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.reminders import engine
from chance.reminders.models import Reminder
from chance.reminders.registry import get_rule
from placements import actions
from placements.models import AlarmEvent
from tests.placements.conftest import make_active_youth, make_home


def sweep(rule_name, at):
    engine.sweep_rule(get_rule(rule_name), at)
    return sorted(
        Reminder.objects.filter(rule=rule_name, resolved_at__isnull=True).values_list(
            "level", "recipient__username"
        )
    )


def _youth_with_team(coordinator, clinician):
    youth = make_active_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    return youth


def test_missing_youth_reports_are_due_at_once_and_escalate_when_late(
    coordinator, clinician, supervisor
):
    youth = _youth_with_team(coordinator, clinician)
    last_seen = timezone.now() - timedelta(hours=1)
    episode = actions.missing_episode_open(youth=youth, by=coordinator, last_seen_at=last_seen)
    rule = "placements.missing_reports"
    assert sweep(rule, timezone.now()) == [("due_soon", "clinician")]
    assert sweep(rule, last_seen + timedelta(hours=25)) == [
        ("due_soon", "clinician"),
        ("escalated", "supervisor"),
        ("overdue", "clinician"),
    ]
    actions.missing_episode_report_law_enforcement(
        episode=episode, by=coordinator, reported_at=timezone.now(), officer_name="Officer Test"
    )
    # The NCMEC report is still owed, so the work stays open.
    assert ("overdue", "clinician") in sweep(rule, last_seen + timedelta(hours=26))
    actions.missing_episode_report_ncmec(
        episode=episode, by=coordinator, reported_at=timezone.now(), case_number="NCMEC-TEST-1"
    )
    assert sweep(rule, last_seen + timedelta(hours=26)) == []


def test_return_debrief_and_post_return_screening(coordinator, clinician, supervisor):
    youth = _youth_with_team(coordinator, clinician)
    now = timezone.now()
    episode = actions.missing_episode_open(
        youth=youth, by=coordinator, last_seen_at=now - timedelta(hours=10)
    )
    actions.missing_episode_return(episode=episode, by=coordinator, returned_at=now)
    rule = "placements.return_debrief"
    assert sweep(rule, now) == [("due_soon", "clinician")]
    assert ("overdue", "clinician") in sweep(rule, now + timedelta(hours=73))
    assert ("escalated", "supervisor") in sweep(rule, now + timedelta(hours=97))
    actions.missing_episode_debrief(episode=episode, by=clinician, debrief_at=timezone.now())
    assert sweep(rule, now + timedelta(hours=98)) == []

    rule = "placements.post_return_screening"
    assert sweep(rule, timezone.now()) == [("due_soon", "clinician")]
    assert ("overdue", "clinician") in sweep(rule, now + timedelta(hours=25))


def test_alarm_test_every_30_days(coordinator):
    home = make_home(by=coordinator, code="H-91", alarm_tested_days_ago=25)
    rule = "placements.alarm_test"
    assert sweep(rule, timezone.now()) == [("due_soon", "coordinator")]
    assert ("overdue", "coordinator") in sweep(rule, timezone.now() + timedelta(days=6))
    assert ("escalated", "supervisor") in sweep(rule, timezone.now() + timedelta(days=9))
    actions.alarm_event_record(
        home=home,
        kind=AlarmEvent.Kind.TEST,
        test_passed=True,
        occurred_at=timezone.now(),
        by=coordinator,
    )
    assert sweep(rule, timezone.now() + timedelta(days=9)) == []


def test_license_renewal_at_90_30_and_7_days(coordinator):
    make_home(by=coordinator, code="H-92", license_days_left=80)
    now = timezone.now()
    assert sweep("placements.license_renewal_90", now) == [("due_soon", "coordinator")]
    assert sweep("placements.license_renewal_30", now) == []
    assert sweep("placements.license_renewal_30", now + timedelta(days=55)) == [
        ("due_soon", "coordinator")
    ]
    assert sweep("placements.license_renewal_7", now + timedelta(days=75)) == [
        ("due_soon", "coordinator")
    ]
    assert ("escalated", "supervisor") in sweep(
        "placements.license_renewal_7", now + timedelta(days=85)
    )
    # The 90-day notice never turns into an overdue nag.
    assert sweep("placements.license_renewal_90", now + timedelta(days=85)) == [
        ("due_soon", "coordinator")
    ]


def test_staff_without_trafficking_training_are_reminded_once_on_a_case(
    coordinator, clinician, supervisor
):
    _youth_with_team(coordinator, clinician)
    rule = "placements.staff_training"
    found = sweep(rule, timezone.now())
    assert ("overdue", "clinician") in found
    for hours in (4, 2):
        actions.training_record_add(
            by=coordinator,
            course="CSEC 101",
            category="specialized",
            hours=hours,
            completed_on=timezone.localdate(),
            staff=clinician,
        )
    assert ("overdue", "clinician") not in sweep(rule, timezone.now())


def test_untrained_staff_owe_their_training_from_the_day_they_joined_their_first_team(
    coordinator, clinician
):
    import datetime

    first = _youth_with_team(coordinator, clinician)  # joined today
    earlier = timezone.localdate() - datetime.timedelta(days=20)
    CaseAssignment.objects.filter(youth=first, user=clinician).update(started_on=earlier)
    _youth_with_team(coordinator, clinician)  # a second team, joined today
    engine.sweep_rule(get_rule("placements.staff_training"), timezone.now())
    reminder = Reminder.objects.get(rule="placements.staff_training", recipient=clinician)
    assert timezone.localtime(reminder.due_at).date() == earlier


def test_a_home_document_is_flagged_before_it_expires_until_a_new_version_is_filed(coordinator):
    from chance.documents import simple_pdf
    from placements.models import HomeDocument

    home = make_home(by=coordinator, code="H-95")
    caregiver = home.caregivers.get()
    today, now = timezone.localdate(), timezone.now()
    rule = "placements.home_document_expiry"

    def file(kind, expires_in, **fields):
        return actions.home_document_add(
            home=home, by=coordinator, kind=kind, date=today - timedelta(days=300),
            description="Fictional paper", content=simple_pdf("Fictional"),
            content_type="application/pdf", expires_on=today + timedelta(days=expires_in),
            **fields,
        )  # fmt: skip

    # The license is the license rules' (its date is the home's own): not flagged here.
    file(HomeDocument.Kind.LICENSE, 10)
    assert sweep(rule, now) == []
    screening = file(HomeDocument.Kind.BACKGROUND, 40, caregiver=caregiver)
    file(HomeDocument.Kind.INSURANCE, 200)
    assert sweep(rule, now) == []
    assert sweep(rule, now + timedelta(days=15)) == [("due_soon", "coordinator")]
    assert ("overdue", "coordinator") in sweep(rule, now + timedelta(days=41))
    assert ("escalated", "supervisor") in sweep(rule, now + timedelta(days=45))
    # The renewed screening closes it; the insurance is the next to come due.
    actions.home_document_new_version(
        previous=screening, by=coordinator, content=simple_pdf("Renewed"),
        content_type="application/pdf", date=today, expires_on=today + timedelta(days=1800),
    )  # fmt: skip
    assert sweep(rule, now + timedelta(days=45)) == []
    assert sweep(rule, now + timedelta(days=175)) == [("due_soon", "coordinator")]
    # A caregiver who has left: their papers no longer count.
    file(HomeDocument.Kind.TRAINING, 60, caregiver=caregiver)
    assert sweep(rule, now + timedelta(days=45)) == [("due_soon", "coordinator")]
    caregiver.active = False
    actions.caregiver_save(caregiver=caregiver, by=coordinator, reason="Moved away (fictional)")
    assert sweep(rule, now + timedelta(days=45)) == []
