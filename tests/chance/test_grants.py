"""Roles and role-wide permissions are cached between requests (chance.accounts.grants); a change
of roles or of a role's permissions must still take effect at the very next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chance.accounts import roles


def _youth_list_status(client, user, path="/youths/"):
    client.force_login(user)
    return client.get(path).status_code


def test_removing_a_role_refuses_at_the_next_request(client, coordinator, clinician):
    assert _youth_list_status(client, coordinator) == 200  # now cached
    coordinator.groups.remove(Group.objects.get(name=roles.COORDINATOR))
    assert _youth_list_status(client, coordinator) == 403


def test_a_user_whose_roles_did_not_change_keeps_access(client, coordinator, supervisor):
    assert _youth_list_status(client, coordinator) == 200
    supervisor.groups.remove(Group.objects.get(name=roles.SUPERVISOR))  # someone else's change
    assert _youth_list_status(client, coordinator) == 200


def test_adding_a_role_grants_at_the_next_request(client, clinician):
    intake = "/youths/intake/"  # coordinators take referrals; clinicians do not
    assert _youth_list_status(client, clinician, intake) == 403
    clinician.groups.add(Group.objects.get(name=roles.COORDINATOR))
    assert _youth_list_status(client, clinician, intake) == 200


def test_taking_a_permission_from_a_role_applies_to_its_members(client, coordinator):
    assert _youth_list_status(client, coordinator) == 200
    group = Group.objects.get(name=roles.COORDINATOR)
    group.permissions.remove(Permission.objects.get(codename="view_youth"))
    assert _youth_list_status(client, coordinator) == 403


def test_roles_and_permissions_are_read_once_then_come_from_the_cache(client, coordinator):
    client.force_login(coordinator)
    client.get("/youths/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/youths/").status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "auth_group_permissions" not in sql
    assert '"auth_group"."name"' not in sql


@pytest.mark.parametrize("superuser", [False, True])
def test_a_superuser_keeps_role_wide_access_after_losing_every_role(client, coordinator, superuser):
    client.force_login(coordinator)
    client.get("/youths/")
    coordinator.is_superuser = superuser
    coordinator.save(update_fields=["is_superuser"])
    coordinator.groups.clear()
    # Without roles only a superuser still passes the role-wide check.
    assert (client.get("/youths/").status_code == 200) is superuser
