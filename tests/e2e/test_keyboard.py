"""Keyboard only: a coordinator fills the whole referral intake form with Tab, typing, arrow keys
and Space, submits it with Enter, and can see where the focus is all along."""

import datetime
import re

from django.utils import timezone

from cases.models import Referral, Youth
from tests.e2e.conftest import check_accessibility, screenshot, sign_in, status_message


def active_id(page):
    return page.evaluate("document.activeElement.id")


def focus_ring(page):
    """The focused element's outline, as the browser draws it."""
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
    )


def assert_visible_focus(page):
    ring = focus_ring(page)
    assert ring["style"] != "none" and ring["width"] >= 2, f"no visible focus: {ring}"


def tab_to(page, field_id):
    """Tab to the next field, which must be ``field_id``: nothing else may take the focus on
    the way (a date input's own calendar button may, within the same input)."""
    previous = active_id(page)
    for _ in range(4):
        page.keyboard.press("Tab")
        now = active_id(page)
        if now == field_id:
            assert_visible_focus(page)
            return
        assert now == previous, f"Tab went to {now!r} on the way to {field_id!r}"
    raise AssertionError(f"Tab never reached {field_id!r}")


def test_referral_intake_with_the_keyboard_alone(page, coordinator):
    today = timezone.localdate()
    born = datetime.date(today.year - 13, 3, 9)
    received = timezone.localtime() - datetime.timedelta(hours=1)
    sign_in(page, coordinator)
    page.goto("/youths/intake/")
    check_accessibility(page)
    keys = page.keyboard

    # The first Tab reaches the skip link, drawn with a visible focus ring; Enter skips the menu.
    keys.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert_visible_focus(page)
    keys.press("Enter")
    assert active_id(page) == "main"

    tab_to(page, "id_legal_first_name")
    keys.type("Keyboard")
    tab_to(page, "id_legal_last_name")
    keys.type("Only")
    tab_to(page, "id_preferred_name")
    keys.type("Kay")
    tab_to(page, "id_aliases")
    tab_to(page, "id_date_of_birth")
    keys.type(born.strftime("%m%d%Y"))
    tab_to(page, "id_gender")
    keys.type("Nonbinary")
    tab_to(page, "id_language")
    tab_to(page, "id_language_other")
    tab_to(page, "id_custody_status")
    tab_to(page, "id_court_case_number")
    keys.type("DP-0001")
    tab_to(page, "id_source")
    keys.press("ArrowDown")  # Child welfare → Law enforcement
    tab_to(page, "id_source_agency")
    keys.type("Fictional County Sheriff")
    tab_to(page, "id_received_at")
    keys.type(received.strftime("%m%d%Y"))
    keys.press("Tab")  # from the date to the time, inside the same input
    keys.type(received.strftime("%I%M") + received.strftime("%p")[0])
    tab_to(page, "id_reason")
    keys.type("Referred after a fictional operation.")
    # No possible match, so no confirmation box: the submit button, and Enter sends the form.
    keys.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Record the referral"
    assert_visible_focus(page)
    keys.press("Enter")
    page.wait_for_url(re.compile(r"/youths/\d+/(#main)?$"))  # the skip link's #main stays
    check_accessibility(page)
    assert "Referral recorded as" in status_message(page)

    youth = Youth.objects.get(legal_first_name="Keyboard")
    referral = Referral.objects.get(youth=youth)
    assert (youth.legal_last_name, youth.preferred_name, youth.gender) == (
        "Only",
        "Kay",
        "Nonbinary",
    )
    assert youth.date_of_birth == born and youth.court_case_number == "DP-0001"
    assert referral.source == Referral.Source.LAW_ENFORCEMENT
    assert referral.source_agency == "Fictional County Sheriff"
    assert timezone.localtime(referral.received_at).strftime("%Y-%m-%d %H:%M") == received.strftime(
        "%Y-%m-%d %H:%M"
    )
    screenshot(page, "keyboard-referral-recorded")
