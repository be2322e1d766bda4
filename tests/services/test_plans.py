import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from services import actions
from services.models import TreatmentPlan


def build_plan(youth, author, therapy):
    plan = actions.plan_create(youth=youth, by=author)
    goal = actions.goal_add(plan=plan, description="Stay safe at home", by=author)
    objective = actions.objective_add(goal=goal, description="No runaway for 30 days", by=author)
    actions.intervention_add(
        objective=objective, service_type=therapy, frequency="weekly", responsible=author, by=author
    )
    return plan


def test_the_author_cannot_approve_their_own_plan(clinician, active_youth, therapy):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    with pytest.raises(ValidationError, match="author of a plan cannot approve"):
        actions.plan_approve(plan=plan, by=clinician)
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.PENDING


def test_the_supervisor_of_the_youth_approves_and_the_review_is_due_in_90_days(
    login, supervisor, clinician, active_youth, therapy
):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    url = reverse("services:plan_transition", args=[active_youth.pk, plan.pk, "approve"])
    assert login(supervisor).post(url).status_code == 302
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.APPROVED and plan.approved_by == supervisor
    assert (plan.next_review_on - plan.effective_on).days == 90
    assert plan.effective_on == timezone.localdate()


def test_a_clinician_off_the_team_cannot_approve(
    login, clinician2, clinician, active_youth, therapy
):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    url = reverse("services:plan_transition", args=[active_youth.pk, plan.pk, "approve"])
    assert login(clinician2).post(url).status_code == 404
    with pytest.raises(ValidationError, match="supervisor"):
        actions.plan_approve(plan=plan, by=clinician2)
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.PENDING


def test_a_team_clinician_without_approve_clinical_cannot_approve_through_the_ui(
    login, clinician, part2_clinician, active_youth, therapy
):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    url = reverse("services:plan_transition", args=[active_youth.pk, plan.pk, "approve"])
    assert login(part2_clinician).post(url).status_code == 404


def test_approval_supersedes_the_previous_plan(supervisor, clinician, active_youth, therapy):
    first = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    actions.plan_approve(plan=first, by=supervisor)
    second = actions.plan_create(youth=active_youth, by=clinician, copy_from=first)
    assert second.goals.get().objectives.get().interventions.count() == 1  # copied for review
    actions.plan_submit(plan=second, by=clinician)
    actions.plan_approve(plan=second, by=supervisor)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == TreatmentPlan.Status.SUPERSEDED and first.superseded_at
    assert second.status == TreatmentPlan.Status.APPROVED
    assert TreatmentPlan.objects.filter(youth=active_youth, status="approved").count() == 1


def test_the_database_allows_one_approved_plan_per_youth(supervisor, clinician, active_youth):
    from django.db import IntegrityError, transaction

    now = timezone.now()
    for _ in range(2):
        TreatmentPlan.objects.create(
            youth=active_youth, author=clinician, status="superseded", approved_by=supervisor,
            approved_at=now,
        )  # fmt: skip
    TreatmentPlan.objects.create(
        youth=active_youth, author=clinician, status="approved", approved_by=supervisor,
        approved_at=now,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatmentPlan.objects.create(
            youth=active_youth, author=clinician, status="approved", approved_by=supervisor,
            approved_at=now,
        )  # fmt: skip


def test_submitting_needs_goals_with_objectives(clinician, active_youth):
    plan = actions.plan_create(youth=active_youth, by=clinician)
    with pytest.raises(ValidationError, match="at least one goal"):
        actions.plan_submit(plan=plan, by=clinician)
    actions.goal_add(plan=plan, description="A goal", by=clinician)
    with pytest.raises(ValidationError, match="measurable objective"):
        actions.plan_submit(plan=plan, by=clinician)


def test_plan_is_edited_as_one_page_and_errors_stay_next_to_the_field(
    login, clinician, active_youth, therapy
):
    plan = build_plan(active_youth, clinician, therapy)
    client = login(clinician)
    url = reverse("services:plan_edit", args=[active_youth.pk, plan.pk])
    goal = plan.goals.get()
    response = client.post(
        url, {"part": "objective", "target": goal.pk, f"o{goal.pk}-description": "x" * 600}
    )
    assert response.status_code == 400
    assert "description" in response.context["goals"][0].objective_form.errors
    response = client.post(url, {"part": "goal", "g-description": "Return to school"})
    assert response.status_code == 302
    assert plan.goals.count() == 2
    page = client.get(reverse("services:plan_detail", args=[active_youth.pk, plan.pk]))
    assert b"Return to school" in page.content and b"No runaway for 30 days" in page.content


def test_an_approved_plan_cannot_be_edited(login, supervisor, clinician, active_youth, therapy):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    actions.plan_approve(plan=plan, by=supervisor)
    url = reverse("services:plan_edit", args=[active_youth.pk, plan.pk])
    response = login(clinician).post(url, {"part": "goal", "g-description": "Sneaked in"})
    assert response.status_code == 400
    assert plan.goals.count() == 1


def test_supervisor_returns_a_plan_with_a_note(login, supervisor, clinician, active_youth, therapy):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    url = reverse("services:plan_transition", args=[active_youth.pk, plan.pk, "return"])
    assert login(supervisor).post(url, {"return_note": ""}).status_code == 400
    assert login(supervisor).post(url, {"return_note": "Add a school goal."}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.DRAFT and plan.return_note == "Add a school goal."
