"""A long unbroken value (a pasted link, a string of characters) wraps inside its box; it never
widens the page, at a phone's width or a desk's (WCAG 2.1, 1.4.10 reflow)."""

import pytest

from cases import actions as case_actions
from cases.models import CaseAssignment, SafetyAlert
from tests.e2e.conftest import sign_in
from tests.placements.conftest import make_active_youth

UNBROKEN = "https://example.invalid/" + "x" * 170


@pytest.fixture
def youth_with_long_values(coordinator, clinician):
    youth = make_active_youth(by=coordinator, preferred_name="Sky")
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    case_actions.safety_alert_create(
        youth=youth, by=coordinator, kind=SafetyAlert.Kind.OTHER, summary=UNBROKEN
    )
    case_actions.contact_create(youth=youth, by=coordinator, kind="other", name="N" * 99)
    return youth


@pytest.mark.parametrize("width", [390, 1366])
def test_long_values_wrap_instead_of_widening_the_page(
    page, youth_with_long_values, clinician, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, clinician)
    for path in (f"/youths/{youth_with_long_values.pk}/", "/"):
        page.goto(path)
        assert page.get_by_text(UNBROKEN[:40], exact=False).first.is_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width} px wide at {width} px"
