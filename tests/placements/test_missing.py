"""Missing episodes: the 24-hour reporting clock (P.L. 113-183), reports, return, who may open."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Youth
from chance.accounts import roles
from placements import actions
from placements.clock import report_clock
from placements.models import AlarmEvent, MissingEpisode, Placement
from tests import factories

T0 = datetime.datetime(2026, 3, 10, 22, 0, tzinfo=datetime.UTC)


@pytest.fixture
def placed(coordinator, home, stfc_youth):
    return actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )


def test_reports_are_due_24_hours_after_last_seen(coordinator, stfc_youth):
    episode = actions.missing_episode_open(
        youth=stfc_youth, by=coordinator, last_seen_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert episode.reports_due_at == episode.last_seen_at + datetime.timedelta(hours=24)
    with time_machine.travel(episode.last_seen_at + datetime.timedelta(hours=20), tick=False):
        le, ncmec = report_clock(episode)
        assert le.state == "due" and le.words == "4 hours left"
    with time_machine.travel(
        episode.last_seen_at + datetime.timedelta(hours=26, minutes=30), tick=False
    ):
        le, ncmec = report_clock(episode)
        assert le.state == ncmec.state == "overdue"
        assert le.words == "overdue by 2 hours 30 minutes"


def test_reports_made_in_time_and_late(coordinator, stfc_youth):
    with time_machine.travel(T0, tick=False):
        episode = actions.missing_episode_open(
            youth=stfc_youth, by=coordinator, last_seen_at=T0 - datetime.timedelta(hours=2)
        )
    with time_machine.travel(T0 + datetime.timedelta(hours=3), tick=False):
        actions.missing_episode_report_law_enforcement(
            episode=episode,
            by=coordinator,
            reported_at=timezone.now(),
            officer_name="Officer Fictional",
            officer_badge="0000",
            ncic_number="M000000000",
        )
    with time_machine.travel(T0 + datetime.timedelta(hours=30), tick=False):
        actions.missing_episode_report_ncmec(
            episode=episode, by=coordinator, reported_at=timezone.now(), case_number="0000000"
        )
        episode.refresh_from_db()
        le, ncmec = report_clock(episode)
    assert le.state == "done" and ncmec.state == "done late"
    assert ncmec.words == "made 8 hours late"


def test_return_debrief_and_screening(coordinator, stfc_youth):
    last_seen = timezone.now() - datetime.timedelta(days=3)
    episode = actions.missing_episode_open(youth=stfc_youth, by=coordinator, last_seen_at=last_seen)
    with pytest.raises(ValidationError):
        actions.missing_episode_debrief(episode=episode, by=coordinator, debrief_at=timezone.now())
    returned = last_seen + datetime.timedelta(days=1)
    actions.missing_episode_return(episode=episode, by=coordinator, returned_at=returned)
    actions.missing_episode_debrief(
        episode=episode, by=coordinator, debrief_at=returned + datetime.timedelta(hours=5)
    )
    actions.missing_episode_screening(
        episode=episode,
        by=coordinator,
        screened_at=returned + datetime.timedelta(hours=6),
        result="No new indicators",
    )
    episode.refresh_from_db()
    assert episode.debrief_at and episode.screening_at and not episode.is_open
    assert report_clock(episode)[2].state == "done"


def test_one_open_episode_per_youth_and_no_future_last_seen(coordinator, stfc_youth):
    with pytest.raises(ValidationError):
        actions.missing_episode_open(
            youth=stfc_youth,
            by=coordinator,
            last_seen_at=timezone.now() + datetime.timedelta(hours=1),
        )
    actions.missing_episode_open(youth=stfc_youth, by=coordinator, last_seen_at=timezone.now())
    with pytest.raises(ValidationError) as excinfo:
        actions.missing_episode_open(youth=stfc_youth, by=coordinator, last_seen_at=timezone.now())
    assert "already has an open missing episode" in " ".join(excinfo.value.messages)


def test_an_unauthorized_exit_alarm_opens_an_episode_in_one_step(login, coordinator, home, placed):
    event = actions.alarm_event_record(
        home=home,
        kind=AlarmEvent.Kind.UNAUTHORIZED_EXIT,
        occurred_at=timezone.now() - datetime.timedelta(minutes=10),
        by=coordinator,
    )
    response = login(coordinator).post(reverse("placements:alarm_open_episode", args=[event.pk]))
    episode = MissingEpisode.objects.get(youth=placed.youth)
    assert response.status_code == 302 and response.url.endswith(f"/missing/{episode.pk}/")
    event.refresh_from_db()
    assert event.missing_episode == episode and episode.placement == placed
    assert episode.last_seen_at == event.occurred_at


def test_support_staff_report_missing_for_youths_in_their_home(
    login, coordinator, support, home, placed
):
    actions.support_assignment_create(home=home, user=support, by=coordinator)
    url = reverse("placements:missing_new", args=[placed.youth_id])
    client = login(support)
    assert client.get(url).status_code == 200
    last_seen = timezone.localtime() - datetime.timedelta(hours=1)
    response = client.post(url, {"last_seen_at": last_seen.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    episode = MissingEpisode.objects.get(youth=placed.youth)
    page = client.get(reverse("placements:episode_detail", args=[episode.pk]))
    assert page.status_code == 200 and b"left" in page.content


def test_support_staff_of_another_home_get_404(login, placed):
    other = factories.make_user("support2", roles.SUPPORT)
    url = reverse("placements:missing_new", args=[placed.youth_id])
    assert login(other).get(url).status_code == 404


def test_oncall_in_shift_opens_for_any_active_youth_but_not_others(
    login, coordinator, oncall, shift_now, stfc_youth
):
    client = login(oncall)
    assert client.get(reverse("placements:missing_new", args=[stfc_youth.pk])).status_code == 200
    referred = factories.refer_youth(by=coordinator)
    assert referred.status == Youth.Status.REFERRED
    assert client.get(reverse("placements:missing_new", args=[referred.pk])).status_code == 404


def test_oncall_out_of_shift_cannot_open_one(login, oncall, stfc_youth):
    url = reverse("placements:missing_new", args=[stfc_youth.pk])
    assert login(oncall).get(url).status_code == 404


def test_outsider_clinician_cannot_open_or_see_an_episode(
    login, coordinator, clinician, clinician2, stfc_youth
):
    episode = actions.missing_episode_open(
        youth=stfc_youth, by=coordinator, last_seen_at=timezone.now()
    )
    url = reverse("placements:episode_detail", args=[episode.pk])
    assert login(clinician).get(url).status_code == 200
    assert login(clinician2).get(url).status_code == 404
    assert (
        login(clinician2).get(reverse("placements:missing_new", args=[stfc_youth.pk])).status_code
        == 404
    )


def test_a_bad_report_form_keeps_the_input_and_says_why(login, coordinator, stfc_youth):
    episode = actions.missing_episode_open(
        youth=stfc_youth, by=coordinator, last_seen_at=timezone.now()
    )
    yesterday = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = login(coordinator).post(
        reverse("placements:episode_update", args=[episode.pk, "law-enforcement"]),
        {"law-enforcement-reported_at": yesterday, "law-enforcement-officer_name": "X Y"},
    )
    assert response.status_code == 400
    assert b"cannot precede the last sighting" in response.content and b"X Y" in response.content


def test_oncall_in_shift_follows_the_episode_logged_with_the_shift_as_reason(
    login, coordinator, oncall, shift_now, clinician2, stfc_youth
):
    from chance.audit.models import AccessLog

    episode = actions.missing_episode_open(
        youth=stfc_youth, by=coordinator, last_seen_at=timezone.now()
    )
    url = reverse("placements:episode_detail", args=[episode.pk])
    page = login(oncall).get(url)
    assert page.status_code == 200
    # Identity and safety essentials only: no clinical tab to a dead end.
    assert reverse("services:notes", args=[stfc_youth.pk]).encode() not in page.content
    row = AccessLog.objects.filter(youth_id=stfc_youth.pk, user=oncall).latest("id")
    assert row.action == AccessLog.Action.VIEWED and row.reason == "On-call shift"
    # The outsider twin: a clinician off the team is refused, and the refusal is logged.
    assert login(clinician2).get(url).status_code == 404
    row = AccessLog.objects.filter(youth_id=stfc_youth.pk, user=clinician2).latest("id")
    assert row.action == AccessLog.Action.DENIED
