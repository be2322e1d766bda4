"""One test per services rule: due soon, overdue, escalated, and resolved when done."""

from datetime import timedelta

from django.utils import timezone

from chance.reminders import engine
from chance.reminders.models import Reminder
from chance.reminders.registry import get_rule
from services import actions
from services.models import MonitoringContact, ProgressNote
from tests.services.conftest import (  # noqa: F401  (fixtures)
    CRAFFT_NEGATIVE,
    active_youth,
    crafft,
    part2_clinician,
    therapy,
)
from tests.services.test_plans import build_plan

DAY = timedelta(days=1)


def sweep(rule_name, at, **filters):
    engine.sweep_rule(get_rule(rule_name), at)
    return sorted(
        Reminder.objects.filter(rule=rule_name, resolved_at__isnull=True, **filters).values_list(
            "level", "recipient__username"
        )
    )


def test_initial_assessment_within_7_days_of_admission(active_youth, clinician, supervisor, crafft):
    rule, now = "services.initial_assessment", timezone.now()
    yid = {"youth_id": active_youth.pk}
    assert sweep(rule, now, **yid) == []
    assert sweep(rule, now + 3 * DAY, **yid) == [("due_soon", "clinician")]
    assert ("overdue", "clinician") in sweep(rule, now + 8 * DAY, **yid)
    assert ("escalated", "supervisor") in sweep(rule, now + 11 * DAY, **yid)
    actions.assessment_save(
        youth=active_youth,
        instrument=crafft,
        responses=CRAFFT_NEGATIVE,
        administered_on=timezone.localdate(),
        by=clinician,
        finalize=True,
    )
    assert sweep(rule, now + 11 * DAY, **yid) == []
    # The next one is the re-assessment, due after the instrument's interval.
    interval = crafft.reassess_days or 90
    assert ("overdue", "clinician") in sweep(
        "services.reassessment", now + (interval + 1) * DAY, **yid
    )


def test_treatment_plan_within_30_days_then_review_every_90(
    active_youth, clinician, supervisor, therapy
):
    now = timezone.now()
    yid = {"youth_id": active_youth.pk}
    assert sweep("services.treatment_plan", now + 24 * DAY, **yid) == [("due_soon", "clinician")]
    assert ("escalated", "supervisor") in sweep("services.treatment_plan", now + 34 * DAY, **yid)
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    actions.plan_approve(plan=plan, by=supervisor)
    assert sweep("services.treatment_plan", now + 34 * DAY, **yid) == []
    assert sweep("services.plan_review", now + 84 * DAY, **yid) == [("due_soon", "clinician")]
    assert ("overdue", "clinician") in sweep("services.plan_review", now + 91 * DAY, **yid)


def test_monitoring_every_14_days_for_crt_counted_from_the_last_contact(
    active_youth, clinician, supervisor
):
    rule, now = "services.monitoring", timezone.now()
    yid = {"youth_id": active_youth.pk}
    assert sweep(rule, now + 13 * DAY, **yid) == [("due_soon", "clinician")]
    assert ("escalated", "supervisor") in sweep(rule, now + 18 * DAY, **yid)
    actions.monitoring_contact_record(
        youth=active_youth,
        kind=MonitoringContact.Kind.PHONE,
        occurred_at=timezone.now(),
        summary="Checked in by phone",
        by=clinician,
    )
    # The old due date's reminders are resolved; the next contact is due 14 days from this one.
    assert sweep(rule, now + 5 * DAY, **yid) == []
    assert Reminder.objects.filter(rule=rule, resolved_at__isnull=False, **yid).count() == 3
    assert sweep(rule, now + 13 * DAY, **yid) == [("due_soon", "clinician")]


def test_unsigned_note_after_48_hours_goes_to_its_author(active_youth, clinician, therapy):
    rule, now = "services.unsigned_note", timezone.now()
    note = actions.note_save(
        youth=active_youth,
        service_type=therapy,
        occurred_at=now - timedelta(hours=1),
        minutes=50,
        setting=ProgressNote.Setting.OFFICE,
        text="Draft of a session note",
        by=clinician,
    )
    assert sweep(rule, now + timedelta(hours=30)) == [("due_soon", "clinician")]
    assert ("overdue", "clinician") in sweep(rule, now + timedelta(hours=49))
    assert ("escalated", "supervisor") in sweep(rule, now + 6 * DAY)
    actions.note_sign(note=note, by=clinician)
    assert sweep(rule, now + 6 * DAY) == []


def test_judicial_review_report_due_10_days_before_the_hearing(
    active_youth, clinician, coordinator, supervisor
):
    from cases import actions as case_actions
    from cases.models import CourtHearing

    rule, now = "services.judicial_review_report", timezone.now()
    yid = {"youth_id": active_youth.pk}
    hearing = case_actions.court_hearing_save(
        youth=active_youth,
        by=coordinator,
        kind=CourtHearing.Kind.JUDICIAL_REVIEW,
        held_at=now + 30 * DAY,
        court="Fictional Circuit Court",
    )
    # Due on day 20 (10 days before); told a week ahead, as every rule by default.
    assert sweep(rule, now + 12 * DAY, **yid) == []
    assert sweep(rule, now + 14 * DAY, **yid) == [("due_soon", "clinician")]
    assert ("overdue", "clinician") in sweep(rule, now + 21 * DAY, **yid)
    assert ("escalated", "supervisor") in sweep(rule, now + 24 * DAY, **yid)
    actions.judicial_review_report_save(
        hearing=hearing, recommendations="Continue the placement.", by=clinician
    )
    assert sweep(rule, now + 24 * DAY, **yid) == []


def test_judicial_review_report_days_are_a_setting(active_youth, coordinator, settings):
    from cases import actions as case_actions
    from cases.models import CourtHearing

    settings.REMINDERS = {**settings.REMINDERS, "JUDICIAL_REVIEW_REPORT_DAYS": 20}
    rule, now = "services.judicial_review_report", timezone.now()
    case_actions.court_hearing_save(
        youth=active_youth,
        by=coordinator,
        kind=CourtHearing.Kind.JUDICIAL_REVIEW,
        held_at=now + 30 * DAY,
        court="Fictional Circuit Court",
    )
    assert ("overdue", "clinician") in sweep(rule, now + 11 * DAY, youth_id=active_youth.pk)


def test_release_renewal_is_asked_of_the_care_coordinator_30_days_before_it_expires(
    active_youth, coordinator, supervisor
):
    from cases import actions as case_actions
    from cases.models import CaseAssignment
    from tests.factories import record_release

    case_actions.case_assignment_create(
        youth=active_youth, user=coordinator, role=CaseAssignment.Role.CARE_COORDINATOR,
        by=coordinator,
    )  # fmt: skip
    rule, now, today = "services.release_renewal", timezone.now(), timezone.localdate()
    yid = {"youth_id": active_youth.pk}
    school = {"recipient": "Fictional Middle School", "purpose": "education"}
    record_release(
        active_youth, by=coordinator, covers_part2=False, **school,
        signed_on=today - 300 * DAY, expires_on=today + 60 * DAY,
    )  # fmt: skip
    # The renewal is due on day 30 (30 days before the end date); told a week ahead.
    assert sweep(rule, now + 20 * DAY, **yid) == []
    assert sweep(rule, now + 25 * DAY, **yid) == [("due_soon", "coordinator")]
    assert ("overdue", "coordinator") in sweep(rule, now + 31 * DAY, **yid)
    assert ("escalated", "supervisor") in sweep(rule, now + 34 * DAY, **yid)
    # A new release to the same school for the same purpose is the renewal.
    record_release(
        active_youth, by=coordinator, covers_part2=False, **school,
        expires_on=today + 365 * DAY,
    )  # fmt: skip
    assert sweep(rule, now + 34 * DAY, **yid) == []


def test_release_renewal_setting_and_what_is_not_asked(active_youth, coordinator, settings):
    from chance.access import youth_access
    from tests.factories import record_release

    settings.REMINDERS = {**settings.REMINDERS, "RELEASE_RENEWAL_DAYS": 10}
    rule, today = "services.release_renewal", timezone.localdate()
    release = record_release(
        active_youth, by=coordinator, purpose="caseworker", covers_part2=False,
        signed_on=today - 300 * DAY, expires_on=today + 60 * DAY,
    )  # fmt: skip
    found = {r.pk: r for r in get_rule(rule).open_work(timezone.now())}
    assert found[release.pk].reminder_due_at.date() == today + 50 * DAY
    # Without an end date there is nothing to renew; a revoked one is not asked about either.
    open_ended = record_release(
        active_youth, by=coordinator, purpose="court", covers_part2=False, signed_on=today
    )
    revoked = record_release(
        active_youth, by=coordinator, purpose="other", covers_part2=False,
        expires_on=today + 20 * DAY,
    )  # fmt: skip
    access = youth_access(coordinator, active_youth.pk)
    actions.consent_revoke(access=access, consent=revoked, by=coordinator)
    found = {r.pk for r in get_rule(rule).open_work(timezone.now())}
    assert release.pk in found and open_ended.pk not in found and revoked.pk not in found


def test_a_part2_release_is_renewed_by_a_part2_reader_on_the_team_never_the_coordinator(
    active_youth, coordinator, clinician, supervisor, part2_clinician
):
    from django.contrib.auth.models import Group, Permission

    from cases import actions as case_actions
    from cases.models import CaseAssignment
    from chance.accounts import roles
    from tests.factories import make_user, record_release

    case_actions.case_assignment_create(
        youth=active_youth, user=coordinator, role=CaseAssignment.Role.CARE_COORDINATOR,
        by=coordinator,
    )  # fmt: skip
    now, today = timezone.now(), timezone.localdate()
    yid = {"youth_id": active_youth.pk}
    record_release(
        active_youth, by=part2_clinician, purpose="court", signed_on=today - 300 * DAY,
        expires_on=today + 60 * DAY,
    )  # fmt: skip
    # The one who recorded it is asked; the primary clinician (no Part 2 permission) and the
    # coordinator are not, under either rule.
    rule = "services.part2_release_renewal"
    assert sweep(rule, now + 25 * DAY, **yid) == [("due_soon", "sudclinician")]
    assert sweep("services.release_renewal", now + 25 * DAY, **yid) == []
    assert ("escalated", "supervisor") in sweep(rule, now + 34 * DAY, **yid)
    # A newer release to the same court that leaves out Part 2 records does not renew it.
    record_release(
        active_youth, by=part2_clinician, purpose="court", covers_part2=False,
        expires_on=today + 365 * DAY,
    )  # fmt: skip
    assert ("escalated", "supervisor") in sweep(rule, now + 34 * DAY, **yid)
    # Off the team, they are no longer asked: another clinician who reads Part 2 (through a
    # group holding the permission) is.
    readers = Group.objects.create(name="Fictional Part 2 readers")
    readers.permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="view_part2")
    )
    other = make_user("sudclinician2", roles.CLINICIAN, supervisor=supervisor)
    other.groups.add(readers)
    case_actions.case_assignment_create(
        youth=active_youth, user=other, role=CaseAssignment.Role.CLINICIAN, by=coordinator
    )
    assignment = CaseAssignment.objects.get(
        youth=active_youth, user=part2_clinician, ended_on__isnull=True
    )
    case_actions.case_assignment_end(assignment=assignment, by=coordinator)
    found = get_rule(rule).open_work(now).get()
    assert found.reminder_recipient_id == other.pk
    # With no Part 2 reader on the team, no one below the supervisor is asked.
    assignment = CaseAssignment.objects.get(youth=active_youth, user=other, ended_on__isnull=True)
    case_actions.case_assignment_end(assignment=assignment, by=coordinator)
    assert get_rule(rule).open_work(now).get().reminder_recipient_id is None
