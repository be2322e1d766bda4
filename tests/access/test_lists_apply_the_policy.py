"""Lists that carry youths take the user and apply the access policy: a youth the user gets 404
on is not on their board, waitlist, missing list or crisis-call log either."""

from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.accounts import roles
from placements import actions as placement_actions
from placements.models import Placement
from services import actions as service_actions
from services.models import CrisisCall
from tests import factories
from tests.placements.conftest import make_active_youth, make_home, make_waitlisted_youth

BOARD = reverse("placements:board")


def _team(youth, clinician, coordinator):
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )


def test_the_board_names_only_youths_the_viewer_may_see(login, coordinator, supervisor, clinician):
    waiting = make_waitlisted_youth(by=coordinator, legal_first_name="Gray")
    unsupervised = make_active_youth(by=coordinator, legal_first_name="Quinn")
    home = make_home(by=coordinator, code="H-31")
    placement_actions.placement_start(
        youth=unsupervised, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    page = login(supervisor).get(BOARD).content.decode()
    # The supervisor supervises no one on either youth's team (nobody is on it yet).
    assert waiting.record_number not in page and "Gray" not in page
    assert unsupervised.record_number not in page and "Quinn" not in page
    assert "Occupied by a youth outside your caseload" in page
    # The twin: once their supervisee is on the team, the supervisor sees both.
    _team(waiting, clinician, coordinator)
    _team(unsupervised, clinician, coordinator)
    page = login(supervisor).get(BOARD).content.decode()
    assert waiting.record_number in page and unsupervised.record_number in page
    # And the coordinator sees everyone.
    other = make_waitlisted_youth(by=coordinator)
    assert other.record_number in login(coordinator).get(BOARD).content.decode()


def test_the_waitlist_page_lists_only_visible_youths(login, coordinator, supervisor, clinician):
    waiting = make_waitlisted_youth(by=coordinator)
    url = reverse("cases:waitlist")
    assert waiting.record_number not in login(supervisor).get(url).content.decode()
    _team(waiting, clinician, coordinator)
    assert waiting.record_number in login(supervisor).get(url).content.decode()


def test_crisis_calls_list_only_youths_the_viewer_may_see(
    login, coordinator, supervisor, clinician, oncall, shift_now
):
    youth = make_active_youth(by=coordinator)
    service_actions.crisis_call_log(
        youth=youth,
        received_at=timezone.now(),
        caller_kind=CrisisCall.CallerKind.CAREGIVER,
        category=CrisisCall.Category.EXPLOITER,
        description="A caller asked for the youth by a street name.",
        response="Safety plan reviewed with the caregiver.",
        disposition=CrisisCall.Disposition.PHONE,
        by=oncall,
    )
    url = reverse("services:crisis_calls")
    assert youth.record_number in login(oncall).get(url).content.decode()
    assert youth.record_number not in login(supervisor).get(url).content.decode()
    _team(youth, clinician, coordinator)
    assert youth.record_number in login(supervisor).get(url).content.decode()


def test_open_missing_episodes_are_only_those_of_visible_youths(
    login, coordinator, supervisor, clinician
):
    from placements.selectors import open_missing_episodes

    youth = make_active_youth(by=coordinator)
    placement_actions.missing_episode_open(youth=youth, by=coordinator, last_seen_at=timezone.now())
    other = factories.make_user("coord2", roles.COORDINATOR)
    assert youth.record_number in login(other).get(reverse("home")).content.decode()
    assert [e.youth_id for e in open_missing_episodes(supervisor)] == []
    _team(youth, clinician, coordinator)
    assert [e.youth_id for e in open_missing_episodes(supervisor)] == [youth.pk]
