"""Issue 16: missing is a state everyone sees, and on-call is told and sees what it needs.

A youth ran away (a crisis call opened the episode); her header still read "Active", on-call
essentials and the printable summary still said "placed in H-07", and nobody on call was told.
Now, while an episode is open, every page about her, the caseloads, the board, on-call
essentials, the summary and the coordinator's and supervisor's home pages say "Missing since
<local time>"; the primary clinician, the supervisor and on-call in shift are told at once; the
return closes it everywhere.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.accounts import roles
from chance.audit.models import AccessLog
from chance.notifications.models import Notification
from chance.security import stamps
from placements import actions
from placements.addresses import caregiver_phones_for
from placements.models import AlarmEvent, Caregiver, MissingEpisode, Placement, missing_since
from services import actions as service_actions
from services.models import CrisisCall
from tests import factories
from tests.placements.conftest import make_active_youth, make_home

CAREGIVER_PHONE = "555-0333"


@pytest.fixture
def placed(coordinator, home, placed_with_alert):
    """``placed_with_alert``, its home's caregiver with a phone on file."""
    caregiver = Caregiver.objects.get(home=home)
    caregiver.phone = CAREGIVER_PHONE
    actions.caregiver_save(caregiver=caregiver, by=coordinator)
    return placed_with_alert


def _open(youth, by, hours_ago=2):
    return actions.missing_episode_open(
        youth=youth, by=by, last_seen_at=timezone.now() - datetime.timedelta(hours=hours_ago)
    )


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _youth_pages(youth):
    return [
        reverse("cases:detail", args=[youth.pk]),
        reverse("cases:team", args=[youth.pk]),
        reverse("placements:youth_placements", args=[youth.pk]),
        reverse("placements:youth_missing", args=[youth.pk]),
        reverse("services:notes", args=[youth.pk]),
        reverse("services:oncall_youth", args=[youth.pk]),
    ]


# --- The words -------------------------------------------------------------------------------


def test_missing_since_is_local_time_to_the_minute(settings):
    assert settings.TIME_ZONE == "America/New_York"
    at = datetime.datetime(2026, 12, 2, 2, 40, 31, tzinfo=datetime.UTC)
    assert missing_since(at) == "Missing since Dec 1, 2026 21:40"


# --- Every page about the youth --------------------------------------------------------------


def test_every_youth_page_shows_missing_since_above_the_alerts_until_the_return(
    login, clinician, coordinator, placed
):
    episode = _open(placed, coordinator)
    words = episode.missing_since
    client = login(clinician)
    for url in _youth_pages(placed):
        html = _page(client, url)
        assert words in html, url
        assert html.index(words) < html.index('id="alerts-heading"'), url
        # The status badge no longer reads only "Active".
        assert re.search(r'class="usa-tag tag-danger">Active · Missing</span>', html), url
    actions.missing_episode_return(episode=episode, by=coordinator, returned_at=timezone.now())
    for url in _youth_pages(placed):
        html = _page(client, url)
        assert "Missing since" not in html, url
        assert 'class="usa-tag">Active</span>' in html, url


def test_a_youth_never_missing_has_no_badge(login, clinician, placed):
    html = _page(login(clinician), reverse("cases:detail", args=[placed.pk]))
    assert "Missing since" not in html and 'class="usa-tag">Active</span>' in html


def test_the_header_costs_one_query(clinician, coordinator, placed, login, client):
    url = reverse("cases:detail", args=[placed.pk])
    login(clinician).get(url)  # the session and the permission caches warm up
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _open(placed, coordinator)
    with CaptureQueriesContext(connection) as after:
        assert "Missing since" in client.get(url).content.decode()
    assert len(after) == len(before)


# --- Caseloads and lists -----------------------------------------------------------------------


def test_caseload_and_youth_list_rows_show_it_outsider_does_not_see_the_youth(
    login, clinician, clinician2, coordinator, placed
):
    episode = _open(placed, coordinator)
    caseload = _page(login(clinician), reverse("cases:caseload"))
    assert placed.record_number in caseload and episode.missing_since in caseload
    listing = _page(login(coordinator), reverse("cases:list"))
    assert episode.missing_since in listing
    # clinician2 is on no team of hers: neither the youth nor the badge.
    for url in (reverse("cases:caseload"), reverse("cases:list")):
        html = _page(login(clinician2), url)
        assert placed.record_number not in html and "Missing since" not in html
    assert login(clinician2).get(reverse("cases:detail", args=[placed.pk])).status_code == 404


@pytest.mark.parametrize("n", [1, 6])
def test_a_caseload_with_missing_youths_runs_flat_queries(
    n, login, clinician, coordinator, django_assert_max_num_queries
):
    for _ in range(n):
        youth = make_active_youth(by=coordinator)
        case_actions.case_assignment_create(
            youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
        )
        _open(youth, coordinator)
    client = login(clinician)
    with django_assert_max_num_queries(12):
        html = _page(client, reverse("cases:caseload"))
    assert html.count("Missing since") == n


# --- The board, the home pages -------------------------------------------------------------


def test_board_shows_the_missing_youths_home_and_names_her_only_to_those_who_see_her(
    login, coordinator, supervisor, placed
):
    episode = _open(placed, coordinator)
    board = _page(login(coordinator), reverse("placements:board"))
    row = board[board.index(">H-07<") :].split("</tr>")[0]
    assert episode.missing_since in row and placed.record_number in row
    # A supervisor of another team sees the home is occupied and its youth missing, not who.
    other = factories.make_user("supervisor2", roles.SUPERVISOR)
    board = _page(login(other), reverse("placements:board"))
    row = board[board.index(">H-07<") :].split("</tr>")[0]
    assert episode.missing_since in row
    assert placed.record_number not in board and placed.legal_first_name not in board
    actions.missing_episode_return(episode=episode, by=coordinator, returned_at=timezone.now())
    assert "Missing since" not in _page(login(coordinator), reverse("placements:board"))


def test_home_pages_of_coordinator_supervisor_and_clinician_show_it(
    login, coordinator, supervisor, clinician, clinician2, placed
):
    episode = _open(placed, coordinator)
    for user in (coordinator, supervisor, clinician):
        html = _page(login(user), reverse("home"))
        assert episode.missing_since in html, user
    # A supervisor of another team and a clinician off the team: nothing about her.
    other = factories.make_user("supervisor2", roles.SUPERVISOR)
    for user in (other, clinician2):
        html = _page(login(user), reverse("home"))
        assert "Missing since" not in html and placed.record_number not in html, user
    actions.missing_episode_return(episode=episode, by=coordinator, returned_at=timezone.now())
    for user in (coordinator, supervisor, clinician):
        assert "Missing since" not in _page(login(user), reverse("home")), user


# --- On-call essentials and the printable summary -----------------------------------------


def test_essentials_say_missing_from_the_home_not_placed_in_it(
    login, oncall, shift_now, coordinator, placed
):
    client = login(oncall)
    url = reverse("services:oncall_essentials")
    html = _page(client, url)
    assert 'CHANCE STFC home <span class="muted">H-07</span>' in html
    episode = _open(placed, coordinator)
    html = _page(client, url)
    row = html[html.index(placed.record_number) :].split("</tr>")[0]
    assert episode.missing_since in row and "Missing from home H-07" in row
    assert "CHANCE STFC home" not in row


def test_summary_says_missing_from_the_placement(client, clinician, coordinator, placed):
    client.force_login(clinician)
    session = client.session
    session[stamps.AUTH_AT] = timezone.now().timestamp()
    session.save()
    url = reverse("reports:youth_summary", args=[placed.pk])
    assert "Missing since" not in _page(client, url)
    episode = _open(placed, coordinator)
    html = _page(client, url)
    assert episode.missing_since in html
    assert "Not in home H-07: missing from this placement" in html


# --- Who is told ------------------------------------------------------------------------------


def _told(user):
    return list(Notification.objects.filter(user=user))


def test_opening_tells_primary_supervisor_coordinator_and_oncall_in_shift_once_each(
    django_capture_on_commit_callbacks,
    clinician,
    clinician2,
    supervisor,
    oncall,
    shift_now,
    coordinator,
    placed,
):
    off_shift = factories.make_user("oncall2", roles.ONCALL, roles.CLINICIAN)
    with django_capture_on_commit_callbacks(execute=True):
        episode = _open(placed, coordinator)
    url = reverse("placements:youth_missing", args=[placed.pk])
    for user, subject in (
        (clinician, "A youth on your caseload is missing"),
        (supervisor, "A youth your team serves is missing"),
        (oncall, "A youth in care is missing: you are on call"),
        # No care coordinator on the team: every care coordinator (here also the opener).
        (coordinator, "A youth in the program is missing"),
    ):
        (notice,) = _told(user)
        assert notice.subject == subject and notice.url == url
        assert episode.missing_since in notice.body
    # Outsiders: a clinician off the team, an on-call clinician with no shift now.
    assert _told(clinician2) == _told(off_shift) == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (clinician, supervisor, oncall, coordinator)
    )
    for message in mail.outbox:
        for secret in (placed.record_number, placed.legal_first_name, placed.legal_last_name):
            assert secret not in message.subject
        assert url in message.body


def test_each_person_is_told_in_their_own_language(
    django_capture_on_commit_callbacks,
    clinician,
    supervisor,
    oncall,
    shift_now,
    coordinator,
    placed,
):
    clinician.language, oncall.language = "es", "ht"
    clinician.save(update_fields=["language"])
    oncall.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        _open(placed, coordinator)
    told = {m.to[0]: m for m in mail.outbox}
    spanish, creole, english = told[clinician.email], told[oncall.email], told[supervisor.email]
    assert spanish.subject == _told(clinician)[0].subject
    assert spanish.subject.startswith("Un(a) joven") and "NCMEC" in spanish.body
    assert "24 horas" in spanish.body and "Abrir:" in spanish.body
    assert "24 èdtan" in creole.body and creole.subject != english.subject
    # Twin: no saved language, so English.
    assert english.subject == "A youth your team serves is missing"
    assert "within 24 hours" in english.body


def test_the_teams_care_coordinator_is_told_and_not_every_coordinator(
    django_capture_on_commit_callbacks, coordinator, supervisor, placed
):
    theirs = factories.make_user("coordinator2", roles.COORDINATOR, supervisor=supervisor)
    case_actions.case_assignment_create(
        youth=placed, user=theirs, role=CaseAssignment.Role.CARE_COORDINATOR, by=coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        _open(placed, coordinator)
    (notice,) = _told(theirs)
    assert notice.subject == "A youth in the program is missing"
    assert _told(coordinator) == []


def test_an_inactive_coordinator_is_not_told(
    django_capture_on_commit_callbacks, coordinator, supervisor, placed
):
    gone = factories.make_user("coordinator2", roles.COORDINATOR, supervisor=supervisor)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        _open(placed, coordinator)
    assert len(_told(coordinator)) == 1
    assert _told(gone) == []


def test_someone_in_two_roles_is_told_once(
    django_capture_on_commit_callbacks, oncall, shift_now, coordinator
):
    youth = make_active_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=oncall, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        _open(youth, coordinator)
    (notice,) = _told(oncall)
    assert notice.subject == "A youth on your caseload is missing"
    assert len([m for m in mail.outbox if m.to == [oncall.email]]) == 1


def test_a_crisis_call_and_an_alarm_tell_them_too(
    django_capture_on_commit_callbacks, clinician, oncall, shift_now, coordinator, home, placed
):
    with django_capture_on_commit_callbacks(execute=True):
        service_actions.crisis_call_log(
            youth=placed,
            received_at=timezone.now(),
            caller_kind=CrisisCall.CallerKind.CAREGIVER,
            category=CrisisCall.Category.RUNAWAY,
            description="Not in her room",
            response="Called police",
            disposition=CrisisCall.Disposition.MISSING,
            by=oncall,
            open_missing_episode=True,
            last_seen_at=timezone.now() - datetime.timedelta(hours=1),
        )
    assert len(_told(clinician)) == len(_told(oncall)) == 1
    episode = MissingEpisode.objects.get(youth=placed, returned_at__isnull=True)
    actions.missing_episode_return(episode=episode, by=coordinator, returned_at=timezone.now())
    alarm = actions.alarm_event_record(
        home=home,
        kind=AlarmEvent.Kind.UNAUTHORIZED_EXIT,
        occurred_at=timezone.now() - datetime.timedelta(minutes=5),
        by=coordinator,
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.missing_episode_open_from_alarm(alarm_event=alarm, by=coordinator)
    assert len(_told(clinician)) == len(_told(oncall)) == 2


def test_an_episode_that_is_rolled_back_tells_no_one(
    django_capture_on_commit_callbacks, clinician, coordinator, home, placed
):
    alarm = actions.alarm_event_record(
        home=home,
        kind=AlarmEvent.Kind.UNAUTHORIZED_EXIT,
        occurred_at=timezone.now() - datetime.timedelta(minutes=5),
        by=coordinator,
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.missing_episode_open_from_alarm(alarm_event=alarm, by=coordinator)
    episode = MissingEpisode.objects.get(youth=placed)
    actions.missing_episode_return(episode=episode, by=coordinator, returned_at=timezone.now())
    # The alarm already belongs to that episode: the second opening is refused and undone.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):
        actions.missing_episode_open(
            youth=placed,
            by=coordinator,
            last_seen_at=timezone.now() - datetime.timedelta(minutes=1),
            alarm_event=alarm,
        )
    assert MissingEpisode.objects.filter(youth=placed).count() == 1
    assert len(_told(clinician)) == 1


# --- Caregivers' phones for on-call -----------------------------------------------------------


def test_oncall_in_shift_sees_the_caregiver_phone_and_each_youth_shown_is_logged(
    login, oncall, shift_now, coordinator, placed
):
    client = login(oncall)
    before = AccessLog.objects.count()
    html = _page(client, reverse("services:oncall_essentials"))
    assert CAREGIVER_PHONE in html
    rows = AccessLog.objects.filter(pk__gt=0).order_by("-id")[: AccessLog.objects.count() - before]
    (row,) = [r for r in rows if r.youth_id == placed.pk]
    assert row.user == oncall and "caregiver phones of home H-07" in row.reason
    assert row.what == "services:oncall_essentials"


def test_oncall_youth_page_names_the_phones_on_its_one_row(
    login, oncall, shift_now, coordinator, placed
):
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    html = _page(login(oncall), reverse("services:oncall_youth", args=[placed.pk]))
    assert CAREGIVER_PHONE in html
    (row,) = AccessLog.objects.filter(id__gt=before, youth_id=placed.pk)
    assert "caregiver phones of home H-07" in row.reason


def test_outsiders_see_no_phone(login, oncall, clinician2, admin_user, coordinator, placed):
    # On-call out of shift: no essentials page, and the one place gives nothing.
    assert login(oncall).get(reverse("services:oncall_essentials")).status_code == 404
    # A clinician who is not on call and not on her team: the same.
    assert login(clinician2).get(reverse("services:oncall_essentials")).status_code == 404
    for user in (oncall, clinician2):
        request = RequestFactory().get("/")
        request.user = user
        assert caregiver_phones_for(request, [placed.pk]) == {}
    # A shift that has ended closes the phones with it.
    shift = service_actions.oncall_shift_create(
        user=oncall,
        role="primary",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        by=admin_user,
    )
    request = RequestFactory().get("/")
    request.user = oncall
    assert caregiver_phones_for(request, [placed.pk])[placed.pk][0].phone == CAREGIVER_PHONE
    with time_machine.travel(shift.ends_at + datetime.timedelta(minutes=1)):
        assert caregiver_phones_for(request, [placed.pk]) == {}
        assert login(oncall).get(reverse("services:oncall_essentials")).status_code == 404


@pytest.mark.parametrize("n", [1, 6])
def test_essentials_with_phones_of_many_homes_run_flat_queries(
    n, login, oncall, shift_now, coordinator, django_assert_max_num_queries
):
    """The existing cap of the page (15) plus one: the phones' query. Their log rows, one per
    youth, go in one insert (``chance.audit.log.append_many``): flat whatever the homes."""
    for i in range(n):
        home = make_home(by=coordinator, code=f"H-3{i}")
        caregiver = Caregiver.objects.get(home=home)
        caregiver.phone = f"555-03{i:02d}"
        actions.caregiver_save(caregiver=caregiver, by=coordinator)
        youth = make_active_youth(by=coordinator)
        actions.placement_start(
            youth=youth, setting=Placement.Setting.STFC, home=home, by=coordinator
        )
    client = login(oncall)
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with django_assert_max_num_queries(16):
        html = _page(client, reverse("services:oncall_essentials"))
    assert all(f"555-03{i:02d}" in html for i in range(n))
    assert AccessLog.objects.filter(id__gt=before, youth_id__isnull=False).count() == n


# --- A crisis call starts at now --------------------------------------------------------------


def test_crisis_call_time_starts_at_now_to_the_minute(login, oncall, shift_now):
    at = timezone.now().replace(second=37)
    with time_machine.travel(at, tick=False):
        html = _page(login(oncall), reverse("services:crisis_call_new"))
    local = timezone.localtime(at)
    field = re.search(r'<input[^>]*name="received_at"[^>]*>', html).group(0)
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in field
