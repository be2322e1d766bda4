"""Discharge leaves nothing open: placements end, the home is free, home support stops seeing the
youth, team roles without paperwork end, due reminders are resolved and stay resolved; an open
missing episode refuses it; the database refuses a discharged youth with an open placement."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases import discharge
from cases.models import CaseAssignment, Youth
from chance.access import Need, holds
from chance.accounts import roles
from chance.reminders.engine import sweep
from chance.reminders.models import Reminder
from placements import actions
from placements.models import Placement
from tests import factories
from tests.placements.conftest import make_home

TODAY = timezone.localdate
Role = CaseAssignment.Role


@pytest.fixture
def placed(coordinator, stfc_youth):
    home = make_home(by=coordinator, code="H-02")
    actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    return stfc_youth, home


def _discharge(youth, by, **kw):
    return case_actions.youth_discharge(
        youth=youth, by=by, discharged_on=kw.pop("on", TODAY()), reason="goals_met", **kw
    )


def test_discharge_ends_the_placement_with_who_and_why(placed, coordinator):
    youth, home = placed
    _discharge(youth, coordinator)
    placement = Placement.objects.get(youth=youth)
    assert placement.ended_on == TODAY() and placement.ended_by == coordinator
    assert placement.end_reason == "Discharged: Treatment goals met"
    last = placement.history.latest()
    assert last.history_user == coordinator
    assert last.history_change_reason == "Placement ended: Discharged: Treatment goals met"
    youth.refresh_from_db()
    assert youth.status == Youth.Status.DISCHARGED


def test_the_home_is_free_on_the_board_and_a_re_referral_does_not_bring_her_back(
    placed, coordinator, login
):
    youth, home = placed
    client = login(coordinator)
    board = reverse("placements:board")
    assert youth.record_number in client.get(board, {"occupancy": "occupied"}).content.decode()
    _discharge(youth, coordinator)
    vacant = client.get(board, {"occupancy": "vacant"}).content.decode()
    occupied = client.get(board, {"occupancy": "occupied"}).content.decode()
    assert "H-02" in vacant and "H-02" not in occupied
    case_actions.referral_receive(
        by=coordinator, youth=youth, source="law_enforcement", received_at=timezone.now()
    )
    youth.refresh_from_db()
    assert youth.status == Youth.Status.REFERRED
    page = client.get(reverse("placements:home_detail", args=[home.pk])).content.decode()
    assert youth.record_number not in page
    assert "H-02" in client.get(board, {"occupancy": "vacant"}).content.decode()


def test_home_support_stops_seeing_the_youth(placed, coordinator, support):
    youth, home = placed
    actions.support_assignment_create(home=home, user=support, by=coordinator)
    assert holds(support, youth.pk, Need.IDENTITY) and holds(support, youth.pk, Need.ADDRESS)
    _discharge(youth, coordinator)
    # Outsider twin of the line above: the same staff member, the same home, after discharge.
    assert not holds(support, youth.pk, Need.IDENTITY)
    assert not holds(support, youth.pk, Need.ADDRESS)


def test_team_roles_without_paperwork_end_and_the_clinicians_stay(
    placed, coordinator, clinician, support
):
    youth, _ = placed
    mentor = factories.make_user("mentor", roles.MENTOR)
    for user, role in ((support, Role.SUPPORT_STAFF), (mentor, Role.MENTOR)):
        case_actions.case_assignment_create(youth=youth, user=user, role=role, by=coordinator)
    _discharge(youth, coordinator)
    open_roles = set(
        CaseAssignment.objects.filter(youth=youth, ended_on__isnull=True).values_list(
            "role", flat=True
        )
    )
    assert open_roles == {Role.PRIMARY_CLINICIAN}
    ended = CaseAssignment.objects.get(youth=youth, role=Role.MENTOR)
    assert ended.history.latest().history_change_reason == "Discharged: Treatment goals met"
    assert holds(clinician, youth.pk, Need.CLINICAL)  # the discharge paperwork can be finished
    assert not holds(mentor, youth.pk, Need.MENTORING)


def _return_from_missing(youth, by):
    now = timezone.now()
    episode = actions.missing_episode_open(
        youth=youth, by=by, last_seen_at=now - datetime.timedelta(hours=3)
    )
    actions.missing_episode_return(
        episode=episode, by=by, returned_at=now - datetime.timedelta(hours=1)
    )
    return episode


def test_due_reminders_are_resolved_and_the_next_sweep_does_not_raise_them_again(
    placed, coordinator
):
    youth, _ = placed
    _return_from_missing(youth, coordinator)  # the return debrief falls due (placements rule)
    later = timezone.now() + datetime.timedelta(days=8)  # initial assessment, monitoring overdue
    sweep(now=later)
    open_before = Reminder.objects.filter(youth_id=youth.pk, resolved_at__isnull=True)
    rules = set(open_before.values_list("rule", flat=True))
    assert {"placements.return_debrief", "services.initial_assessment"} <= rules
    _discharge(youth, coordinator)
    assert not Reminder.objects.filter(youth_id=youth.pk, resolved_at__isnull=True).exists()
    for when in (later, later + datetime.timedelta(days=30)):
        sweep(now=when)
        assert not Reminder.objects.filter(youth_id=youth.pk, resolved_at__isnull=True).exists()


def test_an_open_missing_episode_refuses_the_discharge_and_nothing_changes(placed, coordinator):
    youth, _ = placed
    episode = actions.missing_episode_open(
        youth=youth, by=coordinator, last_seen_at=timezone.now() - datetime.timedelta(hours=2)
    )
    with pytest.raises(ValidationError, match=f"missing episode {episode.pk} is open"):
        _discharge(youth, coordinator)
    youth.refresh_from_db()
    assert youth.status == Youth.Status.ACTIVE
    assert Placement.objects.filter(youth=youth, ended_on__isnull=True).exists()


def test_the_form_shows_the_missing_episode_and_keeps_what_was_typed(placed, coordinator, login):
    youth, _ = placed
    actions.missing_episode_open(
        youth=youth, by=coordinator, last_seen_at=timezone.now() - datetime.timedelta(hours=2)
    )
    response = login(coordinator).post(
        reverse("cases:discharge", args=[youth.pk]),
        {
            "discharged_on": TODAY().isoformat(),
            "reason": "goals_met",
            "note": "Typed note",
            "confirm": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "record the return on the episode before discharging" in html and "Typed note" in html


def test_a_refusing_step_undoes_the_whole_discharge(placed, coordinator, monkeypatch):
    youth, _ = placed

    def refuse(context):
        raise ValidationError({"discharged_on": "A later step says no."})

    monkeypatch.setitem(discharge._STEPS, "test.refuse", discharge.DischargeStep("t", refuse, 95))
    with pytest.raises(ValidationError, match="A later step says no"):
        _discharge(youth, coordinator)
    youth.refresh_from_db()
    assert youth.status == Youth.Status.ACTIVE
    assert Placement.objects.get(youth=youth).ended_on is None  # ended by step 30, rolled back


def test_a_discharge_date_before_the_current_placement_is_refused_on_that_field(coordinator, login):
    youth = factories.refer_youth(
        by=coordinator, received_at=timezone.now() - datetime.timedelta(days=21)
    )
    case_actions.youth_screening_start(youth=youth, by=coordinator)
    case_actions.youth_screening_decide(
        youth=youth,
        by=coordinator,
        decision="crt",
        admitted_on=TODAY() - datetime.timedelta(days=20),
    )
    actions.placement_start(
        youth=youth,
        setting=Placement.Setting.SHELTER,
        provider="Fictional shelter",
        started_on=TODAY() - datetime.timedelta(days=3),
        by=coordinator,
    )
    response = login(coordinator).post(
        reverse("cases:discharge", args=[youth.pk]),
        {
            "discharged_on": (TODAY() - datetime.timedelta(days=10)).isoformat(),
            "reason": "moved",
            "confirm": "on",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["discharged_on"] == [
        f"The current placement (Shelter) started on "
        f"{TODAY() - datetime.timedelta(days=3):%Y-%m-%d}, after this discharge date; "
        "discharge on or after it."
    ]


def test_a_coordinator_discharges_from_the_page_and_a_clinician_cannot(
    placed, coordinator, clinician, login
):
    youth, _ = placed
    url = reverse("cases:discharge", args=[youth.pk])
    data = {"discharged_on": TODAY().isoformat(), "reason": "goals_met", "confirm": "on"}
    refused = login(clinician).post(url, data)
    assert refused.status_code in (403, 404)
    youth.refresh_from_db()
    assert youth.status == Youth.Status.ACTIVE
    assert Placement.objects.filter(youth=youth, ended_on__isnull=True).exists()
    assert login(coordinator).post(url, data).status_code == 302
    assert not Placement.objects.filter(youth=youth, ended_on__isnull=True).exists()


@pytest.mark.postgres
def test_the_database_refuses_an_open_placement_for_a_discharged_youth(placed, coordinator):
    youth, _ = placed
    _discharge(youth, coordinator)
    with (
        pytest.raises(IntegrityError, match="discharged youth has no open placement"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO placements_placement (youth_id, setting, provider, started_on, "
            "ended_on, end_reason, waitlist_skip_reason, assigned_by_id, created_at) "
            "VALUES (%s, 'shelter', 'Fictional shelter', %s, NULL, '', '', %s, now())",
            [youth.pk, TODAY(), coordinator.pk],
        )
    placement = Placement.objects.get(youth=youth)
    with (
        pytest.raises(IntegrityError, match="discharged youth has no open placement"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE placements_placement SET ended_on = NULL WHERE id = %s", [placement.pk]
        )


@pytest.mark.postgres
def test_the_database_refuses_to_discharge_a_youth_with_an_open_placement(placed, coordinator):
    youth, _ = placed
    discharge_by_hand = (
        "UPDATE cases_youth SET status = 'discharged', discharged_on = %s, "
        "discharge_reason = 'moved', waitlisted_at = NULL, waitlist_priority = NULL WHERE id = %s"
    )
    with (
        pytest.raises(IntegrityError, match="end the open placement before discharging"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(discharge_by_hand, [TODAY(), youth.pk])
    # The twin: once the placement has ended, the same statement goes through.
    Placement.objects.filter(youth=youth).update(ended_on=TODAY())
    with connection.cursor() as cursor:
        cursor.execute(discharge_by_hand, [TODAY(), youth.pk])
    assert Youth.objects.get(pk=youth.pk).status == Youth.Status.DISCHARGED


def test_the_coordinator_and_the_timeline_read_what_the_discharge_closed(
    placed, coordinator, login
):
    youth, home = placed
    client = login(coordinator)
    data = {"discharged_on": TODAY().isoformat(), "reason": "goals_met", "confirm": "on"}
    page = client.post(reverse("cases:discharge", args=[youth.pk]), data, follow=True)
    said = page.content.decode()
    assert "Discharged. Also closed: The placement in home H-02 ended; the home is free" in said
    event = youth.lifecycle_events.order_by("-id").first()
    assert "The placement in home H-02 ended" in event.reason


def test_a_discharge_with_nothing_open_says_so(stfc_youth, coordinator, login):
    data = {"discharged_on": TODAY().isoformat(), "reason": "goals_met", "confirm": "on"}
    page = login(coordinator).post(
        reverse("cases:discharge", args=[stfc_youth.pk]), data, follow=True
    )
    assert "Discharged. Nothing else was open." in page.content.decode()


def test_a_discharged_youth_is_not_offered_a_new_placement(placed, coordinator, login):
    youth, _ = placed
    client = login(coordinator)
    url = reverse("placements:youth_placements", args=[youth.pk])
    new = reverse("placements:placement_new", args=[youth.pk])
    assert new in client.get(url).content.decode()  # active: offered
    _discharge(youth, coordinator)
    page = client.get(url).content.decode()
    assert new not in page and "cannot be placed" in page
