import pytest
from django.urls import reverse

from cases import actions
from cases.models import CaseAssignment
from chance.accounts import roles
from chance.audit.models import AccessLog
from tests import factories


def test_team_clinician_sees_the_youth(login, clinician, youth):
    response = login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    assert response.status_code == 200
    assert youth.record_number.encode() in response.content


def test_outsider_clinician_gets_404_and_a_denial_row(login, clinician2, youth):
    response = login(clinician2).get(reverse("cases:detail", args=[youth.pk]))
    assert response.status_code == 404
    assert youth.record_number.encode() not in response.content
    row = AccessLog.objects.filter(youth_id=youth.pk).latest("id")
    assert row.action == AccessLog.Action.DENIED and row.user == clinician2


def test_the_clinicians_supervisor_sees_the_youth_without_a_team_row(login, supervisor, youth):
    # Supervision is computed from User.supervisor; nothing is copied onto the team.
    assert not CaseAssignment.objects.filter(youth=youth, user=supervisor).exists()
    assert login(supervisor).get(reverse("cases:detail", args=[youth.pk])).status_code == 200


def test_a_supervisor_of_no_one_on_the_team_gets_404(login, youth):
    other = factories.make_user("other-supervisor", roles.SUPERVISOR)
    assert login(other).get(reverse("cases:detail", args=[youth.pk])).status_code == 404


def test_ending_an_assignment_revokes_access(login, clinician, coordinator, youth):
    assignment = CaseAssignment.objects.get(youth=youth, user=clinician)
    actions.case_assignment_end(assignment=assignment, by=coordinator)
    assert login(clinician).get(reverse("cases:detail", args=[youth.pk])).status_code == 404


def test_authorised_view_writes_exactly_one_access_row(login, clinician, youth):
    before = AccessLog.objects.filter(youth_id=youth.pk).count()
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    rows = AccessLog.objects.filter(youth_id=youth.pk).order_by("id")[before:]
    assert [(r.action, r.user_id) for r in rows] == [(AccessLog.Action.VIEWED, clinician.pk)]


@pytest.mark.parametrize("pk", ["999999"])
def test_unknown_youth_is_404(login, clinician, pk, db):
    assert login(clinician).get(f"/youths/{pk}/").status_code == 404
