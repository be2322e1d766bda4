"""Coordinator journeys through the real forms: bad input is answered next to the field."""

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Home, Placement


def test_add_a_home_with_bad_input_keeps_it_and_says_why(login, coordinator):
    client = login(coordinator)
    assert client.get(reverse("placements:home_new")).status_code == 200
    data = {"code": "house 7", "status": "certified", "address": "1 Kept Road", "phone": ""}
    response = client.post(reverse("placements:home_new"), data)
    assert response.status_code == 200
    assert b"Use the form H-07" in response.content and b"1 Kept Road" in response.content
    data |= {
        "code": "H-31",
        "certified_on": "2026-01-01",
        "license_expires_on": "2099-01-01",
        "other_foster_children": 0,
    }
    response = client.post(reverse("placements:home_new"), data)
    assert response.status_code == 302
    assert Home.objects.get(code="H-31")._address == "1 Kept Road"


@pytest.mark.parametrize("persona", ["clinician", "supervisor", "support"])
def test_only_coordinators_add_homes(request, login, persona):
    response = login(request.getfixturevalue(persona)).get(reverse("placements:home_new"))
    assert response.status_code == 404


def test_record_end_and_list_a_placement(login, coordinator, stfc_youth):
    client = login(coordinator)
    new = reverse("placements:placement_new", args=[stfc_youth.pk])
    response = client.post(new, {"setting": "stfc", "started_on": timezone.localdate()})
    assert response.status_code == 200 and b"Choose the STFC home" in response.content
    response = client.post(
        new,
        {"setting": "shelter", "provider": "Fictional", "started_on": timezone.localdate()},
    )
    assert response.status_code == 302
    placement = Placement.objects.get(youth=stfc_youth)
    end = reverse("placements:placement_end", args=[placement.pk])
    assert client.post(end, {"ended_on": timezone.localdate(), "reason": ""}).status_code == 200
    assert client.post(end, {"ended_on": timezone.localdate(), "reason": "Done"}).status_code == 302
    page = client.get(reverse("placements:youth_placements", args=[stfc_youth.pk]))
    assert page.status_code == 200 and b"Done" in page.content
    assert client.get(reverse("placements:youth_missing", args=[stfc_youth.pk])).status_code == 200


def test_team_clinician_sees_the_tabs_but_cannot_place(login, clinician, clinician2, stfc_youth):
    client = login(clinician)
    assert (
        client.get(reverse("placements:youth_placements", args=[stfc_youth.pk])).status_code == 200
    )
    assert client.get(reverse("placements:youth_missing", args=[stfc_youth.pk])).status_code == 200
    assert client.get(reverse("placements:placement_new", args=[stfc_youth.pk])).status_code == 404
    outsider = login(clinician2)
    for name in ("youth_placements", "youth_missing"):
        assert outsider.get(reverse(f"placements:{name}", args=[stfc_youth.pk])).status_code == 404


def test_home_detail_for_coordinator_shows_ledger(login, coordinator, home):
    response = login(coordinator).get(reverse("placements:home_detail", args=[home.pk]))
    assert response.status_code == 200
    assert b"CSEC specialized caregiver training" in response.content
    assert b"12 Fictional Lane" not in response.content  # the address has its own page
