"""The idle-timeout warning in a real browser, with the clock scaled down.

Production: 30 minutes idle, a warning 2 minutes before, the "last seen" stamp refreshed at most
once a minute. Here: 6 seconds idle, a warning 4 seconds before (so it shows 2 seconds after a page
loads), the stamp refreshed at most once a second. The proportions that matter hold: the warning
comes well after the stamp can move.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from chance.security import middleware
from tests.e2e.conftest import check_accessibility, screenshot, sign_in

IDLE = 6
WARN = 4
SIGNED_OUT = re.compile(r"You were signed out after .* without activity\.")


@pytest.fixture(autouse=True)
def short_session(settings, monkeypatch):
    settings.SESSION_IDLE_SECONDS = IDLE
    settings.SESSION_WARNING_SECONDS = WARN
    monkeypatch.setattr(middleware, "_SEEN_RESOLUTION_SECONDS", 1)


def warning(page):
    return page.get_by_role("alertdialog")


def status_polls(page):
    """Records the warning script's questions to the server ("how long is left?")."""
    polls = []

    def seen(request):
        if request.url.endswith("/security/session/"):
            polls.append(request.method)

    page.on("request", seen)
    return polls


def test_the_warning_is_announced_and_stay_signed_in_keeps_the_session(page, clinician):
    polls = status_polls(page)
    sign_in(page, clinician)
    signed_in_at = time.monotonic()
    body = page.locator("body")
    expect(body).to_have_attribute("data-session-idle", str(IDLE))
    expect(body).to_have_attribute("data-session-warn", str(WARN))

    # The warning: an alert dialog, announced at once, named by its text, with focus on the way
    # out of it; no page interaction needed for a screen reader to hear it.
    dialog = warning(page)
    expect(dialog).to_be_visible(timeout=(IDLE - WARN + 2) * 1000)
    assert time.monotonic() - signed_in_at < IDLE, "the warning came after the session ended"
    expect(dialog).to_have_attribute("aria-live", "assertive")
    expect(dialog).to_have_accessible_name(re.compile("you will be signed out"))
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    check_accessibility(page)
    assert polls and set(polls) == {"GET"}, polls  # it asked the server before warning

    stay.click()
    expect(dialog).to_be_hidden()
    assert "POST" in polls

    # Past the moment the session would have ended without the click: still signed in, and
    # the server agrees (asking does not itself keep the session alive).
    page.wait_for_timeout(max(0, (signed_in_at + IDLE + 0.5 - time.monotonic()) * 1000))
    left = page.request.get("/security/session/", max_redirects=0)
    assert left.status == 200 and left.json()["seconds_left"] > 0
    page.get_by_role("link", name="Home", exact=True).click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    assert page.console_errors == []


def test_doing_nothing_ends_the_session_on_the_server(page, browser, live_server, clinician):
    # The same user in a browser without JavaScript: only the server can end that session.
    no_js = browser.new_context(base_url=live_server.url, java_script_enabled=False).new_page()
    try:
        polls = status_polls(page)
        sign_in(no_js, clinician)
        no_js_deadline = time.monotonic() + IDLE
        sign_in(page, clinician)
        deadline = time.monotonic() + IDLE
        old_cookie = _session_cookie(page)

        expect(warning(page)).to_be_visible(timeout=(IDLE - WARN + 2) * 1000)

        # Nobody answers. When the time is up the page reloads itself onto the sign-in page with
        # the reason. It must happen then, not later: the script's polling in the meantime must
        # not have counted as activity.
        page.wait_for_url(
            re.compile(r"/accounts/login/\?next="),
            timeout=(deadline + 3 - time.monotonic()) * 1000,
        )
        assert "GET" in polls and "POST" not in polls, polls
        expect(page.get_by_role("status")).to_have_text(SIGNED_OUT)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "session-timeout-signed-out")

        # The old session is dead on the server: its cookie, sent again, opens nothing.
        replay = browser.new_context(base_url=live_server.url)
        try:
            replay.add_cookies([old_cookie])
            response = replay.request.get("/youths/", max_redirects=0)
            assert response.status == 302
            assert response.headers["location"].startswith("/accounts/login/")
        finally:
            replay.close()

        # And the JavaScript-free session, idle as long, is ended by the server alone.
        no_js.wait_for_timeout(max(0, (no_js_deadline + 0.2 - time.monotonic()) * 1000))
        no_js.goto("/youths/")
        assert "/accounts/login/?next=/youths/" in no_js.url, no_js.url
        expect(no_js.get_by_role("status")).to_have_text(SIGNED_OUT)
        assert page.console_errors == []
    finally:
        no_js.context.close()


def _session_cookie(page):
    cookies = [c for c in page.context.cookies() if c["name"] == "sessionid"]
    assert len(cookies) == 1, cookies
    return cookies[0]
