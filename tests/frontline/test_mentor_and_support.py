"""The survivor mentor sees the youths they mentor (preferred name, age, alerts) and logs their
own sessions; home support staff keep the visit log of the home they support; the team reads
it all on the youth's "At home" tab (issue 19). Each with the outsider who must be refused."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.access import Need, holds
from chance.accounts import roles
from frontline import actions
from frontline.models import Appointment, HomeVisit, MentoringSession
from placements import actions as placement_actions
from tests import factories
from tests.placements.conftest import make_active_youth, make_home


def _session(client, youth, **data):
    return client.post(
        reverse("frontline:mentoring", args=[youth.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "minutes": "60",
            "activity": "Walk and talk",
            **data,
        },
    )


def test_the_mentor_sees_their_mentee_and_logs_a_session(login, mentor, mentoring, placed):
    client = login(mentor)
    home = client.get(reverse("home")).content.decode()
    assert reverse("frontline:mentoring", args=[placed.pk]) in home and "Runs at night" in home
    assert placed.record_number not in home and placed.legal_last_name not in home
    response = _session(client, placed, notes="Talked about school.")
    assert response.status_code == 302
    session = MentoringSession.objects.get()
    assert session.mentor == mentor and session.history.get().history_user == mentor
    page = client.get(response.url).content.decode()
    assert "Talked about school." in page and placed.record_number not in page


def test_the_mentor_reaches_nothing_of_the_record(login, mentor, mentoring, placed):
    client = login(mentor)
    for route in ("cases:detail", "services:notes", "services:oncall_youth", "frontline:care"):
        assert client.get(reverse(route, args=[placed.pk])).status_code == 404, route
    assert not holds(mentor, placed.pk, Need.IDENTITY)


def test_a_mentor_of_another_youth_gets_404(login, coordinator, supervisor, mentoring, placed):
    other_youth = make_active_youth(by=coordinator)
    other = factories.make_user("mentor2", roles.MENTOR, supervisor=supervisor)
    case_actions.case_assignment_create(
        youth=other_youth, user=other, role=CaseAssignment.Role.MENTOR, by=coordinator
    )
    client = login(other)
    assert client.get(reverse("frontline:mentoring", args=[placed.pk])).status_code == 404
    assert _session(client, placed).status_code == 404
    assert not MentoringSession.objects.exists()
    assert client.get(reverse("frontline:mentoring", args=[other_youth.pk])).status_code == 200


def test_the_mentor_sees_only_their_own_sessions(login, coordinator, mentor, mentoring, placed):
    second = factories.make_user("mentor3", roles.MENTOR)
    case_actions.case_assignment_create(
        youth=placed, user=second, role=CaseAssignment.Role.MENTOR, by=coordinator
    )
    actions.mentoring_session_log(
        youth=placed, by=second, held_on=timezone.localdate(), minutes=30, activity="Other mentor"
    )
    page = login(mentor).get(reverse("frontline:mentoring", args=[placed.pk]))
    assert "Other mentor" not in page.content.decode()


def test_when_the_mentoring_ends_so_does_the_access(login, coordinator, mentor, mentoring, placed):
    case_actions.case_assignment_end(assignment=mentoring, by=coordinator)
    assert login(mentor).get(reverse("frontline:mentoring", args=[placed.pk])).status_code == 404


def test_only_a_survivor_mentor_can_mentor(coordinator, clinician, placed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        case_actions.case_assignment_create(
            youth=placed, user=clinician, role=CaseAssignment.Role.MENTOR, by=coordinator
        )


def test_a_bad_session_is_refused_next_to_the_field(login, mentor, mentoring, placed):
    response = _session(login(mentor), placed, minutes="2", notes="Kept")
    assert response.status_code == 400 and response.context["form"].errors["minutes"]
    assert "Kept" in response.content.decode() and not MentoringSession.objects.exists()


def test_support_staff_log_a_visit_to_the_home_they_support(
    login, support, coordinator, clinician, home, placed
):
    placement_actions.support_assignment_create(home=home, user=support, by=coordinator)
    client = login(support)
    visits = reverse("frontline:visits", args=[placed.pk])
    assert visits in client.get(reverse("home")).content.decode()
    response = client.post(
        visits,
        {
            "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "notes": "Homework together.",
        },
    )
    assert response.status_code == 302
    visit = HomeVisit.objects.get()
    assert (visit.visited_by, visit.home) == (support, home)
    assert "Homework together." in client.get(visits).content.decode()
    team = login(clinician).get(reverse("frontline:at_home", args=[placed.pk]))
    assert "Homework together." in team.content.decode()


def test_support_staff_of_another_home_get_404_on_the_visit_log(login, coordinator, placed):
    other = factories.make_user("support9", roles.SUPPORT)
    placement_actions.support_assignment_create(
        home=make_home(by=coordinator, code="H-18"), user=other, by=coordinator
    )
    client = login(other)
    assert client.get(reverse("frontline:visits", args=[placed.pk])).status_code == 404
    assert not HomeVisit.objects.exists()


def test_the_team_schedules_an_appointment_the_home_sees(login, clinician, caregiver, placed):
    starts = timezone.localtime() + timezone.timedelta(days=2)
    response = login(clinician).post(
        reverse("frontline:appointment_new", args=[placed.pk]),
        {
            "kind": Appointment.Kind.DENTAL,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "place": "Fictional Dental, 2nd floor",
            "note": "Bring the insurance card.",
        },
    )
    assert response.status_code == 302
    care = login(caregiver).get(reverse("frontline:care", args=[placed.pk])).content.decode()
    assert "Fictional Dental, 2nd floor" in care and "Bring the insurance card." in care


def test_who_may_not_schedule_is_refused(login, oncall, shift_now, placed):
    """The on-call clinician in shift reads the tab (the safety essentials) but does not
    schedule for a youth off their caseload."""
    client = login(oncall)
    page = client.get(reverse("frontline:at_home", args=[placed.pk]))
    assert page.status_code == 200 and "Add an appointment" not in page.content.decode()
    response = client.post(reverse("frontline:appointment_new", args=[placed.pk]), {})
    assert response.status_code == 404 and not Appointment.objects.exists()


def test_mentoring_sessions_on_the_tab_are_for_the_clinical_team_only(
    login, mentor, mentoring, clinician, support, coordinator, home, placed
):
    actions.mentoring_session_log(
        youth=placed, by=mentor, held_on=timezone.localdate(), minutes=45, activity="Baking day"
    )
    tab = reverse("frontline:at_home", args=[placed.pk])
    assert "Baking day" in login(clinician).get(tab).content.decode()
    placement_actions.support_assignment_create(home=home, user=support, by=coordinator)
    page = login(support).get(tab)
    assert page.status_code == 200 and "Baking day" not in page.content.decode()


@pytest.mark.parametrize("n", [1, 4])
def test_the_at_home_tab_and_mentor_home_run_flat_queries(
    n, login, clinician, mentor, mentoring, caregiver, placed, django_assert_max_num_queries
):
    for i in range(n):
        actions.home_note_write(youth=placed, by=caregiver, day=timezone.localdate(), text=f"N{i}")
        actions.mentoring_session_log(
            youth=placed, by=mentor, held_on=timezone.localdate(), minutes=30, activity=f"A{i}"
        )
    tab = reverse("frontline:at_home", args=[placed.pk])
    client = login(clinician)
    client.get(tab)
    with django_assert_max_num_queries(24):
        assert client.get(tab).status_code == 200
    client = login(mentor)
    client.get(reverse("home"))
    with django_assert_max_num_queries(14):
        client.get(reverse("home"))
