"""Journeys 2 and 3: a clinician logs an assessment, drafts a plan, signs a progress note and sees
the score chart; then the supervisor approves that plan, reads its audit-trail diff and sees who
viewed the youth. Two people, two browser sessions, one record."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import actions as case_actions
from cases.models import Referral
from services import actions as service_actions
from services.models import Assessment, Instrument, ProgressNote, TreatmentPlan
from tests.e2e.conftest import (
    check_accessibility,
    day,
    follow,
    moment,
    screenshot,
    sign_in,
    status_message,
    submit,
)

PROTECTIVE = "Protective factors rating (Strengthening Families, 5 factors)"


@pytest.fixture
def active_youth(youth, coordinator, clinician):
    """The clinician's youth, admitted to CRT, with a protective factors rating from two months
    ago (so the chart has a line to draw)."""
    case_actions.youth_screening_start(youth=youth, by=coordinator)
    case_actions.youth_screening_decide(youth=youth, by=coordinator, decision=Referral.Decision.CRT)
    instrument = Instrument.objects.get(code="protective-factors", active=True)
    service_actions.assessment_save(
        youth=youth,
        instrument=instrument,
        responses={item["key"]: 2 for item in instrument.definition["items"]},
        administered_on=timezone.localdate() - datetime.timedelta(days=60),
        finalize=True,
        by=clinician,
    )
    youth.refresh_from_db()
    return youth


def open_tab(page, name):
    follow(page, name, within=page.get_by_role("navigation", name="Youth record"))


def test_clinician_records_and_supervisor_approves(
    page, second_page, active_youth, clinician, supervisor
):
    youth = active_youth
    sign_in(page, clinician)
    follow(page, "My caseload", within=page.get_by_role("navigation", name="Main"))
    follow(page, youth.record_number)

    # An assessment: the protective factors rating, every item answered, finalized.
    open_tab(page, "Assessments")
    follow(page, PROTECTIVE)
    page.get_by_label("Date administered").fill(day(timezone.localdate()))
    for group in page.get_by_role("group").filter(has=page.get_by_label("4 — Mostly true")).all():
        group.get_by_label("4 — Mostly true").check()
    page.get_by_label("Comments").fill("Caregiver engaged; youth attends school.")
    page.get_by_label("I understand this cannot be undone.").check()
    submit(page, "Finalize (locks the assessment)")
    assert "Assessment finalized" in status_message(page)
    assessment = Assessment.objects.filter(youth=youth).latest("pk")
    assert assessment.is_final and assessment.scores["overall"] == 4

    # A treatment plan: summary, a goal with a measurable objective, sent for approval.
    open_tab(page, "Plans")
    submit(page, "Start a new draft plan")
    assert "Draft plan started" in status_message(page)
    page.get_by_label("Strengths").fill("Connected to a mentor; likes art.")
    page.get_by_label("Needs").fill("Trauma-focused therapy; school re-entry.")
    page.get_by_label("New goal").fill("Stay safe and connected at home")
    page.get_by_label("New objective for goal 1").fill("No runaway episodes for 90 days")
    submit(page, "Add goal")
    submit(page, "Send for supervisor approval")
    assert "sent to the supervisor" in status_message(page)
    plan = TreatmentPlan.objects.get(youth=youth)
    assert plan.status == TreatmentPlan.Status.PENDING

    # A progress note, signed.
    open_tab(page, "Notes")
    follow(page, "Write a note")
    page.get_by_label("Service type").select_option(label="Individual therapy")
    page.get_by_label("When did the service happen?").fill(
        moment(timezone.now() - datetime.timedelta(hours=2))
    )
    page.get_by_label("Minutes").fill("50")
    page.get_by_label("Setting").select_option(label="Office")
    page.get_by_label(re.compile(r"^Note\b")).fill(
        "Session on safety planning; youth named two safe adults."
    )
    page.get_by_label("I understand this cannot be undone.").check()
    submit(page, "Sign note")
    assert "Note signed" in status_message(page)
    assert ProgressNote.objects.get(youth=youth).is_signed

    # The score chart: both ratings, oldest to newest, with a text alternative.
    open_tab(page, "Assessments")
    chart = page.get_by_role("img", name="Overall (mean of all ten) over time")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.point")).to_have_count(2)
    screenshot(page, "journey-2-clinician-score-chart")
    assert page.console_errors == []

    # The supervisor, in a browser session of their own.
    boss = second_page
    sign_in(boss, supervisor)
    check_accessibility(boss)
    follow(boss, "My caseload", within=boss.get_by_role("navigation", name="Main"))
    follow(boss, youth.record_number)
    open_tab(boss, "Plans")
    follow(boss, f"Plan of {timezone.localtime(plan.created_at):%Y-%m-%d}")
    boss.get_by_label("I understand this cannot be undone.").check()
    submit(boss, "Approve plan")
    assert "Plan approved" in status_message(boss)
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.APPROVED and plan.approved_by == supervisor

    # The audit trail of that plan, field by field.
    follow(boss, "Audit trail", within=boss.get_by_role("navigation", name="Main"))
    boss.get_by_label("Youth record number").fill(youth.record_number)
    boss.get_by_label("Kind of record").select_option(label="Treatment plan")
    submit(boss, "Show")
    boss.get_by_role("link", name=f"See the change to #{plan.pk}").first.click()
    boss.wait_for_load_state()
    check_accessibility(boss)
    status_row = boss.get_by_role("row").filter(has=boss.get_by_role("rowheader", name="Status"))
    expect(status_row).to_contain_text("Pending approval")
    expect(status_row).to_contain_text("Approved")

    # Who viewed the youth: the clinician's visits are there.
    follow(boss, "My caseload", within=boss.get_by_role("navigation", name="Main"))
    follow(boss, youth.record_number)
    open_tab(boss, "Who viewed")
    viewers = boss.get_by_role("table")
    expect(viewers).to_contain_text(str(clinician))
    expect(viewers).to_contain_text(str(supervisor))
    screenshot(boss, "journey-3-supervisor-who-viewed")
