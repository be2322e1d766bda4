"""Role home pages: each role sees its section, outsiders never see a youth, constant queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import actions as case_actions
from chance.reminders import engine
from chance.reminders.models import Reminder
from placements import actions as placement_actions
from tests.placements.conftest import make_home, make_waitlisted_youth
from tests.services.conftest import make_active

from .conftest import build_caseload


def test_it_keeps_the_welcome_heading_and_shows_no_section_without_a_role(login, db):
    from tests import factories

    user = factories.make_user("norole")
    body = login(user).get("/").content.decode()
    assert "<h1>Welcome, " in body
    assert "You have no role yet" in body
    assert "My caseload: what is due" not in body


def test_clinician_sees_next_due_item_and_alerts_of_their_caseload(
    login, youth, coordinator, clinician
):
    make_active(youth, by=coordinator)
    case_actions.safety_alert_create(
        youth=youth, by=clinician, kind="runaway", summary="Ran from school before"
    )
    engine.sweep(timezone.now() + timedelta(days=10))  # e.g. the initial assessment falls due
    first = Reminder.objects.filter(recipient=clinician, youth_id=youth.pk).order_by("due_at")[0]
    body = login(clinician).get("/").content.decode()
    assert youth.record_number in body
    assert "Ran from school before" in body
    assert str(first.rule_obj.label) in body
    assert "Nothing due" not in body


def test_outsider_clinician_sees_no_youth_of_another_caseload(
    login, youth, coordinator, clinician2
):
    make_active(youth, by=coordinator)
    case_actions.safety_alert_create(
        youth=youth, by=coordinator, kind="runaway", summary="Ran from school before"
    )
    body = login(clinician2).get("/").content.decode()
    assert youth.record_number not in body
    assert youth.legal_first_name not in body
    assert "Ran from school before" not in body
    assert "on no youth's case team" in body


def test_coordinator_sees_ready_and_blocked_homes_waitlist_and_missing_clock(
    login, coordinator, clinician
):
    make_home(by=coordinator, code="H-01")
    make_home(by=coordinator, code="H-02", alarm_tested_days_ago=45)
    taken = make_home(by=coordinator, code="H-03")
    placement_actions.placement_start(
        youth=make_waitlisted_youth(by=coordinator), setting="stfc", home=taken, by=coordinator
    )
    waiting = make_waitlisted_youth(by=coordinator)
    [missing_youth] = build_caseload(1, coordinator=coordinator, clinician=clinician)
    placement_actions.missing_episode_open(
        youth=missing_youth, by=coordinator, last_seen_at=timezone.now() - timedelta(hours=30)
    )
    body = login(coordinator).get("/").content.decode()
    assert "Homes ready to take a child (1)" in body  # H-01; H-03 is ready but occupied
    assert "Homes blocked (1)" in body and "Alarm test overdue" in body
    assert "1 home occupied" in body
    assert waiting.record_number in body
    assert missing_youth.record_number in body and "overdue by" in body


def test_supervisor_sees_overdue_by_person_and_pending_plans(
    login, youth, coordinator, supervisor, clinician
):
    from services import actions as services_actions

    make_active(youth, by=coordinator)
    plan = services_actions.plan_create(youth=youth, by=clinician)
    goal = services_actions.goal_add(plan=plan, description="Stay safe at home", by=clinician)
    services_actions.objective_add(goal=goal, description="Sleep at home", by=clinician)
    services_actions.plan_submit(plan=plan, by=clinician)
    engine.sweep(timezone.now() + timedelta(days=10))
    body = login(supervisor).get("/").content.decode()
    assert "Plans waiting for your approval (1)" in body
    assert youth.record_number in body
    assert "Clinician Tester" in body


def test_supervisor_outsider_twin_sees_no_plan_of_a_team_they_do_not_supervise(
    login, youth, coordinator, clinician
):
    from chance.accounts import roles
    from services import actions as services_actions
    from tests import factories

    other_supervisor = factories.make_user("othersup", roles.SUPERVISOR)
    make_active(youth, by=coordinator)
    plan = services_actions.plan_create(youth=youth, by=clinician)
    goal = services_actions.goal_add(plan=plan, description="Stay safe at home", by=clinician)
    services_actions.objective_add(goal=goal, description="Sleep at home", by=clinician)
    services_actions.plan_submit(plan=plan, by=clinician)
    body = login(other_supervisor).get("/").content.decode()
    assert "Plans waiting for your approval (0)" in body
    assert youth.record_number not in body


def test_oncall_in_shift_sees_essentials_link(login, oncall, admin_user):
    from services import actions as services_actions
    from services.models import OnCallShift

    now = timezone.now()
    services_actions.oncall_shift_create(
        user=oncall,
        role=OnCallShift.Role.PRIMARY,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
        by=admin_user,
    )
    body = login(oncall).get("/").content.decode()
    assert "On shift" in body and "/services/oncall/essentials/" in body


def test_oncall_off_shift_gets_no_essentials_link(login, oncall):
    body = login(oncall).get("/").content.decode()
    assert "You are not on shift now" in body
    assert "/services/oncall/essentials/" not in body


def test_admin_sees_counts_and_no_youth(login, admin_user, youth):
    body = login(admin_user).get("/").content.decode()
    assert "Users, roles and catalogues" in body
    assert "/admin/accounts/user/" in body
    assert youth.record_number not in body
    assert "My caseload" not in body


HOME_QUERY_CAP = 30  # measured: 9–13 per role, 27 for a user with every role


@pytest.mark.parametrize("n", [10, 100])
def test_every_home_section_runs_a_constant_number_of_queries(
    n, client, coordinator, clinician, supervisor, django_assert_max_num_queries
):
    from chance.accounts import roles
    from tests import factories

    build_caseload(n, coordinator=coordinator, clinician=clinician)
    engine.sweep(timezone.now() + timedelta(days=10))
    everyone = factories.make_user(
        "everyone",
        roles.CLINICIAN,
        roles.COORDINATOR,
        roles.SUPERVISOR,
        roles.ONCALL,
        roles.ADMIN,
    )
    for user in (clinician, supervisor, coordinator, everyone):
        client.force_login(user)
        with django_assert_max_num_queries(HOME_QUERY_CAP) as queries:
            response = client.get("/")
        assert response.status_code == 200
        print(f"home page, {n} youths, {user.username}: {len(queries)} queries")
    client.force_login(clinician)
    assert client.get("/").content.decode().count("Seen with an older man") == n
