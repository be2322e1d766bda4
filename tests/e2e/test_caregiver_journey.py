"""A foster parent on a phone (390 px): signs in, finds the youth placed in their home and the
on-call button, reads the safety plan and alerts (never the record or clinical notes), writes the
day's note, then reports a runaway attempt with the keyboard alone, which opens the missing
episode and tells the primary clinician. A caregiver of another home gets nothing of this youth."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases import actions as case_actions
from cases.models import CaseAssignment, SafetyAlert
from chance.accounts import roles
from chance.notifications.models import Notification
from frontline.models import Incident
from placements import actions as placement_actions
from placements.models import MissingEpisode
from services import actions as service_actions
from services.models import ServiceType
from tests import factories
from tests.e2e.conftest import check_accessibility, follow, screenshot, sign_in, status_message
from tests.frontline.conftest import link_caregiver
from tests.placements.conftest import make_active_youth, make_home

PHONE = {"width": 390, "height": 844}
ONCALL = "555-0199"
CLINICAL = "Trauma narrative session: recalled the recruiter's threats."


@pytest.fixture
def placed(coordinator, clinician, settings):
    settings.ONCALL_PHONE = ONCALL
    youth = make_active_youth(by=coordinator, preferred_name="Sky", legal_last_name="Quillon")
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    for kind, summary, person in (
        (SafetyAlert.Kind.RUNAWAY, "Runs at night", ""),
        (SafetyAlert.Kind.NO_CONTACT, "Former recruiter", "Dee Fictional"),
    ):
        case_actions.safety_alert_create(
            youth=youth, by=clinician, kind=kind, summary=summary, person_name=person
        )
    service_actions.safety_plan_save(
        youth=youth,
        by=clinician,
        warning_signs="Goes quiet, packs a bag",
        coping_steps="Music, a walk",
        people_to_call="Foster parent, on-call",
        safe_places="Kitchen table",
    )
    service_actions.note_save(
        youth=youth,
        service_type=ServiceType.objects.get(code="individual-therapy"),
        occurred_at=timezone.now() - datetime.timedelta(days=1),
        minutes=50,
        setting="office",
        text=CLINICAL,
        by=clinician,
        sign=True,
    )
    home = make_home(by=coordinator, code="H-07")
    placement_actions.placement_place_in_home(
        youth=youth, home=home, started_on=timezone.localdate(), by=coordinator
    )
    return youth


def caregiver_of(home, username, coordinator):
    """A foster caregiver's login, linked to ``home``'s caregiver record."""
    user = factories.make_user(username, roles.CAREGIVER)
    link_caregiver(home, user, coordinator)
    return user


def home_of(youth):
    return youth.placements.get(ended_on=None).home


def on_the_phone(page, name):
    """Nothing wider than the phone (no sideways scrolling); a full-page screenshot."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    screenshot(page, f"journey-caregiver-{name}-390")


def tab_to(page, field_id, limit=8):
    """Tab until ``field_id`` has the focus; on the way the focus may only stay where it was
    (a date-time input's own parts)."""
    before = page.evaluate("document.activeElement.id")
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate("document.activeElement.id")
        if now == field_id:
            return
        assert now == before, f"Tab went to {now!r} on the way to {field_id!r}"
    raise AssertionError(f"Tab never reached {field_id!r}")


def test_a_foster_parent_notes_the_day_and_reports_the_youth_gone(
    page, placed, coordinator, clinician
):
    youth = placed
    caregiver = caregiver_of(home_of(youth), "fosterparent", coordinator)
    page.set_viewport_size(PHONE)
    sign_in(page, caregiver)
    check_accessibility(page)

    # Home: the youth of this home by preferred name, and the big on-call button.
    section = page.get_by_role("region", name="The youth in your home")
    expect(section.get_by_role("link", name="Sky", exact=True)).to_be_visible()
    call = page.get_by_role("link", name=f"Call on-call: {ONCALL}")
    expect(call).to_have_attribute("href", f"tel:{ONCALL}")
    assert call.bounding_box()["height"] >= 44  # a thumb can hit it
    on_the_phone(page, "home")

    # The care page: safety plan, alerts with the no-contact name; not the record, not therapy.
    follow(page, "Sky", within=section)
    assert page.url.endswith(reverse("frontline:care", args=[youth.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sky")
    expect(page.locator("dl.safety-plan")).to_contain_text("Goes quiet, packs a bag")
    alerts = page.get_by_role("region", name="Safety alerts (2)")
    expect(alerts).to_contain_text("Runs at night")
    expect(alerts).to_contain_text("Dee Fictional")
    text = page.content()
    for hidden in (CLINICAL, youth.record_number, youth.legal_last_name):
        assert hidden not in text, hidden
    on_the_phone(page, "care")

    # The day's note, listed on the care page once saved.
    follow(page, "Write today's note")
    page.get_by_label(re.compile(r"^Note\W*$")).fill("Calm evening, homework done.")
    follow(page, "Save", role="button")
    assert status_message(page) == "Daily note saved. The team can read it."
    notes = page.get_by_role("heading", name="Daily notes", exact=True).locator(
        "xpath=following-sibling::ul"
    )
    expect(notes).to_contain_text("Calm evening, homework done.")

    # The runaway attempt, with the keyboard alone: radio, time, text, checkbox, then Enter.
    follow(page, "Report an incident")
    on_the_phone(page, "incident-form")
    page.get_by_role("radio", name="Runaway attempt").focus()
    page.keyboard.press("Space")
    tab_to(page, "id_occurred_at")
    tab_to(page, "id_description")
    page.keyboard.type("Window open, bed empty at the 11 pm check.")
    tab_to(page, "id_open_missing")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send the report")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_accessibility(page)
    # What is still the caregiver's to do; the alert says the rest and holds the call button.
    assert "call 911 now" in status_message(page)
    missing = page.get_by_role("alert")
    expect(missing).to_contain_text("Sky is reported missing and the team has been told.")
    expect(missing.get_by_role("link", name=f"Call on-call: {ONCALL}")).to_be_visible()
    expect(page.get_by_text("Reported missing", exact=True)).to_be_visible()
    on_the_phone(page, "reported-missing")

    episode = MissingEpisode.objects.get(youth=youth, returned_at__isnull=True)
    incident = Incident.objects.get(youth=youth)
    assert incident.kind == Incident.Kind.RUNAWAY and incident.missing_episode == episode
    assert incident.reported_by == caregiver and episode.opened_by == caregiver
    told = set(Notification.objects.filter(user=clinician).values_list("subject", flat=True))
    assert {"A foster home reported an incident", "A youth on your caseload is missing"} <= told
    assert page.console_errors == []


def test_a_caregiver_of_another_home_gets_nothing_of_this_youth(page, placed, coordinator):
    caregiver_of(home_of(placed), "fosterparent", coordinator)  # the youth's own home has one
    outsider = caregiver_of(make_home(by=coordinator, code="H-08"), "otherparent", coordinator)
    care = reverse("frontline:care", args=[placed.pk])
    page.set_viewport_size(PHONE)
    sign_in(page, outsider)
    expect(page.get_by_text("No youth is placed in your home now.")).to_be_visible()
    expect(page.locator(f'a[href="{care}"]')).to_have_count(0)
    expect(page.get_by_role("link", name="Sky", exact=True)).to_have_count(0)
    assert page.goto(care).status == 404
    assert "Goes quiet, packs a bag" not in page.content()
