"""What follows from other facts is read on every request: a change of supervisor, of the Part 2
permission or of a role moves access at once, with nothing to resynchronise."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.accounts import roles
from chance.audit.models import AccessLog
from services import actions as service_actions
from services.models import ServiceType
from tests import factories


def _detail(youth):
    return reverse("cases:detail", args=[youth.pk])


def test_a_new_supervisor_set_in_admin_sees_the_youth_and_the_old_one_stops(
    login, admin_user, supervisor, clinician, youth
):
    new = factories.make_user("new-sup", roles.SUPERVISOR)
    assert login(supervisor).get(_detail(youth)).status_code == 200
    assert login(new).get(_detail(youth)).status_code == 404
    # The team is the clinician alone; the admin gives them a new supervisor.
    response = factories.post_user_change(login(admin_user), clinician, supervisor=new.pk)
    assert response.status_code == 302
    assert login(new).get(_detail(youth)).status_code == 200
    assert login(supervisor).get(_detail(youth)).status_code == 404
    row = AccessLog.objects.filter(youth_id=youth.pk, user=new).latest("id")
    assert row.action == AccessLog.Action.VIEWED and row.reason == "Supervision"


def test_a_supervisor_change_saved_in_code_moves_access_too(login, supervisor, clinician, youth):
    new = factories.make_user("new-sup", roles.SUPERVISOR)
    clinician.supervisor = new
    clinician.save()
    assert login(new).get(_detail(youth)).status_code == 200
    assert login(supervisor).get(_detail(youth)).status_code == 404


def test_the_old_supervisor_keeps_a_youth_they_are_on_the_team_of_in_their_own_right(
    login, coordinator, supervisor, clinician, youth
):
    case_actions.case_assignment_create(
        youth=youth, user=supervisor, role=CaseAssignment.Role.SUPERVISOR, by=coordinator
    )
    other = factories.make_user("new-sup", roles.SUPERVISOR)
    clinician.supervisor = other
    clinician.save()
    assert login(other).get(_detail(youth)).status_code == 200  # supervision moved
    assert login(supervisor).get(_detail(youth)).status_code == 200  # the assignment stays


def test_part2_given_after_the_assignment_reaches_the_youth_and_withdrawing_it_ends_it(
    login, clinician, youth
):
    part2 = Permission.objects.get(codename="view_part2")
    client = login(clinician)
    url = reverse("services:consents", args=[youth.pk])
    assert 'name="covers_part2"' not in client.get(url).content.decode()
    clinician.user_permissions.add(part2)
    page = client.get(url).content.decode()
    assert 'name="covers_part2"' in page  # the Part 2 release is offered at once
    assert ServiceType.objects.filter(part2=True, active=True).exists()
    assert any(t.part2 for t in service_actions.service_types_for(clinician, youth))
    release = factories.record_release(
        youth, by=clinician, purpose="court", recipient="Fictional Part 2 court"
    )
    assert release.recipient in client.get(url).content.decode()
    clinician.user_permissions.remove(part2)
    page = client.get(url).content.decode()
    assert release.recipient not in page and 'name="covers_part2"' not in page


def test_part2_alone_opens_no_youth_off_the_team(login, clinician2, youth):
    clinician2.user_permissions.add(Permission.objects.get(codename="view_part2"))
    assert login(clinician2).get(reverse("services:consents", args=[youth.pk])).status_code == 404


def test_revoking_a_role_ends_access_on_the_next_request(login, supervisor, youth):
    client = login(supervisor)
    assert client.get(_detail(youth)).status_code == 200
    supervisor.groups.remove(Group.objects.get(name=roles.SUPERVISOR))
    assert client.get(_detail(youth)).status_code == 404


def test_revoking_a_role_reaches_a_process_whose_cache_still_holds_it(login, supervisor, youth):
    """Another process's copy of the grants is the shared cache entry: the revocation replaces
    the generation, so the stale entry is not used even though it is still stored."""
    from django.core.cache import cache

    from chance.accounts import grants

    assert login(supervisor).get(_detail(youth)).status_code == 200
    stale_key = grants._key(supervisor)
    stale = cache.get(stale_key)
    assert stale is not None and roles.SUPERVISOR in stale[1].roles
    supervisor.groups.remove(Group.objects.get(name=roles.SUPERVISOR))
    cache.set(stale_key, stale)  # the other process wrote its copy back late
    assert login(supervisor).get(_detail(youth)).status_code == 404
