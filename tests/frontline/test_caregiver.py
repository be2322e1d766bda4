"""A foster caregiver signs in to the youth placed in their own home now (issue 19): preferred
name, age, safety plan, alerts and no-contact persons, the on-call line, appointments, their own
training. Never the record, its clinical pages or another home; not after the placement ends."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.models import SafetyAlert
from chance.access import Need, holds
from chance.accounts import roles
from chance.audit.models import AccessLog
from chance.notifications.models import Notification
from frontline import actions
from frontline.models import HomeNote, Incident
from placements import actions as placement_actions
from placements.models import MissingEpisode
from services import actions as service_actions
from tests import factories
from tests.frontline.conftest import link_caregiver
from tests.placements.conftest import make_active_youth, make_home

CARE_PAGES = ("frontline:care", "frontline:note_new", "frontline:incident_new")
RECORD_PAGES = (
    "cases:detail",
    "services:notes",
    "services:assessments",
    "services:oncall_youth",
    "placements:youth_missing",
    "frontline:at_home",
)


def _no_contact(youth, by):
    return case_actions.safety_alert_create(
        youth=youth,
        by=by,
        kind=SafetyAlert.Kind.NO_CONTACT,
        summary="Former recruiter",
        person_name="Dee Fictional",
    )


def test_the_caregiver_sees_what_a_foster_parent_needs_and_no_more(
    login, caregiver, coordinator, clinician, placed, settings
):
    settings.ONCALL_PHONE = "555-0199"
    _no_contact(placed, coordinator)
    service_actions.safety_plan_save(
        youth=placed,
        by=clinician,
        warning_signs="Goes quiet, packs a bag",
        coping_steps="Music, a walk",
        people_to_call="Foster parent, on-call",
        safe_places="Kitchen table",
    )
    client = login(caregiver)
    home = client.get(reverse("home")).content.decode()
    care = reverse("frontline:care", args=[placed.pk])
    assert care in home and "Runs at night" in home and "Dee Fictional" in home
    page = client.get(care)
    assert page.status_code == 200
    text = page.content.decode()
    for shown in ("Goes quiet, packs a bag", "Dee Fictional", "Runs at night", "tel:555-0199"):
        assert shown in text
    assert (placed.preferred_name or placed.legal_first_name) in text
    # Not the legal surname, not the record number, no link into the record.
    assert placed.record_number not in text and placed.legal_last_name not in text
    assert reverse("cases:detail", args=[placed.pk]) not in text
    assert AccessLog.objects.filter(
        user=caregiver, youth_id=placed.pk, action="viewed", reason__contains="caregiver"
    ).exists()


def test_the_record_and_its_clinical_pages_answer_404_to_the_caregiver(login, caregiver, placed):
    client = login(caregiver)
    for route in RECORD_PAGES:
        assert client.get(reverse(route, args=[placed.pk])).status_code == 404, route
    assert not holds(caregiver, placed.pk, Need.IDENTITY)
    assert not holds(caregiver, placed.pk, Need.CLINICAL)


def test_the_caregiver_of_another_home_gets_404(login, coordinator, placed):
    other = factories.make_user("caregiver2", roles.CAREGIVER)
    link_caregiver(make_home(by=coordinator, code="H-08"), other, coordinator)
    client = login(other)
    for route in CARE_PAGES:
        assert client.get(reverse(route, args=[placed.pk])).status_code == 404, route
    assert "No youth is placed in your home now." in client.get(reverse("home")).content.decode()
    assert AccessLog.objects.filter(user=other, youth_id=placed.pk, action="denied").exists()


def test_after_the_placement_ends_the_caregiver_gets_404(login, caregiver, coordinator, placed):
    client = login(caregiver)
    assert client.get(reverse("frontline:care", args=[placed.pk])).status_code == 200
    placement_actions.placement_end(
        placement=placed.placements.get(ended_on=None), by=coordinator, reason="Moved"
    )
    for route in CARE_PAGES:
        assert client.get(reverse(route, args=[placed.pk])).status_code == 404, route
    assert placed.legal_first_name not in client.get(reverse("home")).content.decode()


def test_an_inactive_caregiver_record_loses_the_youth(caregiver, coordinator, home, placed):
    assert holds(caregiver, placed.pk, Need.HOME_CARE)
    record = home.caregivers.get()
    record.active = False
    placement_actions.caregiver_save(caregiver=record, by=coordinator)
    assert not holds(caregiver, placed.pk, Need.HOME_CARE)


def test_staff_without_the_caregiver_role_get_nothing_from_a_caregiver_link(
    coordinator, home, placed
):
    """The link alone opens nothing: the role is needed too. A linked login whose caregiver
    role is taken away (the admin's user page) loses the home at once, and the link cannot be
    made to a login without the role (tests/frontline/test_caregiver_link.py)."""
    linked = factories.make_user("linked", roles.CAREGIVER)
    link_caregiver(home, linked, coordinator)
    assert holds(linked, placed.pk, Need.HOME_CARE)
    linked.groups.clear()
    linked = type(linked).objects.get(pk=linked.pk)  # a new request: no cached grants
    assert not holds(linked, placed.pk, Need.HOME_CARE)


def test_a_daily_note_is_saved_with_the_writer_and_read_by_the_team(
    login, caregiver, clinician, placed
):
    client = login(caregiver)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("frontline:note_new", args=[placed.pk]),
        {"day": today, "text": "Calm evening, homework done."},
    )
    assert response.status_code == 302
    note = HomeNote.objects.get(youth=placed)
    assert note.written_by == caregiver and note.history.get().history_user == caregiver
    assert "Calm evening" in client.get(response.url).content.decode()
    team = login(clinician).get(reverse("frontline:at_home", args=[placed.pk]))
    assert "Calm evening" in team.content.decode()


def test_a_bad_note_is_refused_next_to_the_field_and_the_text_kept(login, caregiver, placed):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = login(caregiver).post(
        reverse("frontline:note_new", args=[placed.pk]), {"day": tomorrow, "text": "Kept text"}
    )
    assert response.status_code == 400
    assert "Kept text" in response.content.decode()
    assert response.context["form"].errors["day"]
    assert not HomeNote.objects.exists()


def test_an_incident_tells_the_primary_clinician_and_the_oncall_in_shift(
    login, caregiver, clinician, oncall, shift_now, placed, django_capture_on_commit_callbacks
):
    off_shift = factories.make_user("oncall2", roles.ONCALL, roles.CLINICIAN)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(caregiver).post(
            reverse("frontline:incident_new", args=[placed.pk]),
            {
                "kind": Incident.Kind.SCHOOL,
                "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "description": "Fight at lunch; picked her up early.",
            },
        )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.reported_by == caregiver and incident.missing_episode is None
    told = {n.user for n in Notification.objects.all()}
    assert told == {clinician, oncall}
    assert off_shift not in told
    for n in Notification.objects.all():
        assert placed.legal_first_name not in n.subject and placed.record_number not in n.subject


def test_a_runaway_attempt_opens_the_missing_episode_in_the_same_step(
    login, caregiver, clinician, oncall, shift_now, placed, django_capture_on_commit_callbacks
):
    seen = timezone.localtime() - datetime.timedelta(minutes=20)
    client = login(caregiver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("frontline:incident_new", args=[placed.pk]),
            {
                "kind": Incident.Kind.RUNAWAY,
                "occurred_at": seen.strftime("%Y-%m-%dT%H:%M"),
                "description": "Window open, bed empty.",
                "open_missing": "on",
            },
        )
    assert response.status_code == 302
    episode = MissingEpisode.objects.get(youth=placed)
    assert episode.opened_by == caregiver and episode.returned_at is None
    assert Incident.objects.get().missing_episode == episode
    subjects = {(n.user, n.subject) for n in Notification.objects.all()}
    assert (oncall, "A youth in care is missing: you are on call") in subjects
    assert (oncall, "A foster home reported an incident") in subjects
    # The one with the 24-hour clock is the newest: on top of on-call's list.
    newest = Notification.objects.filter(user=oncall).first()
    assert newest.subject == "A youth in care is missing: you are on call"
    page = client.get(response.url)
    body = page.content.decode()
    assert "Reported missing" in body and "is reported missing and the team has been told" in body
    # What is left for the caregiver to do, as a warning, not a second "done".
    assert re.search(
        r'usa-alert--warning"><div class="usa-alert__body"><p class="usa-alert__text">'
        r"Report sent\. If you have not called the police yet, call 911 now\.",
        body,
    )
    # Reported missing now: the next report has nothing to open and does not offer it.
    form = client.get(reverse("frontline:incident_new", args=[placed.pk]))
    assert "open_missing" not in form.context["form"].fields


def test_only_a_runaway_attempt_opens_an_episode_and_nothing_is_half_saved(
    login, caregiver, placed
):
    response = login(caregiver).post(
        reverse("frontline:incident_new", args=[placed.pk]),
        {
            "kind": Incident.Kind.POLICE,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "description": "Officer came to the door.",
            "open_missing": "on",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["open_missing"]
    assert "Officer came to the door." in response.content.decode()
    assert not Incident.objects.exists() and not MissingEpisode.objects.exists()


def test_a_second_runaway_report_while_missing_is_refused_whole(caregiver, coordinator, placed):
    now = timezone.now()
    placement_actions.missing_episode_open(
        youth=placed, by=coordinator, last_seen_at=now - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        actions.incident_report(
            youth=placed,
            by=caregiver,
            kind=Incident.Kind.RUNAWAY,
            occurred_at=now - datetime.timedelta(minutes=5),
            description="Still gone",
            open_missing=True,
        )
    assert not Incident.objects.exists()


def test_the_actions_refuse_a_caregiver_of_another_home(coordinator, placed):
    other = factories.make_user("caregiver3", roles.CAREGIVER)
    link_caregiver(make_home(by=coordinator, code="H-09"), other, coordinator)
    with pytest.raises(ValidationError):
        actions.home_note_write(
            youth=placed, by=other, day=timezone.localdate(), text="Not my youth"
        )
    assert not HomeNote.objects.exists()


def test_the_caregiver_sees_their_own_training_and_what_is_due(login, caregiver):
    page = login(caregiver).get(reverse("home")).content.decode()
    assert "Your training" in page and "CSEC specialized caregiver training" in page
    assert "24 h" in page and "24.00" not in page  # hours as people write them
    assert "Your roles" not in page  # the office's wording; the page is the caregiver's own


def test_a_caregiver_cannot_join_a_case_team(caregiver, coordinator, placed):
    from cases.models import CaseAssignment

    with pytest.raises(ValidationError):
        case_actions.case_assignment_create(
            youth=placed, user=caregiver, role=CaseAssignment.Role.CLINICIAN, by=coordinator
        )


@pytest.mark.parametrize("n", [1, 3])
def test_the_caregiver_pages_run_flat_queries(
    n, login, caregiver, coordinator, clinician, placed, django_assert_max_num_queries
):
    for i in range(n):
        actions.home_note_write(
            youth=placed, by=caregiver, day=timezone.localdate(), text=f"Note {i}"
        )
        _no_contact(placed, coordinator)
    client = login(caregiver)
    client.get(reverse("home"))
    with django_assert_max_num_queries(16):
        client.get(reverse("home"))
    with django_assert_max_num_queries(18):
        assert client.get(reverse("frontline:care", args=[placed.pk])).status_code == 200


def test_a_youth_admitted_elsewhere_is_not_the_caregivers(login, caregiver, coordinator, placed):
    elsewhere = make_active_youth(by=coordinator)
    response = login(caregiver).get(reverse("frontline:care", args=[elsewhere.pk]))
    assert response.status_code == 404
