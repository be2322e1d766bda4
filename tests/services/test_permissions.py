"""Who may open the clinical pages of a youth: the team (and its supervisor) yes; everyone else
gets 404, as if the youth did not exist."""

import pytest
from django.urls import reverse

from chance.audit.models import AccessLog

TABS = ["assessments", "plans", "notes", "monitoring", "safety_plan", "psychiatric"]


@pytest.mark.parametrize("tab", TABS)
def test_team_clinician_and_supervisor_open_every_clinical_tab(
    tab, login, clinician, supervisor, active_youth
):
    url = reverse(f"services:{tab}", args=[active_youth.pk])
    assert login(clinician).get(url).status_code == 200
    assert login(supervisor).get(url).status_code == 200


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize(
    "persona", ["clinician2", "coordinator", "support", "oncall", "admin_user"]
)
def test_outsiders_get_404_on_every_clinical_tab(tab, persona, request, login, active_youth):
    user = request.getfixturevalue(persona)
    response = login(user).get(reverse(f"services:{tab}", args=[active_youth.pk]))
    assert response.status_code == 404
    assert active_youth.record_number.encode() not in response.content


def test_refusal_is_logged(login, clinician2, active_youth):
    login(clinician2).get(reverse("services:notes", args=[active_youth.pk]))
    row = AccessLog.objects.filter(youth_id=active_youth.pk).latest("id")
    assert row.action == AccessLog.Action.DENIED and row.user == clinician2


def test_supervisor_reads_but_cannot_write(login, supervisor, active_youth, therapy):
    assert (
        login(supervisor).get(reverse("services:note_new", args=[active_youth.pk])).status_code
        == 404
    )
    assert (
        login(supervisor).get(reverse("services:notes", args=[active_youth.pk])).status_code == 200
    )


def test_clinical_tabs_show_to_the_team_only(login, clinician, coordinator, active_youth):
    detail = reverse("cases:detail", args=[active_youth.pk])
    notes_url = reverse("services:notes", args=[active_youth.pk]).encode()
    assert notes_url in login(clinician).get(detail).content
    assert notes_url not in login(coordinator).get(detail).content


def test_unknown_youth_is_404(login, clinician, db):
    assert login(clinician).get("/services/youths/999999/notes/").status_code == 404
