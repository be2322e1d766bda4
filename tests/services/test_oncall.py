import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from services import actions
from services.models import CrisisCall, OnCallShift

from .conftest import make_active


def test_oncall_outside_a_shift_sees_no_essentials(login, oncall, active_youth):
    client = login(oncall)
    assert client.get(reverse("services:oncall_essentials")).status_code == 404
    assert client.get(reverse("services:oncall_youth", args=[active_youth.pk])).status_code == 404
    assert client.get(reverse("services:crisis_call_new")).status_code == 404


def test_oncall_inside_a_shift_sees_safety_essentials_and_nothing_more(
    login, oncall, clinician, active_youth, shift_now
):
    case_actions.safety_alert_create(
        youth=active_youth, by=clinician, kind="runaway", summary="Ran twice this year"
    )
    actions.safety_plan_save(
        youth=active_youth, by=clinician, warning_signs="Stops eating",
        coping_steps="Music, call mentor", people_to_call="Mentor (fictional)",
        safe_places="Foster home kitchen",
    )  # fmt: skip
    client = login(oncall)
    page = client.get(reverse("services:oncall_essentials"))
    assert page.status_code == 200 and b"Ran twice this year" in page.content
    page = client.get(reverse("services:oncall_youth", args=[active_youth.pk]))
    assert page.status_code == 200 and b"Music, call mentor" in page.content
    # …and nothing more: no clinical tab
    assert client.get(reverse("services:notes", args=[active_youth.pk])).status_code == 404


def test_shift_that_ended_closes_the_page(login, oncall, admin_user, active_youth):
    now = timezone.now()
    actions.oncall_shift_create(
        user=oncall, role="primary", starts_at=now - datetime.timedelta(hours=10),
        ends_at=now - datetime.timedelta(minutes=1), by=admin_user,
    )  # fmt: skip
    assert login(oncall).get(reverse("services:oncall_essentials")).status_code == 404


def test_only_active_youths_are_essentials(login, oncall, coordinator, shift_now, youth):
    assert youth.status == "referred"
    assert login(oncall).get(reverse("services:oncall_youth", args=[youth.pk])).status_code == 404


def test_essentials_list_runs_constant_queries(
    login, oncall, coordinator, clinician, shift_now, django_assert_max_num_queries
):
    from tests import factories

    for _ in range(6):
        make_active(factories.refer_youth(by=coordinator), by=coordinator)
    client = login(oncall)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("services:oncall_essentials")).status_code == 200


def test_primaries_never_overlap(oncall, clinician, admin_user, shift_now):
    with pytest.raises(ValidationError, match="Another primary"):
        actions.oncall_shift_create(
            user=clinician, role="primary", starts_at=shift_now.starts_at,
            ends_at=shift_now.ends_at, by=admin_user,
        )  # fmt: skip
    backup = actions.oncall_shift_create(
        user=clinician, role="backup", starts_at=shift_now.starts_at, ends_at=shift_now.ends_at,
        by=admin_user,
    )  # fmt: skip
    assert backup.role == OnCallShift.Role.BACKUP


def test_rota_shows_now_and_next(login, clinician, coordinator, support, shift_now):
    page = login(clinician).get(reverse("services:oncall_rota"))
    assert page.status_code == 200 and page.context["rota"]["now"] == [shift_now]
    assert login(coordinator).get(reverse("services:oncall_rota")).status_code == 200
    assert login(support).get(reverse("services:oncall_rota")).status_code == 404


def call_form(youth, **overrides):
    data = {
        "youth": youth.pk,
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "caller_kind": "caregiver",
        "caller_name": "Fictional foster parent",
        "category": "self_harm",
        "description": "Youth locked in bathroom.",
        "response": "De-escalated by phone.",
        "disposition": "phone",
        "follow_up_needed": "on",
    }
    data.update(overrides)
    return data


def test_oncall_logs_a_crisis_call_during_a_shift(login, oncall, active_youth, shift_now):
    client = login(oncall)
    response = client.post(reverse("services:crisis_call_new"), call_form(active_youth))
    assert response.status_code == 302
    call = CrisisCall.objects.get()
    assert call.taken_by == oncall and call.follow_up_needed
    url = reverse("services:crisis_call_follow_up", args=[call.pk])
    assert client.post(url, {"note": "Therapist saw youth next day"}).status_code == 302
    call.refresh_from_db()
    assert call.follow_up_done_at is not None


def test_crisis_call_log_outsider_twins(login, clinician, supervisor, oncall, active_youth):
    assert login(clinician).get(reverse("services:crisis_calls")).status_code == 404
    assert login(oncall).get(reverse("services:crisis_calls")).status_code == 404  # no shift
    assert login(supervisor).get(reverse("services:crisis_calls")).status_code == 200


def test_crisis_call_bad_input_gets_field_errors(login, oncall, active_youth, shift_now):
    response = login(oncall).post(
        reverse("services:crisis_call_new"),
        call_form(active_youth, received_at="2999-01-01T00:00", description="x" * 6000,
                  open_missing_episode="on"),
    )  # fmt: skip
    errors = response.context["form"].errors
    assert response.status_code == 400
    assert errors["received_at"] == ["This cannot be in the future."]
    assert "description" in errors and "open_missing_episode" in errors
    assert not CrisisCall.objects.exists()


def test_runaway_call_opens_a_missing_episode_in_the_same_step(
    login, oncall, active_youth, shift_now
):
    pytest.importorskip("placements.actions")
    from placements.models import MissingEpisode

    last_seen = timezone.localtime() - datetime.timedelta(hours=1)
    response = login(oncall).post(
        reverse("services:crisis_call_new"),
        call_form(active_youth, category="runaway", open_missing_episode="on",
                  last_seen_at=last_seen.strftime("%Y-%m-%dT%H:%M")),
    )  # fmt: skip
    assert response.status_code == 302
    call = CrisisCall.objects.get()
    assert call.disposition == CrisisCall.Disposition.MISSING
    episode = MissingEpisode.objects.get(youth=active_youth)
    assert episode.opened_by == oncall
