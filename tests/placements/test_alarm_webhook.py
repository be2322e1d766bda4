"""The alarm company's webhook (``POST /integrations/alarms/``): signed or refused, each event
once, an unauthorized exit from a home where a youth lives opens her missing episode and tells
the people who must act; refusals are problem details that echo nothing sent."""

import datetime
import json
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chance.accounts import roles
from chance.audit.models import AccessLog
from chance.notifications.models import Notification
from placements import actions
from placements.alarm_webhook import SOURCE, signature_for
from placements.models import AlarmEvent, Home, MissingEpisode, Placement
from tests import factories
from tests.placements.conftest import make_active_youth, make_home

SECRET = "tests-only-alarm-secret-0123456789abcdef"
NEXT_SECRET = "tests-only-next-alarm-secret-fedcba9876543210"
URL = "/integrations/alarms/"
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.ALARM_WEBHOOK_SECRET = [SECRET]


def _payload(**fields):
    return {
        "event_id": "evt-0001",
        "home_code": "H-07",
        "kind": "unauthorized_exit",
        "occurred_at": (timezone.now() - datetime.timedelta(minutes=3)).isoformat(),
        **fields,
    }


def deliver(client, payload=None, *, body=None, secret=SECRET, timestamp=None, signature=None):
    body = body if body is not None else json.dumps(payload or _payload()).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"X-Chance-Timestamp": timestamp}
    headers["X-Chance-Signature"] = signature or signature_for(secret, timestamp, body)
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def _problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert set(problem) == {"type", "title", "status", "detail"}
    assert problem["status"] == status and problem["title"] and problem["detail"]
    return problem


def _notices():
    return {(n.user.username, n.subject) for n in Notification.objects.select_related("user")}


@pytest.fixture
def placed(coordinator, home, stfc_youth):
    """``stfc_youth`` (primary clinician ``clinician``) living in H-07."""
    actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    return stfc_youth


def test_the_route_is_the_webhooks():
    assert reverse("alarm_webhook") == URL


# Who may send ---------------------------------------------------------------------------------


def test_an_unsigned_request_is_refused_and_not_sent_to_sign_in(client, home):
    response = client.post(URL, data=json.dumps(_payload()), content_type="application/json")
    assert _problem(response, 401)["type"].endswith("/unsigned")
    assert not AlarmEvent.objects.filter(source=SOURCE).exists()


def test_a_forged_signature_is_refused(client, home):
    response = deliver(client, secret="someone-elses-secret-0123456789abcdef")
    assert _problem(response, 401)["type"].endswith("/bad-signature")
    assert not AlarmEvent.objects.filter(source=SOURCE).exists()


def test_a_body_changed_after_signing_is_refused(client, home):
    timestamp = str(int(time.time()))
    signed = json.dumps(_payload(kind="test", test_passed=True)).encode()
    sent = json.dumps(_payload()).encode()
    response = deliver(
        client, body=sent, timestamp=timestamp, signature=signature_for(SECRET, timestamp, signed)
    )
    _problem(response, 401)
    assert not AlarmEvent.objects.filter(source=SOURCE).exists()


@pytest.mark.parametrize("seconds", [-301, 301, -3600])
def test_a_timestamp_more_than_five_minutes_away_is_refused(client, home, seconds):
    response = deliver(client, timestamp=int(time.time()) + seconds)
    assert _problem(response, 401)["type"].endswith("/stale")
    assert not AlarmEvent.objects.filter(source=SOURCE).exists()


def test_a_timestamp_four_minutes_old_is_still_good(client, home):
    assert deliver(client, timestamp=int(time.time()) - 240).status_code == 201


def test_any_secret_of_the_list_verifies_while_they_rotate(client, settings, home):
    settings.ALARM_WEBHOOK_SECRET = [SECRET, NEXT_SECRET]
    first = deliver(client, _payload(event_id="evt-old", kind="fault"), secret=SECRET)
    second = deliver(client, _payload(event_id="evt-new", kind="fault"), secret=NEXT_SECRET)
    assert first.status_code == second.status_code == 201
    settings.ALARM_WEBHOOK_SECRET = [NEXT_SECRET]  # the old one withdrawn
    _problem(deliver(client, _payload(event_id="evt-late", kind="fault"), secret=SECRET), 401)
    assert set(AlarmEvent.objects.filter(source=SOURCE).values_list("external_id", flat=True)) == {
        "evt-old",
        "evt-new",
    }


def test_with_no_secret_configured_nothing_is_accepted(client, settings, home):
    settings.ALARM_WEBHOOK_SECRET = []
    _problem(deliver(client), 503)
    _problem(deliver(client, secret=""), 503)
    assert not AlarmEvent.objects.filter(source=SOURCE).exists()


def test_a_get_is_not_allowed_and_not_sent_to_sign_in(client):
    response = client.get(URL)
    _problem(response, 405)
    assert response["Allow"] == "POST"


# What it records ------------------------------------------------------------------------------


def test_an_unauthorized_exit_opens_the_missing_episode_and_tells_who_must_act(
    client,
    django_capture_on_commit_callbacks,
    placed,
    home,
    clinician,
    supervisor,
    coordinator,
    oncall,
    shift_now,
):
    off_shift = factories.make_user("oncall2", roles.ONCALL, roles.CLINICIAN)
    occurred = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, _payload(occurred_at=occurred.isoformat()))
    assert response.status_code == 201
    event = AlarmEvent.objects.get(source=SOURCE)
    episode = MissingEpisode.objects.get(youth=placed, returned_at__isnull=True)
    assert response.json() == {"event": event.pk, "missing_episode": episode.pk}
    assert (event.home, event.kind, event.external_id) == (home, "unauthorized_exit", "evt-0001")
    assert event.occurred_at == occurred == episode.last_seen_at
    assert event.youth == placed and event.missing_episode == episode
    assert episode.placement == Placement.objects.get(youth=placed, ended_on__isnull=True)
    # Recorded under the alarm company's own account, which can never sign in.
    robot = event.recorded_by
    assert episode.opened_by == robot and robot.username == "integration.alarm-company"
    assert not robot.is_active and not robot.has_usable_password() and not robot.groups.exists()
    assert {h.history_user for h in event.history.all()} == {robot}  # recorded, then linked
    assert _notices() == {
        ("clinician", "A youth on your caseload is missing"),
        ("supervisor", "A youth your team serves is missing"),
        ("coordinator", "A youth in the program is missing"),
        ("oncall", "A youth in care is missing: you are on call"),
    }
    assert not Notification.objects.filter(user__in=[off_shift, robot]).exists()
    assert not response.cookies  # no session, no CSRF cookie: not a browser's page
    # Ids only: nothing of the youth or the home in the answer.
    text = response.content.decode()
    for secret in (placed.record_number, placed.legal_first_name, placed.legal_last_name, "H-07"):
        assert secret not in text


def test_a_replayed_event_answers_200_and_does_nothing(
    client, django_capture_on_commit_callbacks, placed, clinician, coordinator
):
    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(client)
    told = Notification.objects.count()
    assert told > 0
    with django_capture_on_commit_callbacks(execute=True):
        again = deliver(client)
        # A retry hours later, re-signed, with its moment changed: still the same event.
        later = deliver(client, _payload(kind="fault", occurred_at=timezone.now().isoformat()))
    assert first.status_code == 201 and again.status_code == later.status_code == 200
    assert again.json() == later.json() == first.json()
    assert AlarmEvent.objects.filter(source=SOURCE).count() == 1
    assert AlarmEvent.objects.get(source=SOURCE).kind == "unauthorized_exit"
    assert MissingEpisode.objects.filter(youth=placed).count() == 1
    assert Notification.objects.count() == told


def test_the_same_event_id_from_staff_is_another_event(client, coordinator, home):
    """Unique per sender: an event typed in by staff has no sender's id and never collides."""
    actions.alarm_event_record(
        home=home, kind=AlarmEvent.Kind.FAULT, occurred_at=timezone.now(), by=coordinator
    )
    assert deliver(client, _payload(kind="fault")).status_code == 201
    assert deliver(client, _payload(event_id="evt-0002", kind="fault")).status_code == 201
    assert AlarmEvent.objects.filter(kind="fault").count() == 3


def test_an_unauthorized_exit_from_a_vacant_home_records_the_event_only(client, coordinator):
    make_home(by=coordinator, code="H-08")
    response = deliver(client, _payload(home_code="H-08"))
    assert response.status_code == 201
    event = AlarmEvent.objects.get(source=SOURCE)
    assert response.json() == {"event": event.pk, "missing_episode": None}
    assert event.youth is None and event.missing_episode is None
    assert not MissingEpisode.objects.exists()


def test_an_exit_while_she_is_already_missing_records_the_event_only(
    client, django_capture_on_commit_callbacks, placed, coordinator
):
    episode = actions.missing_episode_open(
        youth=placed, by=coordinator, last_seen_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client)
    assert response.status_code == 201 and response.json()["missing_episode"] is None
    assert list(MissingEpisode.objects.all()) == [episode]
    assert AlarmEvent.objects.get(source=SOURCE).youth == placed
    assert not Notification.objects.exists()


def test_an_intrusion_opens_no_episode(client, placed):
    response = deliver(client, _payload(kind="intrusion"))
    assert response.status_code == 201 and response.json()["missing_episode"] is None
    assert AlarmEvent.objects.get(source=SOURCE).kind == AlarmEvent.Kind.INTRUSION
    assert not MissingEpisode.objects.exists()


def test_a_passed_test_moves_the_homes_alarm_test_date(client, coordinator):
    home = make_home(by=coordinator, code="H-09", alarm_tested_days_ago=20)
    before = home.alarm_last_tested_on
    response = deliver(client, _payload(home_code="H-09", kind="test", test_passed=True))
    assert response.status_code == 201
    home.refresh_from_db()
    assert before < home.alarm_last_tested_on == timezone.localdate()
    assert AlarmEvent.objects.get(source=SOURCE).test_passed is True


def test_a_failed_test_is_recorded_and_leaves_the_date(client, coordinator):
    home = make_home(by=coordinator, code="H-09", alarm_tested_days_ago=20)
    before = home.alarm_last_tested_on
    response = deliver(client, _payload(home_code="H-09", kind="test", test_passed=False))
    assert response.status_code == 201
    home.refresh_from_db()
    assert home.alarm_last_tested_on == before
    assert AlarmEvent.objects.get(source=SOURCE).test_passed is False


def test_a_panel_clock_a_little_ahead_is_the_event_that_just_happened(client, home):
    ahead = timezone.now() + datetime.timedelta(seconds=40)
    assert deliver(client, _payload(kind="fault", occurred_at=ahead.isoformat())).status_code == 201
    assert AlarmEvent.objects.get(source=SOURCE).occurred_at <= timezone.now()


def test_each_delivery_is_in_the_access_log_without_its_body(client, placed):
    deliver(client)
    deliver(client)
    deliver(client, _payload(event_id="evt-9", kind="nonsense"))
    rows = list(AccessLog.objects.filter(what="alarm_webhook").order_by("id"))
    event = AlarmEvent.objects.get(source=SOURCE)
    assert [(r.action, r.youth_id) for r in rows] == [
        (AccessLog.Action.SUBMITTED, placed.pk),
        (AccessLog.Action.SUBMITTED, placed.pk),
        (AccessLog.Action.DECLINED, None),
    ]
    assert all(r.user == event.recorded_by and r.path == URL and r.method == "POST" for r in rows)
    assert rows[0].object_ref == f"placements.AlarmEvent:{event.pk}"
    assert "missing episode" in rows[0].reason and "again" in rows[1].reason
    for row in rows:
        assert (
            "evt-" not in row.reason and "H-07" not in row.reason and "nonsense" not in row.reason
        )


def test_a_refused_signature_writes_no_access_log_row(client, home):
    deliver(client, secret="someone-elses-secret-0123456789abcdef")
    assert not AccessLog.objects.filter(what="alarm_webhook").exists()


# What it refuses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "slug"),
    [
        (b"{not json", "invalid-event"),
        (b"\xff\xfe", "invalid-event"),
        (b'["evt-1"]', "invalid-event"),
        (json.dumps(_payload(kind="smoke-xyzzy")).encode(), "invalid-event"),
        (json.dumps(_payload(home_code="H-9999")).encode(), "unknown-home"),
        (json.dumps(_payload(home_code="Avery's home")).encode(), "unknown-home"),
        (json.dumps(_payload(occurred_at="2026-12-01T21:40:00")).encode(), "invalid-event"),
        (json.dumps(_payload(occurred_at="last night")).encode(), "invalid-event"),
        (json.dumps(_payload(occurred_at="2099-01-01T00:00:00+00:00")).encode(), "invalid-event"),
        (json.dumps(_payload(occurred_at="2001-01-01T00:00:00+00:00")).encode(), "invalid-event"),
        (json.dumps(_payload(kind="test")).encode(), "invalid-event"),
        (json.dumps(_payload(kind="test", test_passed="yes")).encode(), "invalid-event"),
        (json.dumps(_payload(event_id="")).encode(), "invalid-event"),
        (json.dumps(_payload(event_id=True)).encode(), "invalid-event"),
        (json.dumps(_payload(event_id="x" * 101)).encode(), "invalid-event"),
        (json.dumps({"home_code": "H-07", "kind": "fault"}).encode(), "invalid-event"),
    ],
)
def test_a_bad_body_is_a_400_problem_that_echoes_nothing(client, placed, body, slug):
    problem = _problem(deliver(client, body=body), 400)
    assert problem["type"].endswith("/" + slug)
    text = json.dumps(problem)
    for sent in ("H-9999", "Avery", "smoke-xyzzy", "last night", "2099", placed.record_number):
        assert sent not in text
    assert not AlarmEvent.objects.filter(source=SOURCE).exists()
    assert not MissingEpisode.objects.exists()


def test_a_body_too_large_is_refused_before_it_is_read(client, home):
    _problem(deliver(client, body=b"{" + b" " * 20_000 + b"}"), 413)
    assert not AlarmEvent.objects.filter(source=SOURCE).exists()


def test_a_good_body_twin_of_the_refusals_is_taken(client, placed):
    """The refusals above differ from this one by the field they name."""
    response = deliver(client, _payload(kind="test", test_passed=True, event_id=42))
    assert response.status_code == 201
    assert AlarmEvent.objects.get(source=SOURCE).external_id == "42"


# Two at once ----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_of_one_event_at_once_record_one_event_and_one_episode(
    settings, coordinator, clinician
):
    from cases import actions as case_actions
    from cases.models import CaseAssignment

    settings.ALARM_WEBHOOK_SECRET = [SECRET]
    home = make_home(by=coordinator, code="H-98")
    youth = make_active_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    actions.placement_start(youth=youth, setting=Placement.Setting.STFC, home=home, by=coordinator)
    body = json.dumps(_payload(home_code=home.code, event_id="evt-race")).encode()
    barrier = threading.Barrier(2)
    results = [None, None]

    def send(i):
        try:
            barrier.wait(timeout=30)
            response = deliver(Client(), body=body)
            results[i] = (response.status_code, response.json())
        except Exception as exc:  # anything else is a failure the assertion below shows
            results[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(r[0] for r in results) == [200, 201], results
    assert results[0][1] == results[1][1]
    event = AlarmEvent.objects.get(source=SOURCE, external_id="evt-race")
    episode = MissingEpisode.objects.get(youth=youth)
    assert results[0][1] == {"event": event.pk, "missing_episode": episode.pk}
    assert AlarmEvent.objects.filter(home=home, kind="unauthorized_exit").count() == 1
    # Told once, by the delivery that committed.
    assert Notification.objects.filter(user=clinician).count() == 1
    assert Home.objects.get(pk=home.pk).alarm_events.count() == 2  # the setup's test + this one
