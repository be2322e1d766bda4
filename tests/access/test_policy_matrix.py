"""The access policy against DESIGN.md's access matrix, written out by hand, for every persona
and every youth of a small program built through the real actions.

Each persona's row says exactly what they hold on each youth; the test compares it with
``youth_access`` (one youth) and with ``visible_youths`` (lists), for every need. A youth a persona
holds nothing on must be a 404, and must appear in no list of theirs.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.http import Http404
from django.utils import timezone

from cases import actions as case_actions
from cases.break_glass import break_glass_open
from cases.models import CaseAssignment, Youth
from chance.access import Need, visible_youths, youth_access
from chance.accounts import roles
from placements import actions as placement_actions
from placements.models import Placement
from services.actions import oncall_shift_create
from services.models import OnCallShift
from tests import factories
from tests.placements.conftest import make_active_youth, make_home

N = Need
TEAM_CLINICAL = {N.IDENTITY, N.EDIT, N.CLINICAL, N.WRITE_CLINICAL, N.SAFETY, N.ADDRESS}
COORDINATOR = {N.IDENTITY, N.EDIT, N.REPORT_MISSING, N.ADDRESS}
COORDINATOR |= {N.MANAGE_LIFECYCLE, N.MANAGE_TEAM, N.REFER}
SUPERVISED = {N.IDENTITY, N.CLINICAL, N.APPROVE, N.SAFETY, N.ADDRESS}
SUPERVISED |= {N.MANAGE_LIFECYCLE, N.MANAGE_TEAM}
ON_CALL = {N.IDENTITY, N.SAFETY, N.REPORT_MISSING}
SUPPORT = {N.IDENTITY, N.SAFETY, N.ADDRESS, N.REPORT_MISSING, N.VISIT_HOME}
CAREGIVER = {N.HOME_CARE, N.REPORT_MISSING}
BREAK_GLASS = {N.IDENTITY, N.CLINICAL}
NOTHING = set()
YOUTHS = ("placed", "crt", "referred", "former")

# persona -> youth -> what they hold. Youths: "placed" (active STFC, lives in home H-01, whose
# support staff is `support`; team: `clinician` primary, `part2` clinician), "crt" (active CRT
# in a shelter; team: `crt_clinician`, supervised by `supervisor2`), "referred" (no team yet),
# "former" (discharged; `clinician`'s assignment has ended).
MATRIX = {
    "clinician": {"placed": TEAM_CLINICAL},
    "part2": {"placed": TEAM_CLINICAL | {N.PART2}},
    "crt_clinician": {"crt": TEAM_CLINICAL},
    "outsider": {},
    "coordinator": dict.fromkeys(YOUTHS, COORDINATOR),
    # Supervisors see every home's address; which youths they see is supervision's answer.
    "supervisor": {"placed": SUPERVISED, "crt": {N.ADDRESS}, "referred": {N.ADDRESS}},
    "supervisor2": {"placed": {N.ADDRESS}, "crt": SUPERVISED, "referred": {N.ADDRESS}},
    "oncall_in_shift": {"placed": ON_CALL, "crt": ON_CALL},
    "oncall_off_shift": {},
    "support": {"placed": SUPPORT},
    # The foster caregiver of H-01; one of the vacant H-02; the survivor mentor of "crt".
    "caregiver": {"placed": CAREGIVER},
    "caregiver_elsewhere": {},
    "mentor": {"crt": {N.MENTORING}},
    "break_glass": {"crt": BREAK_GLASS},  # and an expired grant on "referred"
    "admin": {},
}
MATRIX["supervisor"]["former"] = MATRIX["supervisor2"]["former"] = {N.ADDRESS}


@pytest.fixture
def program(db):
    """The personas and youths of MATRIX, built as the program would build them."""
    now = timezone.now()
    u = {}
    u["supervisor"] = factories.make_user("sup", roles.SUPERVISOR)
    u["supervisor2"] = factories.make_user("sup2", roles.SUPERVISOR)
    u["coordinator"] = factories.make_user("coord", roles.COORDINATOR)
    u["admin"] = factories.make_user("adm", roles.ADMIN)
    for name, supervisor in (
        ("clinician", "supervisor"),
        ("part2", "supervisor"),
        ("crt_clinician", "supervisor2"),
        ("outsider", None),
        ("break_glass", None),
    ):
        u[name] = factories.make_user(name, roles.CLINICIAN, supervisor=u.get(supervisor))
    u["part2"].user_permissions.add(Permission.objects.get(codename="view_part2"))
    u["oncall_in_shift"] = factories.make_user("oc1", roles.ONCALL)
    u["oncall_off_shift"] = factories.make_user("oc2", roles.ONCALL)
    u["support"] = factories.make_user("sup-staff", roles.SUPPORT)
    u["caregiver"] = factories.make_user("cg1", roles.CAREGIVER)
    u["caregiver_elsewhere"] = factories.make_user("cg2", roles.CAREGIVER)
    u["mentor"] = factories.make_user("mentor", roles.MENTOR)
    coord = u["coordinator"]

    def team(youth, user, role=CaseAssignment.Role.PRIMARY_CLINICIAN):
        return case_actions.case_assignment_create(youth=youth, user=user, role=role, by=coord)

    y = {}
    y["placed"] = make_active_youth(by=coord)
    home = make_home(by=coord, code="H-01")
    placement_actions.support_assignment_create(home=home, user=u["support"], by=coord)
    placement_actions.placement_start(
        youth=y["placed"], setting=Placement.Setting.STFC, home=home, by=coord
    )
    team(y["placed"], u["clinician"])
    team(y["placed"], u["part2"], CaseAssignment.Role.CLINICIAN)
    y["crt"] = make_active_youth(by=coord, track=Youth.Track.CRT)
    placement_actions.placement_start(
        youth=y["crt"], setting=Placement.Setting.SHELTER, provider="Fictional", by=coord
    )
    team(y["crt"], u["crt_clinician"])
    team(y["crt"], u["mentor"], CaseAssignment.Role.MENTOR)
    for user, where in (
        (u["caregiver"], home),
        (u["caregiver_elsewhere"], make_home(by=coord, code="H-02")),
    ):
        caregiver = where.caregivers.get()
        caregiver.user = user
        placement_actions.caregiver_save(caregiver=caregiver, by=coord)
    y["referred"] = factories.refer_youth(by=coord)
    y["former"] = make_active_youth(by=coord, track=Youth.Track.CRT)
    ended = team(y["former"], u["clinician"])
    case_actions.case_assignment_end(assignment=ended, by=coord)
    case_actions.youth_discharge(
        youth=y["former"], by=coord, discharged_on=timezone.localdate(), reason="goals_met"
    )
    oncall_shift_create(
        user=u["oncall_in_shift"],
        role=OnCallShift.Role.PRIMARY,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=7),
        by=u["admin"],
    )
    oncall_shift_create(  # a shift, but not now
        user=u["oncall_off_shift"],
        role=OnCallShift.Role.BACKUP,
        starts_at=now + timedelta(hours=10),
        ends_at=now + timedelta(hours=18),
        by=u["admin"],
    )
    reason = "The on-call line reports a crisis and the team cannot be reached tonight."
    break_glass_open(youth=y["crt"], by=u["break_glass"], reason=reason)
    with time_machine.travel(now - timedelta(hours=30)):
        break_glass_open(youth=y["referred"], by=u["break_glass"], reason=reason)
    return u, y


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_policy_matches_the_access_matrix(program, persona):
    users, youths = program
    user = users[persona]
    for key, youth in youths.items():
        expected = {str(n) for n in MATRIX[persona].get(key, NOTHING)}
        if expected:
            held = youth_access(user, youth.pk, next(iter(expected))).grants
            assert held == expected, (persona, key)
        for need in Need:
            if str(need) in expected:
                continue
            with pytest.raises(Http404):
                youth_access(user, youth.pk, need)
    for need in Need:
        listed = set(visible_youths(user, need).values_list("pk", flat=True))
        assert listed == {
            youths[k].pk for k in YOUTHS if str(need) in MATRIX[persona].get(k, NOTHING)
        }, (persona, str(need))


def test_every_need_is_somebodys_and_every_persona_is_a_design_role():
    held = {str(n) for row in MATRIX.values() for grants in row.values() for n in grants}
    assert held == {str(n) for n in Need}
