"""Journey 1: a coordinator takes a referral, screens and waitlists the youth, certifies a home
and places the youth from the placement board, all through the real forms."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Youth
from placements.models import Placement
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


def test_coordinator_refers_screens_waitlists_certifies_a_home_and_places(page, coordinator):
    today = timezone.localdate()
    now = timezone.now()
    sign_in(page, coordinator)
    check_accessibility(page)
    nav = page.get_by_role("navigation", name="Main")

    # The referral (intake form).
    follow(page, "New referral", within=nav)
    page.get_by_label("Legal first name").fill("Journey")
    page.get_by_label("Legal last name").fill("Fictional")
    page.get_by_label("Date of birth").fill(day(datetime.date(today.year - 14, 1, 15)))
    page.get_by_label("Gender").fill("Female")
    page.get_by_label("Referral source").select_option(label="Law enforcement")
    page.get_by_label("Referral received at").fill(moment(now - datetime.timedelta(hours=1)))
    page.get_by_label("Reason for referral").fill("Recovered in a fictional operation.")
    submit(page, "Record the referral")
    assert "Referral recorded as" in status_message(page)
    youth = Youth.objects.get(legal_first_name="Journey")
    expect(page.get_by_role("heading", level=1)).to_contain_text(youth.record_number)

    # Screening, then the waitlist.
    follow(page, "Start screening")
    submit(page, "Start screening now")
    assert "Start screening: done" in status_message(page)
    follow(page, "Record the screening decision")
    page.get_by_label("Waitlist for an STFC home").check()
    page.get_by_label("Waitlist priority").select_option("2")
    submit(page, "Record the decision")
    expect(page.get_by_text("Priority 2 since")).to_be_visible()
    youth.refresh_from_db()
    assert youth.status == Youth.Status.WAITLISTED

    # A home, certified, with its alarm tested and a caregiver with 24 hours of training.
    follow(page, "Placement board", within=nav)
    follow(page, "Add a home")
    page.get_by_label("Code").fill("H-42")
    page.get_by_label("Status").select_option(label="Certified")
    page.get_by_label("Address").fill("1 Fictional Way, Nowhere FL")
    page.get_by_label("Phone").fill("555-0142")
    page.get_by_label("License number").fill("LIC-H-42")
    page.get_by_label("Certified on").fill(day(today - datetime.timedelta(days=30)))
    page.get_by_label("License expires on").fill(day(today + datetime.timedelta(days=335)))
    page.get_by_label("Alarm installed").check()
    submit(page, "Save")
    assert "H-42 saved" in status_message(page)

    follow(page, "Add caregiver")
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Fictional")
    page.get_by_label("Attests 24/7 availability").check()
    page.get_by_label("Attested on").fill(day(today - datetime.timedelta(days=30)))
    submit(page, "Save")
    assert "Caregiver saved" in status_message(page)

    follow(page, "Add training")
    page.get_by_label("Course").fill("CSEC specialized caregiver training")
    page.get_by_label("Category").select_option(
        label="Specialized CSEC / human-trafficking training"
    )
    page.get_by_label("Hours").fill("24")
    page.get_by_label("Completed on").fill(day(today - datetime.timedelta(days=40)))
    submit(page, "Save")
    assert "Training recorded" in status_message(page)

    follow(page, "Record alarm event or test")
    page.get_by_label("Kind").select_option(label="Test")
    page.get_by_label("When").fill(moment(now - datetime.timedelta(hours=1)))
    page.get_by_label("Test result").select_option(label="Passed")
    submit(page, "Save")
    assert "Alarm event recorded" in status_message(page)

    # The placement, from the board.
    follow(page, "Placement board", within=nav)
    follow(page, "Place a youth in H-42")
    # The waitlist in its order, with priority and days waiting; she is its top, so no reason.
    choice = page.get_by_role("radio", name=f"{youth.record_number} ")
    expect(choice).to_have_accessible_name(
        f"{youth.record_number} {youth.preferred_name or youth.legal_first_name}: priority 2, "
        "waiting 0 days (first on the waitlist)"
    )
    choice.check()
    submit(page, "Save")
    assert f"{youth.record_number} placed in H-42" in status_message(page)
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="H-42"))
    expect(row).to_contain_text(youth.record_number)
    expect(row).to_contain_text("Occupied")
    placement = Placement.objects.get(youth=youth, ended_on__isnull=True)
    assert placement.home.code == "H-42" and placement.started_on == today
    screenshot(page, "journey-1-coordinator-placement-board")
    assert page.console_errors == []
