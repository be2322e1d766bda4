"""The page shell in a real browser: on a phone (390 px) the navigation folds behind the menu
button, opens with it and its links work; no role's home page scrolls sideways at 390 or 1366 px;
axe-core finds nothing of any impact on a home page with the menu shut or open; the youth's
sections stand beside the page on a desk and fold to one line on a phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in

PERSONAS = ("supervisor", "clinician", "coordinator", "oncall", "support", "admin_user")


def _axe_all_impacts(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    detail = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
    assert not violations, f"Accessibility violations on {page.url}:\n{detail}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_on_a_phone_the_menu_button_opens_the_navigation(request, page, persona):
    user = request.getfixturevalue(persona)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, user)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    nav = page.get_by_role("navigation", name="Main")
    due_work = nav.get_by_role("link", name="My due work", exact=True)
    expect(due_work).to_be_hidden()
    _axe_all_impacts(page)
    page.get_by_role("button", name="Menu").click()
    expect(due_work).to_be_visible()
    _axe_all_impacts(page)
    screenshot(page, f"shell-menu-{persona}-390")
    page.get_by_role("button", name="Close the menu").click()
    expect(due_work).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    due_work.click()
    page.wait_for_load_state()
    assert page.url.endswith("/reminders/")
    assert page.console_errors == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_at_a_desk_the_bar_shows_its_entries_and_menus_open(request, page, persona):
    user = request.getfixturevalue(persona)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, user)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Home", exact=True)).to_be_visible()
    _axe_all_impacts(page)
    menus = nav.locator("button.usa-accordion__button")
    if menus.count():
        menus.last.click()
        expect(nav.locator(".usa-nav__submenu").last.get_by_role("link").first).to_be_visible()
        _axe_all_impacts(page)
    screenshot(page, f"shell-{persona}-1366")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_youths_sections_beside_the_page_or_folded_on_a_phone(page, clinician, youth, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, clinician)
    page.goto(f"/youths/{youth.pk}/")
    sections = page.get_by_role("navigation", name="Youth record")
    team = sections.get_by_role("link", name="Case team", exact=True)
    current = sections.locator('a[aria-current="page"]')
    if width == 390:
        expect(team).to_be_hidden()
        sections.locator("summary").click()
    expect(team).to_be_visible()
    expect(current).to_have_text("Overview")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _axe_all_impacts(page)
    team.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/youths/{youth.pk}/team/")
    expect(sections.locator('a[aria-current="page"]')).to_have_text("Case team")


def test_the_header_search_finds_a_youth_by_record_number(page, clinician, youth):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, clinician)
    number = int(youth.record_number.split("-")[1])
    search = page.get_by_role("search", name="Find a youth")
    search.get_by_label("Find a youth by name, alias or record number").fill(f"CH-{number}")
    search.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name=youth.record_number)).to_be_visible()
