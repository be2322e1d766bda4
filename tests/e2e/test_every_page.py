"""Every page each demo role can reach, at a phone's width and a desk's: nothing scrolls sideways
(WCAG 2.1 1.4.10 reflow) and axe-core finds no violation of any impact.

The demo is built through the real seeding (``seed_demo``), each role signs in through the login
page, and the test follows the links that role is shown, breadth-first from the home page: what
a new member of staff would find by clicking around. Each route is visited once per role (the
first link found to it), so the crawl stays short and does not grow with the demo's caseload.
All of a role's problems are reported together, so one run shows everything to fix.

Screenshots of the pages we show people (each role's home, the youth overview, the board, the
audit trail, forms with errors) land in var/screenshots/ at both widths.
"""

import io
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from chance.demo import demo_password
from tests.e2e.conftest import SCREENSHOTS, axe_violations, open_page

ROLES = [
    "supervisor",
    "clinician",
    "coordinator",
    "oncall",
    "support",
    "admin",
    "mentor",
    "caregiver",
]
WIDTHS = (390, 1366)
# Far more than any role reaches today; reaching it means the crawl is following something it
# should not (a link per record, a calendar), which should fail loudly rather than run for ever.
MAX_PAGES = 150

NOT_FOLLOWED = {
    "logout",  # signing out would end the crawl
}
# The Django admin (/admin/) is Django's own UI, outside our templates and design system.
ADMIN_PREFIX = "/admin/"
# Downloads, not pages.
DOWNLOAD_SUFFIXES = (".csv", ".pdf", ".zip", ".json", ".txt")

# Pages worth a screenshot whenever a role reaches them (route name -> file name part).
SHOTS = {
    "home": "home",
    "cases:detail": "youth",
    "placements:board": "board",
    "audit:trail": "audit",
}
# Forms submitted empty to show their errors: (role, route, submit button, file name part).
FORMS_WITH_ERRORS = [
    ("coordinator", "cases:intake", "Record the referral", "referral-errors"),
    ("clinician", "services:note_new", "Sign note", "note-errors"),
]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def route_of(path):
    """The page a path shows: its route name plus any non-numeric arguments. Numeric ids are
    another record on the same page; a slug (a report, a plan's step) is another page."""
    match = resolve(path)
    words = sorted(str(v) for v in match.kwargs.values() if not isinstance(v, int))
    return ":".join([match.view_name, *words])


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


def links_on(page, origin):
    """Same-origin GET links on the page, as paths with their query (fragments dropped)."""
    found = page.eval_on_selector_all(
        "a[href]",
        "els => els.map(e => [e.getAttribute('href'), e.href, e.hasAttribute('download')])",
    )
    paths = []
    for raw, href, download in found:
        if raw.startswith("#") or download:
            continue
        url = urlsplit(urljoin(page.url, href))
        if url.scheme not in ("http", "https") or f"{url.scheme}://{url.netloc}" != origin:
            continue
        if url.path.startswith(ADMIN_PREFIX) or url.path.endswith(DOWNLOAD_SUFFIXES):
            continue
        paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


# The last element (in document order, so the innermost) reaching furthest past the viewport.
WIDEST_ELEMENT = """width => {
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + [...e.classList].map(c => "." + c).join("");
  let widest = null, right = width;
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect().right + window.scrollX;
    if (r >= right) { widest = e; right = r; }
  }
  return widest ? name(widest.parentElement) + " > " + name(widest) : "nothing in the body";
}"""


def check_page(page, route, width, problems):
    """What is wrong with the page now open: sideways scroll, axe violations, script errors."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        culprit = page.evaluate(WIDEST_ELEMENT, width)
        problems.append(f"{route} {width}px: scrollWidth {scroll_width} > {width} ({culprit})")
    for v in axe_violations(page):
        for node in v["nodes"][:3]:
            target = " ".join(str(t) for t in node["target"])
            problems.append(f"{route} {width}px: {v['id']} ({v['impact']}) at {target}")
        if len(v["nodes"]) > 3:
            problems.append(f"{route} {width}px: {v['id']} ... and {len(v['nodes']) - 3} more")
    for error in page.console_errors:
        problems.append(f"{route} {width}px: console error {error[:200]}")
    page.console_errors.clear()


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def visit(pages, path, role, route, problems):
    """Open ``path`` at every width, check it, and return the links shown at any width."""
    links = []
    for width, page in pages.items():
        try:
            response = page.goto(path)
        except PlaywrightError as exc:  # a download we did not recognise, a crash
            problems.append(f"{route} {width}px: could not open {path}: {exc.message[:200]}")
            return []
        if response is None or response.status >= 400:
            status = response.status if response else "no response"
            problems.append(f"{route} {width}px: {path} answered {status}")
        if "/accounts/login/" in page.url:
            problems.append(f"{route} {width}px: {path} signed {role} out")
            return []
        check_page(page, route, width, problems)
        shot = SHOTS.get(resolve(urlsplit(page.url).path).view_name)
        if shot:
            shoot(page, f"{role}-{shot}-{width}")
        links += links_on(page, origin(page))
    return links


def origin(page):
    url = urlsplit(page.url)
    return f"{url.scheme}://{url.netloc}"


def crawl(pages, role, problems):
    """Breadth-first from the home page; returns {route: the first path found to it}."""
    first = {}
    queue = deque()

    def enqueue(path, found_on):
        try:
            route = route_of(urlsplit(path).path)
        except Resolver404:
            problems.append(f"{found_on}: link to {path} matches no page")
            return
        if route not in first and route not in NOT_FOLLOWED:
            first[route] = path
            queue.append((route, path))

    enqueue("/", "start")
    visited = 0
    while queue:
        route, path = queue.popleft()
        visited += 1
        assert visited <= MAX_PAGES, (
            f"{role} reached more than {MAX_PAGES} pages; is the crawl following a link per "
            f"record? Routes so far: {sorted(first)}"
        )
        for link in visit(pages, path, role, route, problems):
            enqueue(link, route)
    return first


def show_form_errors(pages, role, first, problems):
    for form_role, route, button, name in FORMS_WITH_ERRORS:
        if form_role != role:
            continue
        assert route in first, f"{role} never reached {route}; found {sorted(first)}"
        for width, page in pages.items():
            page.goto(first[route])
            page.eval_on_selector_all("form", "forms => forms.forEach(f => f.noValidate = true)")
            page.get_by_role("button", name=button, exact=True).click()
            page.wait_for_load_state()
            assert page.locator("[aria-invalid='true']").count(), (
                f"{route}: submitting it empty showed no errors"
            )
            # The refusal answers 400 on purpose; Chromium logs any 4xx document as an error.
            page.console_errors[:] = [e for e in page.console_errors if "status of 400" not in e]
            check_page(page, f"{route} (with errors)", width, problems)
            shoot(page, f"{role}-{name}-{width}")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_fits_the_screen_and_passes_axe(browser, live_server, demo, role):
    pages = {}
    try:
        for width in WIDTHS:
            page = open_page(browser, live_server.url)
            page.set_viewport_size({"width": width, "height": 900})
            sign_in(page, role)
            page.console_errors.clear()
            pages[width] = page
        problems = []
        first = crawl(pages, role, problems)
        show_form_errors(pages, role, first, problems)
    finally:
        for page in pages.values():
            page.context.close()
    print(
        f"{role} visited {len(first)} routes:", *(f"{r} {p}" for r, p in first.items()), sep="\n  "
    )
    assert not problems, f"{role}: {len(problems)} problems on {len(first)} pages:\n" + "\n".join(
        problems
    )
