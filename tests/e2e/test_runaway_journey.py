"""Issue 16, the runaway: on-call (in shift) logs a runaway crisis call that opens a missing
episode; then the primary clinician's caseload, the youth's page and the coordinator's board all
say "Missing since", and the on-call and the primary clinician each have exactly one notice."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases import actions as case_actions
from cases.models import CaseAssignment, SafetyAlert
from chance.notifications.models import Notification
from placements import actions as placement_actions
from placements.models import MissingEpisode
from tests.e2e.conftest import follow, moment, open_page, screenshot, sign_in, submit
from tests.placements.conftest import make_active_youth, make_home


@pytest.fixture
def placed_youth(coordinator, clinician):
    youth = make_active_youth(by=coordinator, preferred_name="Sky")
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    case_actions.safety_alert_create(
        youth=youth, by=clinician, kind=SafetyAlert.Kind.RUNAWAY, summary="Has run before"
    )
    home = make_home(by=coordinator, code="H-02")
    placement_actions.placement_place_in_home(
        youth=youth, home=home, started_on=timezone.localdate(), by=coordinator
    )
    return youth


def test_a_runaway_call_makes_missing_visible_everywhere_and_tells_them_once(
    page, browser, live_server, placed_youth, oncall, clinician, coordinator, shift_now
):
    youth = placed_youth
    last_seen = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    sign_in(page, oncall)
    page.goto(reverse("services:oncall_essentials"))
    follow(page, youth.display_name)
    follow(page, "Log a crisis call")
    # The call's time starts at now (to the minute; a minute may have turned since).
    received = page.get_by_label("Call received at").input_value()
    now = timezone.localtime()
    assert received in {moment(now), moment(now - datetime.timedelta(minutes=1))}
    page.get_by_label("Caller kind").select_option(label="Foster parent / caregiver")
    page.get_by_label("Category").select_option(label="Runaway / missing")
    page.get_by_label("What happened").fill("Not in her room at bed check.")
    page.get_by_label("Response given").fill("Searched with the caregiver; called 911.")
    page.get_by_label("Disposition").select_option(label="Missing episode opened")
    page.get_by_label("Open a missing episode now").check()
    page.get_by_label("Youth last seen at").fill(moment(last_seen))
    submit(page, "Log call")
    episode = MissingEpisode.objects.get(youth=youth, returned_at__isnull=True)
    words = episode.missing_since
    assert words == f"Missing since {last_seen:%b} {last_seen.day}, {last_seen:%Y %H:%M}"
    # On-call essentials: missing from H-02, not placed in it.
    page.goto(reverse("services:oncall_essentials"))
    row = page.get_by_role("row").filter(has_text=youth.record_number)
    expect(row).to_contain_text(words)
    expect(row).to_contain_text("Missing from home H-02")

    # The primary clinician: caseload row, then the youth's page, the badge above the alerts.
    clinician_page = open_page(browser, live_server.url)
    try:
        sign_in(clinician_page, clinician)
        follow(clinician_page, "My caseload", within=clinician_page.get_by_role("navigation"))
        row = clinician_page.get_by_role("row").filter(has_text=youth.record_number)
        expect(row).to_contain_text(words)
        follow(clinician_page, youth.record_number)
        state = clinician_page.get_by_role("region", name="Youth status")
        expect(state).to_contain_text(words)
        alerts = clinician_page.get_by_role("region", name=re.compile(r"^Safety alerts \(\d+\)$"))
        assert state.bounding_box()["y"] < alerts.bounding_box()["y"]
        expect(clinician_page.locator(".youth-header")).to_contain_text("Active · Missing")
        screenshot(clinician_page, "journey-runaway-youth-page")
        follow(clinician_page, re.compile(r"^Notifications"))
        expect(clinician_page.get_by_text("A youth on your caseload is missing")).to_have_count(1)
        assert clinician_page.console_errors == []
    finally:
        clinician_page.context.close()

    # The coordinator's board: the home of the missing youth says so.
    coordinator_page = open_page(browser, live_server.url)
    try:
        sign_in(coordinator_page, coordinator)
        coordinator_page.goto(reverse("placements:board"))
        row = coordinator_page.get_by_role("row").filter(has_text="H-02")
        expect(row).to_contain_text(words)
        screenshot(coordinator_page, "journey-runaway-board")
        assert coordinator_page.console_errors == []
    finally:
        coordinator_page.context.close()

    assert Notification.objects.filter(user=oncall).count() == 1
    assert Notification.objects.filter(user=clinician).count() == 1
    assert page.console_errors == []
