"""Signing a note, finalizing an assessment and approving a plan cannot be undone: each page says
what gets locked and asks once; the server refuses the step without the tick, next to the box,
with everything typed still on the page; a user without the grant is refused even with it."""

import datetime

from django.urls import reverse
from django.utils import timezone

from services import actions
from services.models import Assessment, ProgressNote, TreatmentPlan

from .conftest import CRAFFT_NEGATIVE
from .test_plans import build_plan

UNDERSTAND = "I understand this cannot be undone."


def note_data(service_type, **extra):
    when = timezone.localtime() - datetime.timedelta(hours=2)
    return {
        "service_type": service_type.pk,
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "minutes": 45,
        "setting": "home",
        "text": "Talked about the week at school; youth named two safe adults.",
        "action": "sign",
        **extra,
    }


def test_the_note_form_says_what_signing_locks(login, clinician, active_youth):
    page = login(clinician).get(reverse("services:note_new", args=[active_youth.pk]))
    body = page.content.decode()
    assert "Once signed, this note can no longer be edited" in body
    assert UNDERSTAND in body


def test_signing_without_the_tick_is_refused_and_keeps_the_text(
    login, clinician, active_youth, therapy
):
    url = reverse("services:note_new", args=[active_youth.pk])
    response = login(clinician).post(url, note_data(therapy))
    assert response.status_code == 400
    assert response.context["form"].errors["confirm"]
    body = response.content.decode()
    assert 'id="id_confirm_error"' in body  # the message sits next to the box
    assert "named two safe adults" in body
    assert not ProgressNote.objects.exists()


def test_a_draft_needs_no_tick_and_signing_with_it_signs(login, clinician, active_youth, therapy):
    client = login(clinician)
    url = reverse("services:note_new", args=[active_youth.pk])
    assert client.post(url, note_data(therapy, action="draft")).status_code == 302
    note = ProgressNote.objects.get()
    assert not note.is_signed
    detail = reverse("services:note_detail", args=[active_youth.pk, note.pk])
    assert client.post(detail, note_data(therapy)).status_code == 400
    note.refresh_from_db()
    assert not note.is_signed
    assert client.post(detail, note_data(therapy, confirm="on")).status_code == 302
    note.refresh_from_db()
    assert note.is_signed


def test_a_clinician_off_the_team_cannot_sign_even_with_the_tick(
    login, clinician, clinician2, active_youth, therapy
):
    note = actions.note_save(
        youth=active_youth, service_type=therapy, by=clinician, text="Draft", minutes=30,
        setting="office", occurred_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    client = login(clinician2)
    detail = reverse("services:note_detail", args=[active_youth.pk, note.pk])
    assert client.post(detail, note_data(therapy, confirm="on")).status_code == 404
    new = reverse("services:note_new", args=[active_youth.pk])
    assert client.post(new, note_data(therapy, confirm="on")).status_code == 404
    note.refresh_from_db()
    assert not note.is_signed and ProgressNote.objects.count() == 1


def crafft_data(**extra):
    data = {"administered_on": timezone.localdate().isoformat(), "action": "final"}
    data.update({f"item_{k}": v for k, v in CRAFFT_NEGATIVE.items()})
    data["comments"] = "Youth answered every question."
    return {**data, **extra}


def test_finalizing_an_assessment_asks_once(login, clinician, active_youth, crafft):
    client = login(clinician)
    url = reverse("services:assessment_new", args=[active_youth.pk, crafft.pk])
    assert "answers and scores of this assessment are locked" in client.get(url).content.decode()
    response = client.post(url, crafft_data())
    assert response.status_code == 400 and response.context["form"].errors["confirm"]
    assert "Youth answered every question." in response.content.decode()
    assert not Assessment.objects.exists()
    assert client.post(url, crafft_data(confirm="on")).status_code == 302
    assert Assessment.objects.get().is_final


def test_an_outsider_cannot_finalize_even_with_the_tick(login, clinician2, active_youth, crafft):
    url = reverse("services:assessment_new", args=[active_youth.pk, crafft.pk])
    assert login(clinician2).post(url, crafft_data(confirm="on")).status_code == 404
    assert not Assessment.objects.exists()


def test_approving_a_plan_says_what_it_locks_and_asks_once(
    login, clinician, supervisor, active_youth, therapy
):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    client = login(supervisor)
    page = client.get(reverse("services:plan_detail", args=[active_youth.pk, plan.pk]))
    assert "Once approved, this plan is the youth&#x27;s plan of record" in page.content.decode()
    url = reverse("services:plan_transition", args=[active_youth.pk, plan.pk, "approve"])
    response = client.post(url)
    assert response.status_code == 400 and response.context["approve_form"].errors["confirm"]
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.PENDING
    assert client.post(url, {"confirm": "on"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.APPROVED


def test_the_author_cannot_approve_even_with_the_tick(login, clinician, active_youth, therapy):
    plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
    url = reverse("services:plan_transition", args=[active_youth.pk, plan.pk, "approve"])
    assert login(clinician).post(url, {"confirm": "on"}).status_code == 404
    plan.refresh_from_db()
    assert plan.status == TreatmentPlan.Status.PENDING
