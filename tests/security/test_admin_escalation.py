"""A program admin manages accounts and roles in Django admin but cannot climb above the role:
no superuser flag, no loose permissions, no changing their own roles, no superuser accounts."""

from django.contrib.auth.models import Group
from django.urls import reverse

from chance.accounts import roles
from tests import factories


def _change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


_post = factories.post_user_change


def test_a_program_admin_cannot_make_themselves_superuser(login, admin_user):
    client = login(admin_user)
    page = client.get(_change_url(admin_user)).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    coordinator_role = Group.objects.get(name=roles.COORDINATOR)
    response = _post(client, admin_user, is_superuser="on", groups=[coordinator_role.pk])
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser
    assert list(admin_user.groups.values_list("name", flat=True)) == [roles.ADMIN]


def test_a_program_admin_still_gives_other_staff_their_roles(login, admin_user, clinician):
    coordinator_role = Group.objects.get(name=roles.COORDINATOR)
    response = _post(login(admin_user), clinician, groups=[coordinator_role.pk], is_superuser="on")
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert list(clinician.groups.values_list("name", flat=True)) == [roles.COORDINATOR]
    assert not clinician.is_superuser


def test_a_program_admin_cannot_touch_a_superuser_account(login, admin_user):
    root = factories.make_user("root", is_superuser=True, is_staff=True)
    client = login(admin_user)
    assert _post(client, root, first_name="Renamed").status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[root.pk]).replace(
        "auth/user", "accounts/user"
    )
    response = client.post(
        password_url, {"password1": "Taken-over-1234", "password2": "Taken-over-1234"}
    )
    assert response.status_code in (403, 404)
    root.refresh_from_db()
    assert root.check_password(factories.PASSWORD) and root.first_name != "Renamed"


def test_a_superuser_can_still_grant_superuser(login, clinician):
    root = factories.make_user("root", is_superuser=True, is_staff=True)
    response = _post(login(root), clinician, is_superuser="on")
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert clinician.is_superuser
