"""The board's "place": the waitlist in its order with priorities and days waiting, a reason to
skip its top youth, and every refusal naming its real cause (the date before the home)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases.models import Youth
from placements import actions
from placements.models import Placement
from tests.placements.conftest import make_active_youth, make_home, make_waitlisted_youth

TODAY = timezone.localdate


def _waitlisted(by, *, priority, days_ago, **fields):
    # Local noon that many calendar days ago: "waiting N days" counts calendar days, and a plain
    # now - N×24 h lands on the day before late in the evening across a daylight-saving change.
    day = TODAY() - datetime.timedelta(days=days_ago)
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    with time_machine.travel(noon, tick=False):
        return make_waitlisted_youth(by=by, priority=priority, **fields)


@pytest.fixture
def waiting(coordinator):
    """Three on the waitlist: priority 1 waiting 30 days (the top), priority 1 waiting 10 days,
    priority 2 waiting 60 days."""
    return [
        _waitlisted(coordinator, priority=1, days_ago=30, preferred_name="Top"),
        _waitlisted(coordinator, priority=1, days_ago=10, preferred_name="Second"),
        _waitlisted(coordinator, priority=2, days_ago=60, preferred_name="Third"),
    ]


def _url(home):
    return reverse("placements:home_place", args=[home.pk])


def test_the_choice_is_the_waitlist_in_order_with_priority_and_days_waiting(
    login, coordinator, waiting
):
    home = make_home(by=coordinator, code="H-01")
    moving = make_active_youth(by=coordinator, preferred_name="Moving")
    form = login(coordinator).get(_url(home)).context["form"]
    choices = [(int(str(value)), label) for value, label in form.fields["youth"].choices]
    top, second, third = waiting
    assert [pk for pk, _ in choices] == [top.pk, second.pk, third.pk, moving.pk]
    assert choices[0][1] == (
        f"{top.record_number} Top: priority 1, waiting 30 days (first on the waitlist)"
    )
    assert choices[1][1] == f"{second.record_number} Second: priority 1, waiting 10 days"
    assert choices[2][1] == f"{third.record_number} Third: priority 2, waiting 60 days"
    assert choices[3][1] == f"{moving.record_number} Moving: active on STFC, not on the waitlist"


def test_the_top_youth_needs_no_reason(login, coordinator, waiting):
    home = make_home(by=coordinator, code="H-01")
    response = login(coordinator).post(
        _url(home), {"youth": waiting[0].pk, "started_on": TODAY().isoformat()}
    )
    assert response.status_code == 302
    placement = Placement.objects.get(youth=waiting[0], ended_on__isnull=True)
    assert placement.waitlist_skip_reason == ""
    assert placement.history.latest().history_change_reason == "Placed in STFC home H-01"


def test_skipping_the_top_youth_asks_for_a_reason_that_is_kept(login, coordinator, waiting):
    home = make_home(by=coordinator, code="H-01")
    client = login(coordinator)
    second = waiting[1]
    response = client.post(_url(home), {"youth": second.pk, "started_on": TODAY().isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["skip_reason"] == [
        f"{waiting[0].record_number} is first on the waitlist: say why you are placing someone "
        "else."
    ]
    assert not Placement.objects.filter(home=home).exists()
    reason = "Top youth's school is across the county; this home is next to Second's."
    response = client.post(
        _url(home),
        {"youth": second.pk, "started_on": TODAY().isoformat(), "skip_reason": reason},
    )
    assert response.status_code == 302
    placement = Placement.objects.get(youth=second, ended_on__isnull=True)
    assert placement.waitlist_skip_reason == reason
    assert placement.history.latest().history_change_reason == (
        "Placed in STFC home H-01, chosen ahead of the top of the waitlist (priority 1, waiting "
        f"30 days): {reason}"
    )
    # A supervisor reads it later on the youth's placements page.
    page = client.get(reverse("placements:youth_placements", args=[second.pk]))
    assert "Chosen ahead of the waitlist:" in page.content.decode()
    assert reason.replace("'", "&#x27;") in page.content.decode()


def test_the_action_refuses_to_skip_the_top_youth_without_a_reason(coordinator, waiting):
    from django.core.exceptions import ValidationError

    home = make_home(by=coordinator, code="H-01")
    with pytest.raises(ValidationError) as refused:
        actions.placement_place_in_home(youth=waiting[2], home=home, by=coordinator)
    assert "skip_reason" in refused.value.error_dict
    assert "priority 1, waiting 30 days" in refused.value.error_dict["skip_reason"][0].message


def test_the_top_is_the_first_the_user_may_see(coordinator, supervisor, clinician, waiting):
    """The waitlist's top is computed through the access policy: a supervisor sees only the
    youths on teams of people they supervise, so their top is another youth."""
    from cases import actions as case_actions
    from cases.models import CaseAssignment

    third = waiting[2]
    case_actions.case_assignment_create(
        youth=third, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    assert actions.waitlist_top_for(coordinator) == waiting[0]
    assert actions.waitlist_top_for(supervisor) == third


def test_with_nobody_waiting_no_reason_is_needed(login, coordinator):
    home = make_home(by=coordinator, code="H-01")
    moving = make_active_youth(by=coordinator)
    response = login(coordinator).post(
        _url(home), {"youth": moving.pk, "started_on": TODAY().isoformat()}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["clinician", "supervisor", "support"])
def test_who_may_not_place_gets_404_and_nothing_is_placed(request, login, coordinator, persona):
    home = make_home(by=coordinator, code="H-01")
    youth = make_waitlisted_youth(by=coordinator)
    client = login(request.getfixturevalue(persona))
    assert client.get(_url(home)).status_code == 404
    response = client.post(_url(home), {"youth": youth.pk, "started_on": TODAY().isoformat()})
    assert response.status_code == 404
    assert not Placement.objects.filter(youth=youth).exists()


def test_a_supervisors_board_does_not_name_youths_outside_their_teams(
    login, coordinator, supervisor, waiting
):
    home = make_home(by=coordinator, code="H-01")
    actions.placement_place_in_home(youth=waiting[0], home=home, by=coordinator)
    html = login(supervisor).get(reverse("placements:board")).content.decode()
    assert "H-01" in html
    for youth in waiting:
        assert youth.record_number not in html and youth.preferred_name not in html
    coordinators = login(coordinator).get(reverse("placements:board")).content.decode()
    assert waiting[0].record_number in coordinators  # the twin: the coordinator sees her


# Every refusal names its real cause, the date first --------------------------------------


def _post(client, home, youth, day, **extra):
    return client.post(_url(home), {"youth": youth.pk, "started_on": day, **extra})


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("1999-06-01", "This is before the program started (2014-01-01); check the year."),
        ((TODAY() + datetime.timedelta(days=3)).isoformat(), "This cannot be in the future."),
    ],
)
def test_an_impossible_date_is_refused_next_to_the_date_even_in_a_home_not_ready(
    login, coordinator, day, message
):
    home = make_home(by=coordinator, code="H-01", training_hours=0, alarm_tested_days_ago=45)
    youth = make_waitlisted_youth(by=coordinator)
    response = _post(login(coordinator), home, youth, day)
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["started_on"] == [message]
    assert not form.non_field_errors()  # no word about training or the alarm
    assert "training" not in response.content.decode().lower().split("<main")[-1]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(1999, 6, 1), "before the program started"),
        (TODAY() + datetime.timedelta(days=3), "cannot start in the future"),
    ],
)
def test_the_action_checks_the_date_before_the_home(coordinator, day, message):
    from django.core.exceptions import ValidationError

    home = make_home(by=coordinator, code="H-01", training_hours=0)
    youth = make_waitlisted_youth(by=coordinator)
    with pytest.raises(ValidationError, match=message) as refused:
        actions.placement_place_in_home(youth=youth, home=home, by=coordinator, started_on=day)
    assert list(refused.value.error_dict) == ["started_on"]


def test_a_date_before_birth_is_refused_on_the_date(coordinator):
    from django.core.exceptions import ValidationError

    home = make_home(by=coordinator, code="H-01", training_hours=0)
    youth = make_active_youth(by=coordinator, date_of_birth=datetime.date(2015, 3, 1))
    with pytest.raises(ValidationError, match="before the youth was born") as refused:
        actions.placement_start(
            youth=youth,
            setting=Placement.Setting.STFC,
            home=home,
            by=coordinator,
            started_on=datetime.date(2015, 1, 1),
        )
    assert list(refused.value.error_dict) == ["started_on"]


def test_a_date_before_the_waitlist_is_refused_on_the_date(login, coordinator):
    home = make_home(by=coordinator, code="H-01", certified_days_ago=400)
    youth = _waitlisted(coordinator, priority=1, days_ago=5)
    day = TODAY() - datetime.timedelta(days=20)
    response = _post(login(coordinator), home, youth, day.isoformat())
    assert response.context["form"].errors["started_on"] == [
        f"The youth joined the STFC waitlist on {TODAY() - datetime.timedelta(days=5):%Y-%m-%d}; "
        "the placement cannot start before."
    ]


def test_a_home_not_ready_with_a_valid_date_names_the_training(login, coordinator):
    home = make_home(by=coordinator, code="H-01", training_hours=0)
    youth = make_waitlisted_youth(by=coordinator)
    response = _post(login(coordinator), home, youth, TODAY().isoformat())
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert f"H-01 cannot take a child on {TODAY():%Y-%m-%d}:" in errors
    assert "training" in errors.lower()
    assert "started_on" not in response.context["form"].errors
    youth.refresh_from_db()
    assert youth.status == Youth.Status.WAITLISTED


def test_a_discharged_youth_is_refused_as_the_youth(coordinator):
    from django.core.exceptions import ValidationError

    from cases import actions as case_actions

    home = make_home(by=coordinator, code="H-01", training_hours=0)
    youth = make_active_youth(by=coordinator)
    case_actions.youth_discharge(youth=youth, by=coordinator, discharged_on=TODAY(), reason="moved")
    with pytest.raises(ValidationError, match="is discharged; only waitlisted or active") as no:
        actions.placement_start(
            youth=youth, setting=Placement.Setting.STFC, home=home, by=coordinator
        )
    assert list(no.value.error_dict) == ["youth"]  # the youth, before the home's training


def test_moving_from_a_placement_refuses_a_date_before_it_on_the_date(login, coordinator):
    home = make_home(by=coordinator, code="H-01", training_hours=0)
    youth = make_active_youth(by=coordinator)
    actions.placement_start(
        youth=youth,
        setting=Placement.Setting.SHELTER,
        provider="Fictional shelter",
        by=coordinator,
    )
    day = TODAY() - datetime.timedelta(days=2)
    response = _post(login(coordinator), home, youth, day.isoformat())
    form = response.context["form"]
    assert form.errors["started_on"] == [
        f"The current placement started on {TODAY():%Y-%m-%d}; move on or after it."
    ]
    assert not form.non_field_errors()
    assert Placement.objects.get(youth=youth).ended_on is None
