"""The plan editor never loses typed text: a clinician types the needs, writes a goal, presses
"Add goal", and finds the needs still on the page, and saved after a reload."""

import re

from playwright.sync_api import expect

from services import actions as service_actions
from services.models import TreatmentPlan
from tests.e2e.conftest import screenshot, sign_in, status_message, submit
from tests.services.conftest import make_active

NEEDS = "Trauma-focused therapy; school re-entry; a safe adult at every handover."


def test_needs_survive_add_goal_and_a_reload(page, youth, coordinator, clinician):
    youth = make_active(youth, by=coordinator)
    plan = service_actions.plan_create(youth=youth, by=clinician)
    sign_in(page, clinician)
    page.goto(f"/services/youths/{youth.pk}/plans/{plan.pk}/")

    page.get_by_label("Needs").fill(NEEDS)
    page.get_by_label("New goal").fill("Stay safe and connected at home")
    submit(page, "Add goal")
    assert "write the next goal" in status_message(page)
    expect(page.get_by_label("Needs")).to_have_value(NEEDS)
    expect(page.get_by_label(re.compile(r"^Goal 1"))).to_have_value(
        "Stay safe and connected at home"
    )
    expect(page.get_by_label("New goal")).to_have_value("")
    expect(page.get_by_label("New goal")).to_be_in_viewport()  # the page opens at the new row

    page.reload()
    expect(page.get_by_label("Needs")).to_have_value(NEEDS)
    plan.refresh_from_db()
    assert plan.needs == NEEDS and plan.status == TreatmentPlan.Status.DRAFT

    # Pressing "Add goal" with nothing in the new row still keeps (and saves) the edits.
    page.get_by_label("Strengths").fill("Likes art; close to her aunt.")
    submit(page, "Add goal")
    expect(page.get_by_label("Strengths")).to_have_value("Likes art; close to her aunt.")
    screenshot(page, "plan-editor")
    assert page.console_errors == []


def test_a_long_paste_is_kept_whole_counted_and_refused_next_to_the_field(
    page, youth, coordinator, clinician
):
    youth = make_active(youth, by=coordinator)
    plan = service_actions.plan_create(youth=youth, by=clinician)
    sign_in(page, clinician)
    page.goto(f"/services/youths/{youth.pk}/plans/{plan.pk}/")
    needs = page.get_by_label("Needs")
    limit_note = page.locator("#id_plan-needs_limit")
    expect(limit_note).to_have_text("Up to 5,000 characters; 0 used.")

    paste = ("Safety planning and school re-entry. " * 300)[:10_000]
    needs.fill(paste)
    assert len(needs.input_value()) == 10_000  # no maxlength cut it short
    expect(limit_note).to_have_text(
        "10,000 characters; the limit is 5,000. Shorten it by 5,000 before saving."
    )
    expect(limit_note).to_have_class(re.compile(r"\bover\b"))

    submit(page, "Save draft")
    expect(page.locator("#id_plan-needs_error")).to_have_text(
        "This is 10,000 characters; the limit is 5,000. Nothing was saved; shorten it."
    )
    assert len(page.get_by_label("Needs").input_value()) == 10_000
    plan.refresh_from_db()
    assert plan.needs == ""
    screenshot(page, "plan-editor-too-long")
