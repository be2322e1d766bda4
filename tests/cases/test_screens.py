"""Who sees which youth on which screen; every permission test has its outsider twin."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import actions, youth_page
from cases.models import CaseAssignment, Contact, SafetyAlert, Youth
from chance.audit.models import AccessLog
from tests import factories


@pytest.fixture
def contact(youth, coordinator):
    return actions.contact_create(youth=youth, by=coordinator, kind="caseworker", name="Kay Worker")


@pytest.fixture
def alert(youth, coordinator):
    return actions.safety_alert_create(
        youth=youth,
        by=coordinator,
        kind="no_contact",
        summary="Known recruiter",
        person_name="'Fictional Ray'",
    )


def youth_urls(youth, contact, alert):
    """Every URL of this app that is about one youth."""
    team_row = CaseAssignment.objects.filter(youth=youth).first()
    return [
        reverse("cases:detail", args=[youth.pk]),
        reverse("cases:edit", args=[youth.pk]),
        reverse("cases:rerefer", args=[youth.pk]),
        reverse("cases:screening_start", args=[youth.pk]),
        reverse("cases:screening_decide", args=[youth.pk]),
        reverse("cases:admit", args=[youth.pk]),
        reverse("cases:track_change", args=[youth.pk]),
        reverse("cases:discharge", args=[youth.pk]),
        reverse("cases:team", args=[youth.pk]),
        reverse("cases:team_end", args=[youth.pk, team_row.pk]),
        reverse("cases:contact_add", args=[youth.pk]),
        reverse("cases:contact_edit", args=[youth.pk, contact.pk]),
        reverse("cases:alert_add", args=[youth.pk]),
        reverse("cases:alert_edit", args=[youth.pk, alert.pk]),
        reverse("cases:alert_resolve", args=[youth.pk, alert.pk]),
    ]


def test_outsider_clinician_gets_404_on_every_youth_url(login, clinician2, youth, contact, alert):
    client = login(clinician2)
    detail = reverse("cases:detail", args=[youth.pk])
    for url in youth_urls(youth, contact, alert):
        for method in (client.get, client.post):
            response = method(url)
            # The read-only overview refuses POST for any id alike (405), before any lookup.
            expected = 405 if (url, method) == (detail, client.post) else 404
            assert response.status_code == expected, (method.__name__, url)
            assert youth.record_number.encode() not in response.content
    assert Contact.objects.count() == 1 and SafetyAlert.objects.count() == 1
    assert youth.referrals.count() == 1


def test_team_clinician_opens_the_pages_of_their_youth(login, clinician, youth, contact, alert):
    client = login(clinician)
    for name in ("detail", "edit", "team", "contact_add", "alert_add"):
        assert client.get(reverse(f"cases:{name}", args=[youth.pk])).status_code == 200, name
    assert client.get(reverse("cases:contact_edit", args=[youth.pk, contact.pk])).status_code == 200


def test_team_clinician_cannot_run_lifecycle_or_team_steps(login, clinician, youth):
    client = login(clinician)
    assert client.post(reverse("cases:screening_start", args=[youth.pk])).status_code == 404
    assert client.get(reverse("cases:discharge", args=[youth.pk])).status_code == 404
    response = client.post(reverse("cases:team", args=[youth.pk]), {"role": "clinician"})
    assert response.status_code == 404
    youth.refresh_from_db()
    assert youth.status == Youth.Status.REFERRED


def test_team_clinician_edits_identity(login, clinician, youth):
    response = login(clinician).post(
        reverse("cases:edit", args=[youth.pk]),
        {
            "legal_first_name": "Renamed",
            "legal_last_name": "Youth",
            "date_of_birth": "2011-05-01",
            "language": "es",
            "custody_status": "dependency",
        },
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert (youth.legal_first_name, youth.language) == ("Renamed", "es")
    assert youth.history.first().history_user == clinician


def test_team_clinician_adds_and_resolves_an_alert(login, clinician, youth):
    client = login(clinician)
    response = client.post(
        reverse("cases:alert_add", args=[youth.pk]),
        {"kind": "runaway", "summary": "Left school twice this month"},
    )
    assert response.status_code == 302
    alert = SafetyAlert.objects.get(youth=youth)
    page = client.get(reverse("cases:team", args=[youth.pk]))
    assert b"Left school twice this month" in page.content  # banner on every youth page
    response = client.post(
        reverse("cases:alert_resolve", args=[youth.pk, alert.pk]), {"reason": "Settled"}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert not alert.active and alert.resolved_at


def test_supervisor_sees_supervised_youth_read_only(login, supervisor, youth, contact):
    client = login(supervisor)
    assert client.get(reverse("cases:detail", args=[youth.pk])).status_code == 200
    assert client.get(reverse("cases:contact_add", args=[youth.pk])).status_code == 404
    assert client.get(reverse("cases:edit", args=[youth.pk])).status_code == 404


def test_supervisor_does_not_see_a_youth_outside_their_teams(login, supervisor, coordinator):
    other = factories.refer_youth(by=coordinator, legal_first_name="Elsewhere")
    client = login(supervisor)
    assert client.get(reverse("cases:detail", args=[other.pk])).status_code == 404
    assert other.record_number.encode() not in client.get(reverse("cases:list")).content


def test_supervisor_manages_the_team_of_a_supervised_youth(login, supervisor, clinician2, youth):
    response = login(supervisor).post(
        reverse("cases:team", args=[youth.pk]),
        {"user": clinician2.pk, "role": "clinician"},
    )
    assert response.status_code == 302
    assert CaseAssignment.objects.filter(youth=youth, user=clinician2, ended_on=None).exists()


def test_coordinator_sees_demographics_but_not_clinical_tabs(
    login, coordinator, clinician, youth, monkeypatch
):
    clinical = youth_page.YouthTab(
        "clinical-test", "Clinical test tab", "cases:detail", perm="view_clinical"
    )
    monkeypatch.setitem(youth_page._TABS, clinical.key, clinical)
    page = login(coordinator).get(reverse("cases:detail", args=[youth.pk]))
    assert page.status_code == 200
    assert youth.legal_first_name.encode() in page.content
    assert b"Clinical test tab" not in page.content
    page = login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    assert b"Clinical test tab" in page.content


def test_coordinator_runs_the_lifecycle_through_the_forms(login, coordinator, youth):
    client = login(coordinator)
    assert client.post(reverse("cases:screening_start", args=[youth.pk])).status_code == 302
    response = client.post(
        reverse("cases:screening_decide", args=[youth.pk]), {"decision": "waitlist", "priority": 2}
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.status == Youth.Status.WAITLISTED
    waitlist = client.get(reverse("cases:waitlist"))
    assert youth.record_number.encode() in waitlist.content
    today = timezone.localdate().isoformat()
    assert (
        client.post(reverse("cases:admit", args=[youth.pk]), {"admitted_on": today}).status_code
        == 302
    )
    response = client.post(
        reverse("cases:discharge", args=[youth.pk]),
        {"discharged_on": today, "reason": "reunified", "confirm": "on"},
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.status == Youth.Status.DISCHARGED


def test_refused_step_shows_the_rule_and_changes_nothing(login, coordinator, youth):
    response = login(coordinator).post(
        reverse("cases:screening_decide", args=[youth.pk]), {"decision": "crt"}
    )
    assert response.status_code == 400
    assert b"only for a youth who is screening" in response.content
    youth.refresh_from_db()
    assert youth.status == Youth.Status.REFERRED


def test_waitlist_is_ordered_by_priority_then_date(login, coordinator):
    def waiting(priority):
        y = factories.refer_youth(by=coordinator)
        actions.youth_screening_start(youth=y, by=coordinator)
        actions.youth_screening_decide(
            youth=y, by=coordinator, decision="waitlist", priority=priority
        )
        return y

    first_low, urgent, second_low = waiting(3), waiting(1), waiting(3)
    content = login(coordinator).get(reverse("cases:waitlist")).content.decode()
    positions = [content.index(y.record_number) for y in (urgent, first_low, second_low)]
    assert positions == sorted(positions)


def test_waitlist_is_paginated_most_urgent_first(login, coordinator, monkeypatch):
    from cases import views

    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    waiting = []
    for priority in (2, 1, 3):
        y = factories.refer_youth(by=coordinator)
        actions.youth_screening_start(youth=y, by=coordinator)
        actions.youth_screening_decide(
            youth=y, by=coordinator, decision="waitlist", priority=priority
        )
        waiting.append(y)
    client = login(coordinator)
    first = client.get(reverse("cases:waitlist")).content.decode()
    second = client.get(reverse("cases:waitlist"), {"page": 2}).content.decode()
    assert "3 waiting" in first and "Less urgent" in first and "More urgent" in second
    assert waiting[1].record_number in first and waiting[0].record_number in first
    assert waiting[2].record_number in second and waiting[2].record_number not in first


def test_clinician_cannot_open_the_waitlist(login, clinician):
    assert login(clinician).get(reverse("cases:waitlist")).status_code == 403


def test_caseload_shows_only_my_youths(login, clinician, clinician2, coordinator, youth):
    other = factories.refer_youth(by=coordinator)
    actions.case_assignment_create(
        youth=other, user=clinician2, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    mine = login(clinician).get(reverse("cases:caseload")).content
    assert youth.record_number.encode() in mine
    assert other.record_number.encode() not in mine


def test_search_finds_by_alias_and_record_number(login, coordinator):
    y = factories.refer_youth(by=coordinator, aliases="Sparrow, Lil Bit")
    factories.refer_youth(by=coordinator, legal_first_name="Nomatch")
    client = login(coordinator)
    hits = client.get(reverse("cases:list"), {"q": "sparrow"}).content
    assert y.record_number.encode() in hits and b"Nomatch" not in hits
    hits = client.get(reverse("cases:list"), {"q": y.record_number}).content
    assert y.record_number.encode() in hits and b"Nomatch" not in hits
    filtered = client.get(reverse("cases:list"), {"status": "active"}).content
    assert y.record_number.encode() not in filtered


def test_list_ignores_an_unknown_status_filter(login, coordinator, youth):
    response = login(coordinator).get(reverse("cases:list"), {"status": "<script>", "page": "x"})
    assert response.status_code == 200
    assert youth.record_number.encode() in response.content


def test_viewing_a_youth_writes_an_access_row(login, coordinator, youth):
    login(coordinator).get(reverse("cases:team", args=[youth.pk]))
    row = AccessLog.objects.filter(youth_id=youth.pk).latest("id")
    assert (row.user, row.action) == (coordinator, AccessLog.Action.VIEWED)


def _caseload_of(n, *, clinician, coordinator):
    for _ in range(n):
        y = factories.refer_youth(by=coordinator)
        actions.case_assignment_create(
            youth=y, user=clinician, role=CaseAssignment.Role.CLINICIAN, by=coordinator
        )
        actions.safety_alert_create(youth=y, by=coordinator, kind="runaway", summary="Risk")


@pytest.mark.parametrize("n", [5, 50])
def test_caseload_queries_do_not_grow(
    n, login, clinician, coordinator, django_assert_max_num_queries
):
    _caseload_of(n, clinician=clinician, coordinator=coordinator)
    client = login(clinician)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:caseload"))
    assert response.content.count(b'<th scope="row"') == n


@pytest.mark.parametrize("n", [5, 50])
def test_youth_list_queries_do_not_grow(
    n, login, clinician, coordinator, supervisor, django_assert_max_num_queries
):
    _caseload_of(n, clinician=clinician, coordinator=coordinator)
    for user in (coordinator, supervisor):
        client = login(user)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("cases:list"))
        assert response.content.count(b'<th scope="row"') == n


@pytest.mark.parametrize("n", [5, 50])
def test_detail_queries_do_not_grow(
    n, login, clinician, coordinator, youth, django_assert_max_num_queries
):
    for i in range(n):
        actions.contact_create(youth=youth, by=coordinator, kind="other", name=f"Contact {i}")
        actions.safety_alert_create(youth=youth, by=coordinator, kind="medical", summary=f"A{i}")
    client = login(clinician)
    client.get(reverse("cases:detail", args=[youth.pk]))  # per-process lookups, once
    # 17 for the frame, record and timeline, and 5 for "At a glance": the next due work, the
    # current setting, the plan, the last contact and the latest scores (cases.glance).
    with django_assert_max_num_queries(22):
        response = client.get(reverse("cases:detail", args=[youth.pk]))
    assert response.status_code == 200


def test_detail_timeline_names_who_changed_the_youths_related_records(
    login, clinician, coordinator, youth
):
    actions.safety_alert_create(youth=youth, by=coordinator, kind="medical", summary="Asthma")
    actions.contact_create(youth=youth, by=coordinator, kind="other", name="Aunt")
    page = login(clinician).get(reverse("cases:detail", args=[youth.pk])).content.decode()
    timeline = page[page.index('id="timeline-heading"') :]
    rows = [r for r in timeline.split('<tr role="row">') if "</td>" in r]
    # Newest first: the contact, then the alert, both by the coordinator who made them.
    assert "Created contact" in rows[0] and str(coordinator) in rows[0]
    assert "Created safety alert" in rows[1] and str(coordinator) in rows[1]
    assert any("Created team assignment" in r for r in rows)
    assert any("Created youth record" in r for r in rows)


def test_supervisor_runs_lifecycle_steps_for_a_supervised_youth(login, supervisor, youth):
    response = login(supervisor).post(reverse("cases:screening_start", args=[youth.pk]))
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.status == Youth.Status.SCREENING


def test_supervisor_cannot_run_lifecycle_steps_for_other_youths(login, supervisor, coordinator):
    other = factories.refer_youth(by=coordinator)
    response = login(supervisor).post(reverse("cases:screening_start", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Youth.Status.REFERRED
