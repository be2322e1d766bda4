"""Court hearings: recorded through the action, shown on the youth's Court tab, the outcome
only to case managers and the clinical team, the form's dates checked next to the field."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import actions
from cases.models import CaseAssignment, CourtHearing

pytestmark = pytest.mark.django_db


def _hearing(youth, by, **overrides):
    values = {
        "kind": CourtHearing.Kind.JUDICIAL_REVIEW,
        "held_at": timezone.now() + datetime.timedelta(days=30),
        "court": "Fictional Circuit Court",
        "judge": "Judge Fiction",
        "outcome": "Placement continued; next review set.",
    }
    values.update(overrides)
    return actions.court_hearing_save(youth=youth, by=by, **values)


def _form(**overrides):
    data = {
        "kind": "judicial_review",
        "held_at": (timezone.localtime() + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        "court": "Fictional Circuit Court",
        "judge": "",
        "outcome": "",
        "next_hearing_on": "",
    }
    data.update(overrides)
    return data


def test_the_action_keeps_every_version(youth, coordinator, clinician):
    hearing = _hearing(youth, coordinator)
    actions.court_hearing_save(
        youth=youth,
        by=clinician,
        hearing=hearing,
        kind=hearing.kind,
        held_at=hearing.held_at,
        court="Fictional Circuit Court, Courtroom 4",
    )
    versions = list(hearing.history.order_by("history_id"))
    assert [v.court for v in versions] == [
        "Fictional Circuit Court",
        "Fictional Circuit Court, Courtroom 4",
    ]
    assert [v.history_user for v in versions] == [coordinator, clinician]
    assert versions[-1].history_change_reason == "Court hearing updated"


def test_the_coordinator_records_a_hearing_through_the_form(login, youth, coordinator):
    client = login(coordinator)
    response = client.post(reverse("cases:court_hearing_add", args=[youth.pk]), _form())
    assert response.status_code == 302
    hearing = CourtHearing.objects.get(youth=youth)
    assert hearing.court == "Fictional Circuit Court"
    assert hearing.recorded_by == coordinator


def test_a_hearing_in_year_1_gets_a_message_next_to_the_date(login, youth, coordinator):
    client = login(coordinator)
    response = client.post(
        reverse("cases:court_hearing_add", args=[youth.pk]), _form(held_at="0001-05-01T09:00")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["held_at"]
    assert not CourtHearing.objects.exists()


def test_a_next_hearing_before_this_one_is_refused_on_its_field(login, youth, clinician):
    client = login(clinician)
    held = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("cases:court_hearing_add", args=[youth.pk]),
        _form(next_hearing_on=(held - datetime.timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 400
    assert "next_hearing_on" in response.context["form"].errors
    assert not CourtHearing.objects.exists()


def test_the_team_sees_the_outcome(login, youth, coordinator, clinician):
    _hearing(youth, coordinator)
    for user in (coordinator, clinician):
        response = login(user).get(reverse("cases:court", args=[youth.pk]))
        assert response.status_code == 200
        assert "Placement continued" in response.content.decode()


def test_support_staff_see_the_date_not_the_outcome(login, youth, coordinator, support):
    actions.case_assignment_create(
        youth=youth, user=support, role=CaseAssignment.Role.SUPPORT_STAFF, by=coordinator
    )
    _hearing(youth, coordinator)
    response = login(support).get(reverse("cases:court", args=[youth.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fictional Circuit Court" in page
    assert "Placement continued" not in page
    add = login(support).get(reverse("cases:court_hearing_add", args=[youth.pk]))
    assert add.status_code == 403


def test_outsider_gets_404(login, youth, coordinator, clinician2):
    hearing = _hearing(youth, coordinator)
    client = login(clinician2)
    assert client.get(reverse("cases:court", args=[youth.pk])).status_code == 404
    edit = reverse("cases:court_hearing_edit", args=[youth.pk, hearing.pk])
    assert client.get(edit).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "clinician"])
def test_the_court_tab_makes_as_many_queries_for_8_hearings_as_for_2(
    login, youth, coordinator, clinician, persona, django_assert_num_queries
):
    """Judicial reviews with their reports and other hearings: the tab's query count does not
    depend on how many there are. The clinician is shown each review's report link too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from services import actions as services_actions

    client = login({"coordinator": coordinator, "clinician": clinician}[persona])
    page = reverse("cases:court", args=[youth.pk])

    def add_hearings(total):
        while CourtHearing.objects.filter(youth=youth).count() < total:
            n = CourtHearing.objects.count()
            review = _hearing(youth, coordinator, held_at=timezone.now() + datetime.timedelta(n))
            services_actions.judicial_review_report_save(
                hearing=review, recommendations="Continue the placement.", by=clinician
            )
            _hearing(
                youth,
                clinician,
                kind=CourtHearing.Kind.PERMANENCY,
                held_at=timezone.now() - datetime.timedelta(days=n + 1),
                next_hearing_on=timezone.localdate() + datetime.timedelta(days=n + 40),
            )
        client.get(page)  # the session's caches warmed, as on any later visit

    def shown(response, total):
        assert response.status_code == 200
        text = response.content.decode()
        assert text.count("Edit hearing") == total
        assert text.count("Judicial review report") == (total // 2 if persona == "clinician" else 0)

    add_hearings(2)
    with CaptureQueriesContext(connection) as two:
        shown(client.get(page), 2)
    queries = len(two.captured_queries)  # now: the next request's end empties the log
    add_hearings(8)
    with django_assert_num_queries(queries):
        shown(client.get(page), 8)
