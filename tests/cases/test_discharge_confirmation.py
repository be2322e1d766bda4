"""Discharge cannot be undone: the form says so and asks once; without the tick nothing
changes and what was typed stays; a user without the lifecycle grant is refused even with it."""

from django.urls import reverse
from django.utils import timezone

from cases import actions
from cases.models import Youth


def admitted(youth, coordinator):
    actions.youth_screening_start(youth=youth, by=coordinator)
    actions.youth_screening_decide(youth=youth, by=coordinator, decision="crt")
    youth.refresh_from_db()
    return youth


def data(**extra):
    return {
        "discharged_on": timezone.localdate().isoformat(),
        "reason": "reunified",
        "note": "Back with her aunt; school transfer arranged.",
        **extra,
    }


def test_discharge_without_the_tick_is_refused_and_keeps_the_note(login, coordinator, youth):
    youth = admitted(youth, coordinator)
    client = login(coordinator)
    url = reverse("cases:discharge", args=[youth.pk])
    page = client.get(url).content.decode()
    assert "the discharge cannot be undone" in page
    assert "I understand this cannot be undone." in page
    response = client.post(url, data())
    body = response.content.decode()
    assert 'id="id_confirm_error"' in body
    assert "school transfer arranged" in body
    youth.refresh_from_db()
    assert youth.status == Youth.Status.ACTIVE
    assert client.post(url, data(confirm="on")).status_code == 302
    youth.refresh_from_db()
    assert youth.status == Youth.Status.DISCHARGED


def test_a_clinician_cannot_discharge_even_with_the_tick(login, coordinator, clinician, youth):
    youth = admitted(youth, coordinator)
    response = login(clinician).post(
        reverse("cases:discharge", args=[youth.pk]), data(confirm="on")
    )
    assert response.status_code in (403, 404)
    youth.refresh_from_db()
    assert youth.status == Youth.Status.ACTIVE
