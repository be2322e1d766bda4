"""Staff training (Fla. Admin. Code 65C-43.005) recorded by a coordinator, and what is due."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chance.reminders import engine
from chance.reminders.models import Reminder
from chance.reminders.registry import get_rule
from placements import actions
from placements.models import TrainingRecord
from tests import factories

LIST = reverse("placements:staff_training_list")


def _detail(user):
    return reverse("placements:staff_training", args=[user.pk])


def _add(user):
    return reverse("placements:staff_training_add", args=[user.pk])


def _valid(**overrides):
    return {
        "course": "CSEC 101",
        "category": "specialized",
        "hours": "6",
        "completed_on": timezone.localdate().isoformat(),
        "expires_on": "",
    } | overrides


def _open_staff_reminder(user):
    engine.sweep_rule(get_rule("placements.staff_training"), timezone.now())
    return Reminder.objects.filter(
        rule="placements.staff_training", recipient=user, resolved_at__isnull=True
    ).exists()


def test_a_coordinator_records_staff_training_and_the_reminder_resolves(
    login, coordinator, clinician, youth
):
    assert _open_staff_reminder(clinician)  # on a case team with no training
    client = login(coordinator)
    page = client.get(LIST)
    assert page.status_code == 200
    assert _detail(clinician).encode() in page.content
    assert b"Overdue" in page.content and b"<caption>" in page.content
    assert clinician.email.encode() not in page.content  # names only

    page = client.get(_detail(clinician))
    assert page.status_code == 200 and b"No training recorded." in page.content
    assert _add(clinician).encode() in page.content
    assert client.get(_add(clinician)).status_code == 200

    response = client.post(_add(clinician), _valid())
    assert response.status_code == 302 and response["Location"] == _detail(clinician)
    record = TrainingRecord.objects.get(staff=clinician)
    assert (record.course, record.hours, record.caregiver) == ("CSEC 101", 6, None)
    assert record.recorded_by == coordinator
    last = record.history.latest()
    assert last.history_user == coordinator and last.history_change_reason == "Training recorded"

    page = client.get(_detail(clinician))
    assert b"CSEC 101" in page.content and b"Up to date" in page.content
    assert not _open_staff_reminder(clinician)


def test_staff_off_every_team_owe_training_before_a_first_case(login, coordinator, support):
    page = login(coordinator).get(_detail(support))
    assert b"before a first case" in page.content and b"Overdue" not in page.content


def test_a_quarterly_refresher_is_due_by_the_end_of_the_quarter(login, coordinator, support):
    # Qualified long ago; nothing yet this quarter.
    actions.training_record_add(
        by=coordinator,
        staff=support,
        course="CSEC 101",
        category="specialized",
        hours=6,
        completed_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    page = login(coordinator).get(_detail(support))
    assert b"1 h refresher by" in page.content


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"hours": "0"}, "hours", b"greater than or equal to 0.25"),
        ({"hours": ""}, "hours", b"This field is required."),
        ({"course": ""}, "course", b"This field is required."),
        ({"category": "nap"}, "category", b"Select a valid choice."),
        ({"completed_on": "2999-01-01"}, "completed_on", b"This cannot be in the future."),
        (
            {"completed_on": "2025-03-01", "expires_on": "2025-02-01"},
            "expires_on",
            b"It cannot expire before it was completed.",
        ),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_nothing_is_saved(
    login, coordinator, support, overrides, field, message
):
    response = login(coordinator).post(_add(support), _valid(**overrides))
    assert response.status_code == 200
    assert f'id="id_{field}_error"'.encode() in response.content
    assert message in response.content
    assert not TrainingRecord.objects.exists()


def test_a_supervisor_sees_what_is_due_but_cannot_record(login, supervisor, clinician, youth):
    client = login(supervisor)
    assert client.get(LIST).status_code == 200
    page = client.get(_detail(clinician))
    assert page.status_code == 200 and _add(clinician).encode() not in page.content
    assert client.get(_add(clinician)).status_code == 404
    assert client.post(_add(clinician), _valid()).status_code == 404
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize("persona", ["clinician", "support", "oncall", "admin_user"])
def test_outsiders_get_404_and_nothing_is_recorded(request, login, coordinator, persona):
    user = request.getfixturevalue(persona)
    client = login(user)
    for url in (LIST, _detail(coordinator), _add(coordinator)):
        assert client.get(url).status_code == 404, url
    assert client.post(_add(coordinator), _valid()).status_code == 404
    assert client.post(_add(user), _valid()).status_code == 404
    assert not TrainingRecord.objects.exists()
    assert LIST.encode() not in client.get(reverse("placements:home_list")).content


def test_only_program_staff_have_a_training_page(login, coordinator):
    nobody = factories.make_user("norole")
    gone = factories.make_user("gone", "Clinician", is_active=False)
    client = login(coordinator)
    for user in (nobody, gone):
        assert client.get(_detail(user)).status_code == 404
        assert client.post(_add(user), _valid()).status_code == 404
    assert not TrainingRecord.objects.exists()


def test_the_nav_links_staff_training_for_coordinators(login, coordinator):
    assert LIST.encode() in login(coordinator).get(reverse("placements:home_list")).content
