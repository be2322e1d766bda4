"""Journey 4: an on-call clinician, during a shift covering now, logs a runaway crisis call that
opens a missing episode, and watches its 24-hour reporting clock on the episode page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from placements import actions as placement_actions
from placements.models import MissingEpisode
from services.models import CrisisCall
from tests.e2e.conftest import follow, moment, screenshot, sign_in, status_message, submit
from tests.placements.conftest import make_active_youth, make_home


@pytest.fixture
def placed_youth(coordinator):
    youth = make_active_youth(by=coordinator, preferred_name="Sky")
    home = make_home(by=coordinator, code="H-07")
    placement_actions.placement_place_in_home(
        youth=youth, home=home, started_on=timezone.localdate(), by=coordinator
    )
    return youth


def test_oncall_logs_a_runaway_call_and_watches_the_24_hour_clock(
    page, placed_youth, oncall, shift_now
):
    youth = placed_youth
    last_seen = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=2)
    sign_in(page, oncall)
    follow(page, "On-call", within=page.get_by_role("navigation", name="Main"))
    follow(page, "Safety essentials")
    follow(page, youth.display_name)
    follow(page, "Log a crisis call")

    # The youth is already chosen (the call was started from their page).
    assert page.get_by_label(re.compile(r"^Youth\W*$")).input_value() == str(youth.pk)
    page.get_by_label("Call received at").fill(moment(timezone.now()))
    page.get_by_label("Caller kind").select_option(label="Foster parent / caregiver")
    page.get_by_label("Caller name").fill("Fictional foster parent")
    page.get_by_label("Category").select_option(label="Runaway / missing")
    page.get_by_label("What happened").fill("Youth left the home after dinner; phone off.")
    page.get_by_label("Response given").fill("Searched the area with the caregiver; called 911.")
    page.get_by_label("Disposition").select_option(label="Missing episode opened")
    page.get_by_label("Follow up needed").check()
    page.get_by_label("Open a missing episode now").check()
    page.get_by_label("Youth last seen at").fill(moment(last_seen))
    submit(page, "Log call")

    # Straight to the episode: both reports are due 24 hours after the youth was last seen.
    assert "missing episode opened" in status_message(page)
    episode = MissingEpisode.objects.get(youth=youth)
    assert episode.opened_by == oncall and episode.returned_at is None
    assert CrisisCall.objects.get(youth=youth).disposition == CrisisCall.Disposition.MISSING
    expect(page.get_by_role("heading", level=2)).to_have_text(
        f"Missing episode: last seen {last_seen:%Y-%m-%d %H:%M}"
    )
    due = timezone.localtime(last_seen + datetime.timedelta(hours=24))
    for report in ("Report to law enforcement", "Report to NCMEC"):
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=report))
        expect(row).to_contain_text(f"{due:%Y-%m-%d %H:%M}")
        expect(row).to_contain_text(re.compile(r"Due\s+2[12] hours( \d+ minutes?)? left"))
    expect(page.get_by_role("heading", name="Record the law-enforcement report")).to_be_visible()
    screenshot(page, "journey-4-oncall-missing-episode-clock")
    assert page.console_errors == []
