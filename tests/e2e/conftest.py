"""Real-browser journeys: Playwright for Python driving Debian's Chromium against live_server.

The browser is the system one (/usr/bin/chromium; .ci/run installs it). Without it the journeys
are skipped with a reason, except under REQUIRE_SERVICES=1, where a missing browser fails the run.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests import factories

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# Playwright's sync API keeps an event loop on the main thread; the ORM calls our tests make
# between browser steps are still plain synchronous code. Allowed only while a browser test runs:
# set for the whole session it leaked into other tests' subprocesses (`check --deploy` refuses it).
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
_ASYNC_UNSAFE_BY_USER = ASYNC_UNSAFE in os.environ


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    os.environ.setdefault(ASYNC_UNSAFE, "true")
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if not _ASYNC_UNSAFE_BY_USER:
            os.environ.pop(ASYNC_UNSAFE, None)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser journeys run last: the session's Playwright keeps an event loop on the main
    thread until the browser closes, and Django refuses synchronous ORM calls while one runs."""
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: "tests/e2e/" in str(item.fspath))  # stable: order kept otherwise


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def open_page(browser, base_url):
    """A fresh browser session (its own cookies) with one page; close it with page.context."""
    # A fixed locale and time zone: date inputs take keystrokes in the same order on every
    # machine, and the browser's clock agrees with the server's.
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": 1280, "height": 900},
        locale="en-US",
        timezone_id=settings.TIME_ZONE,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    page.console_errors = errors
    return page


@pytest.fixture
def page(browser, live_server):
    page = open_page(browser, live_server.url)
    yield page
    page.context.close()


@pytest.fixture
def second_page(browser, live_server):
    """Another person's browser session against the same server."""
    page = open_page(browser, live_server.url)
    yield page
    page.context.close()


@pytest.fixture(autouse=True)
def live_database(transactional_db):
    """Browser tests share the database with the live server, so it is emptied after each test
    rather than rolled back; the seeded roles, lookups and catalogue come back by themselves
    (post_migrate handlers, which a flush runs)."""


def sign_in(page, user, password=factories.PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{user.username} could not sign in"


def axe_violations(page):
    """axe-core's violations on the current page, every impact (minor and moderate too)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def check_accessibility(page):
    """axe-core over the current page: no serious or critical violations."""
    bad = [v for v in axe_violations(page) if v.get("impact") in ("serious", "critical")]
    detail = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    )
    assert not bad, f"Accessibility violations on {page.url}:\n{detail}"


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def follow(page, name, *, role="link", within=None):
    """Click a link or button by its accessible name, wait for the page, scan it with axe."""
    (within or page).get_by_role(role, name=name, exact=True).click()
    page.wait_for_load_state()
    check_accessibility(page)


def submit(page, name):
    """Press a form's submit button; the next page is scanned like any other."""
    follow(page, name, role="button")


def status_message(page):
    """The success or error message shown after a step (``role=status``)."""
    return page.get_by_role("status").inner_text()


def day(value):
    """A date as a date input wants it."""
    return value.strftime("%Y-%m-%d")


def moment(value):
    """A local time as a datetime-local input wants it (minutes)."""
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
