"""Caseload "next due" is what the rules find open now, not only what the last sweep wrote: a
youth admitted today shows her first assessment due within 7 days at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment, Referral
from chance.reminders.models import Reminder
from chance.reminders.selectors import next_due_by_youth
from tests import factories
from tests.reports.conftest import build_caseload


def admit_alone(coordinator, *, days_ago=0):
    """Referred and admitted to CRT ``days_ago`` days ago, nobody on the team yet."""
    received = timezone.now() - timedelta(days=days_ago, hours=1)
    youth = factories.refer_youth(by=coordinator, received_at=received)
    case_actions.youth_screening_start(youth=youth, by=coordinator)
    case_actions.youth_screening_decide(
        youth=youth,
        by=coordinator,
        decision=Referral.Decision.CRT,
        admitted_on=timezone.localdate() - timedelta(days=days_ago),
    )
    youth.refresh_from_db()
    return youth


def caseload_row(body, youth):
    start = body.index(youth.record_number)
    return body[start : body.index("</tr>", start)]


def test_newly_admitted_youth_shows_her_first_assessment_due_with_no_sweep(
    login, coordinator, clinician
):
    youth = admit_alone(coordinator)
    # The coordinator builds the team on the team page, as a user would.
    response = login(coordinator).post(
        f"/youths/{youth.pk}/team/",
        {"user": clinician.pk, "role": "primary_clinician", "started_on": youth.admitted_on},
    )
    assert response.status_code == 302
    assert not Reminder.objects.exists()  # no sweep has run
    due = youth.admitted_on + timedelta(days=7)
    client = login(clinician)
    for page in ("/", "/youths/caseload/"):  # the home page and My caseload say the same
        row = caseload_row(client.get(page).content.decode(), youth)
        assert "Initial assessment" in row, page
        assert f"Due {due:%b} {due.day}, {due.year}" in row, page
        assert "Nothing due" not in row and "Overdue" not in row, page


def test_work_past_its_date_reads_overdue_since(login, coordinator, clinician):
    youth = admit_alone(coordinator, days_ago=10)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    due = youth.admitted_on + timedelta(days=7)
    row = caseload_row(login(clinician).get("/").content.decode(), youth)
    assert f"Overdue since {due:%b} {due.day}, {due.year}" in row


def test_the_earliest_rule_wins_and_a_youth_with_no_open_work_has_nothing_due(
    coordinator, clinician
):
    active = admit_alone(coordinator)
    referred = factories.refer_youth(by=coordinator)  # the screening clock runs: 24 hours
    declined = factories.refer_youth(by=coordinator)
    case_actions.youth_screening_start(youth=declined, by=coordinator)
    case_actions.youth_screening_decide(
        youth=declined, by=coordinator, decision=Referral.Decision.DECLINED
    )
    due = next_due_by_youth([active.pk, referred.pk, declined.pk])
    assert due[active.pk].rule == "services.initial_assessment"
    assert due[active.pk].overdue is False
    assert due[referred.pk].rule == "cases.screening"
    assert declined.pk not in due  # nothing open: the row says "Nothing due"
    assert next_due_by_youth([]) == {}


def test_outsider_clinician_sees_no_row_of_a_youth_not_on_their_caseload(
    login, coordinator, clinician, clinician2
):
    youth = admit_alone(coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    body = login(clinician2).get("/").content.decode()
    assert youth.record_number not in body
    assert "Initial assessment" not in body


@pytest.mark.parametrize("n", [5, 60])
def test_caseload_next_due_stays_flat_with_many_youths(
    n, client, coordinator, clinician, django_assert_max_num_queries
):
    build_caseload(n, coordinator=coordinator, clinician=clinician, alert=False)
    client.force_login(clinician)
    with django_assert_max_num_queries(12) as queries:
        body = client.get("/").content.decode()
    assert body.count("Initial assessment") == n
    print(f"clinician home, {n} youths: {len(queries)} queries")
