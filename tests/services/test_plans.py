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
    response = login(supervisor).post(url)  # not asked once: refused, nothing approved
    assert response.status_code == 400
    assert "I understand this cannot be undone" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.PENDING
    assert login(supervisor).post(url, {"confirm": "on"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.APPROVED and plan.approved_by == supervisor
    assert (plan.next_review_on - plan.effective_on).days == 90
    assert plan.effective_on == timezone.localdate()


def test_a_clinician_off_the_team_cannot_approve(
    login, clinician2, clinician, active_youth, therapy
):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    url = reverse("services:plan_transition", args=[active_youth.pk, plan.pk, "approve"])
    assert login(clinician2).post(url, {"confirm": "on"}).status_code == 404
    with pytest.raises(ValidationError, match="supervisor"):
        actions.plan_approve(plan=plan, by=clinician2)
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.PENDING


def test_a_team_clinician_without_approve_clinical_cannot_approve_through_the_ui(
    login, clinician, part2_clinician, active_youth, therapy
):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    url = reverse("services:plan_transition", args=[active_youth.pk, plan.pk, "approve"])
    assert login(part2_clinician).post(url, {"confirm": "on"}).status_code == 404


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


def editor_data(plan, **typed):
    """What the plan editor posts when nothing on it is changed, plus ``typed``."""
    data = {"plan-strengths": plan.strengths, "plan-needs": plan.needs}
    for goal in plan.goals.all():
        data[f"g{goal.pk}-description"] = goal.description
        for objective in goal.objectives.all():
            data[f"o{objective.pk}-description"] = objective.description
    data.update(typed)
    return data


def test_plan_is_edited_as_one_form_and_errors_stay_next_to_the_field(
    login, clinician, active_youth, therapy
):
    plan = build_plan(active_youth, clinician, therapy)
    client = login(clinician)
    url = reverse("services:plan_edit", args=[active_youth.pk, plan.pk])
    goal = plan.goals.get()
    typed = {"plan-needs": "School re-entry", "gnew-description": "Return to school"}
    response = client.post(
        url, editor_data(plan, **typed, **{f"g{goal.pk}-onew-description": "x" * 600})
    )
    assert response.status_code == 400
    editor = response.context["editor"]
    assert "description" in editor.goals[0]["objectives"][-1]["form"].errors
    assert "School re-entry" in response.content.decode()  # nothing typed is lost
    assert "Return to school" in response.content.decode()
    plan.refresh_from_db()
    assert plan.needs == "" and plan.goals.count() == 1  # and nothing half-saved

    response = client.post(url, editor_data(plan, **typed, action="add_goal"))
    assert response.status_code == 302 and response["Location"].endswith("#new-goal")
    plan.refresh_from_db()
    assert plan.needs == "School re-entry"
    assert list(plan.goals.values_list("description", flat=True)) == [
        "Stay safe at home",
        "Return to school",
    ]
    page = client.get(reverse("services:plan_detail", args=[active_youth.pk, plan.pk]))
    assert b"Return to school" in page.content and b"No runaway for 30 days" in page.content
    assert page.context["editor"].goals[-1]["goal"] is None  # a fresh empty goal row


def test_one_save_adds_a_goal_with_its_objective_edits_and_removes(
    login, clinician, active_youth, therapy
):
    plan = build_plan(active_youth, clinician, therapy)
    goal = plan.goals.get()
    objective = goal.objectives.get()
    intervention = objective.interventions.get()
    client = login(clinician)
    url = reverse("services:plan_edit", args=[active_youth.pk, plan.pk])
    response = client.post(
        url,
        editor_data(
            plan,
            **{
                f"g{goal.pk}-description": "Stay safe and connected at home",
                f"i{intervention.pk}-remove": "on",
                f"o{objective.pk}-inew-service_type": therapy.pk,
                f"o{objective.pk}-inew-frequency": "twice a week",
                f"o{objective.pk}-inew-responsible": clinician.pk,
                "gnew-description": "Return to school",
                "gnew-onew-description": "Attends 9 of 10 school days",
            },
        ),
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.description == "Stay safe and connected at home"
    assert list(objective.interventions.values_list("frequency", flat=True)) == ["twice a week"]
    new_goal = plan.goals.get(description="Return to school")
    assert new_goal.objectives.get().description == "Attends 9 of 10 school days"

    # An objective typed under the empty goal row with no goal: refused, kept on the page.
    response = client.post(url, editor_data(plan, **{"gnew-onew-description": "Orphan"}))
    assert response.status_code == 400
    assert "Write the goal this objective is for." in response.content.decode()
    assert "Orphan" in response.content.decode()

    response = client.post(url, editor_data(plan, **{f"g{new_goal.pk}-remove": "on"}))
    assert response.status_code == 302 and plan.goals.count() == 1


def test_send_for_approval_saves_what_was_typed_first(login, clinician, active_youth, therapy):
    plan = build_plan(active_youth, clinician, therapy)
    response = login(clinician).post(
        reverse("services:plan_edit", args=[active_youth.pk, plan.pk]),
        editor_data(plan, **{"plan-strengths": "Likes art", "action": "submit"}),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.PENDING and plan.strengths == "Likes art"


def test_a_refused_send_keeps_the_text_and_saves_nothing(login, clinician, active_youth):
    plan = actions.plan_create(youth=active_youth, by=clinician)
    response = login(clinician).post(
        reverse("services:plan_edit", args=[active_youth.pk, plan.pk]),
        editor_data(plan, **{"plan-needs": "Safety first", "action": "submit"}),
    )
    assert response.status_code == 400
    assert "at least one goal" in response.content.decode()
    assert "Safety first" in response.content.decode()
    plan.refresh_from_db()
    assert plan.is_draft and plan.needs == ""


def test_an_approved_plan_cannot_be_edited(login, supervisor, clinician, active_youth, therapy):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    actions.plan_approve(plan=plan, by=supervisor)
    url = reverse("services:plan_edit", args=[active_youth.pk, plan.pk])
    response = login(clinician).post(url, editor_data(plan, **{"gnew-description": "Sneaked in"}))
    assert response.status_code == 400
    assert plan.goals.count() == 1


def test_supervisor_returns_a_plan_with_a_note(login, supervisor, clinician, active_youth, therapy):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    url = reverse("services:plan_transition", args=[active_youth.pk, plan.pk, "return"])
    assert login(supervisor).post(url, {"return_note": ""}).status_code == 400
    assert login(supervisor).post(url, {"return_note": "Add a school goal."}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.DRAFT and plan.return_note == "Add a school goal."
