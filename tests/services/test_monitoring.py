import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from services import actions, selectors
from services.models import MonitoringContact

from .test_plans import build_plan


@pytest.fixture
def approved_plan(clinician, supervisor, active_youth, therapy):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    return actions.plan_approve(plan=plan, by=supervisor)


def test_monitoring_contact_rates_objectives_and_flags_the_supervisor(
    login, clinician, supervisor, clinician2, active_youth, approved_plan
):
    objective = approved_plan.goals.get().objectives.get()
    data = {
        "kind": "home_visit",
        "occurred_at": (timezone.localtime() - datetime.timedelta(hours=3)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "summary": "Visited the foster home (fictional).",
        "needs_adjustment": "on",
        "adjustment_reason": "",
        f"rating_{objective.pk}": "2",
    }
    url = reverse("services:monitoring_new", args=[active_youth.pk])
    response = login(clinician).post(url, data)
    assert response.status_code == 400 and "adjustment_reason" in response.context["form"].errors
    data["adjustment_reason"] = "School objective needs a tutor."
    assert login(clinician).post(url, data).status_code == 302
    contact = MonitoringContact.objects.get()
    assert contact.reviews.get().rating == 2 and contact.plan == approved_plan
    assert list(selectors.monitoring_flags_for_supervisor(supervisor)) == [contact]
    assert list(selectors.monitoring_flags_for_supervisor(clinician2)) == []
    resolve = reverse("services:monitoring_resolve", args=[active_youth.pk, contact.pk])
    assert login(clinician).post(resolve).status_code == 404  # clinicians do not resolve flags
    assert login(supervisor).post(resolve).status_code == 302
    assert list(selectors.monitoring_flags_for_supervisor(supervisor)) == []


def test_only_objectives_of_the_current_plan_are_rated(
    clinician, active_youth, other_active_youth, clinician2, supervisor, therapy, approved_plan
):
    other = actions.plan_submit(
        plan=build_plan(other_active_youth, clinician2, therapy), by=clinician2
    )
    actions.plan_approve(plan=other, by=supervisor)
    foreign = other.goals.get().objectives.get()
    with pytest.raises(ValidationError, match="current approved plan"):
        actions.monitoring_contact_record(
            youth=active_youth, kind="phone", occurred_at=timezone.now(), summary="x",
            reviews=[(foreign, 3, "")], by=clinician,
        )  # fmt: skip


def test_psychiatric_medication_and_evaluation(login, clinician, active_youth):
    client = login(clinician)
    url = reverse("services:psychiatric", args=[active_youth.pk])
    med = {"part": "medication", "m-name": "Fictionalol", "m-dose": "10 mg",
           "m-prescriber": "Dr. Example"}  # fmt: skip
    bad = client.post(url, {**med, "m-started_on": "2999-01-01"})
    assert bad.status_code == 400 and "started_on" in bad.context["med_form"].errors
    ok = client.post(url, {**med, "m-started_on": "2025-01-01"})
    assert ok.status_code == 302
    medication = active_youth.medications.get()
    stop = reverse("services:medication_stop", args=[active_youth.pk, medication.pk])
    assert client.post(stop, {"stopped_on": "2024-01-01"}).status_code == 302
    medication.refresh_from_db()
    assert medication.stopped_on is None  # cannot stop before it started
    client.post(stop, {"stopped_on": "2025-02-01", "reason": "Side effects"})
    medication.refresh_from_db()
    assert medication.stopped_on == datetime.date(2025, 2, 1)
