"""The coordinator links a caregiver record to the caregiver's own login on the caregiver's edit
form; only an active login holding the Foster caregiver role, and not one another record holds,
can be chosen, and the action refuses any other (a caller outside the form, such as the admin)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chance.access import Need, holds
from chance.accounts import roles
from placements import actions
from placements.models import Caregiver
from tests import factories
from tests.placements.conftest import make_home
from tests.placements.test_caregiver_phone import _edit_data


@pytest.fixture
def new_login(db):
    return factories.make_user("morgan", roles.CAREGIVER)


def test_the_coordinator_links_the_login_and_the_caregiver_then_reaches_the_youth(
    login, coordinator, placed, new_login
):
    home = placed.placements.get(ended_on__isnull=True).home
    caregiver = home.caregivers.get()
    url = reverse("placements:caregiver_edit", args=[home.pk, caregiver.pk])
    client = login(coordinator)
    page = client.get(url).content.decode()
    assert "Foster caregiver role" in page  # the field says what the login is for
    assert not holds(new_login, placed.pk, Need.HOME_CARE)

    response = client.post(url, _edit_data(caregiver, user=new_login.pk))
    assert response.status_code == 302
    assert Caregiver.objects.get(pk=caregiver.pk).user == new_login
    assert caregiver.history.order_by("-history_id").first().history_user_id == coordinator.pk
    assert holds(new_login, placed.pk, Need.HOME_CARE)


def test_the_form_offers_no_staff_login_and_none_linked_elsewhere(
    login, coordinator, clinician, placed, new_login
):
    home = placed.placements.get(ended_on__isnull=True).home
    caregiver = home.caregivers.get()
    other_home = make_home(by=coordinator, code="H-09")
    taken = factories.make_user("taken", roles.CAREGIVER)
    other = other_home.caregivers.get()
    other.user = taken
    actions.caregiver_save(caregiver=other, by=coordinator)

    url = reverse("placements:caregiver_edit", args=[home.pk, caregiver.pk])
    client = login(coordinator)
    offered = set(client.get(url).context["form"].fields["user"].queryset)
    assert new_login in offered
    assert clinician not in offered and taken not in offered

    for refused in (clinician, taken):
        response = client.post(url, _edit_data(caregiver, user=refused.pk))
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "user" in errors, errors  # next to the field, nothing saved
    assert Caregiver.objects.get(pk=caregiver.pk).user is None
    assert not holds(clinician, placed.pk, Need.HOME_CARE)


def test_the_action_refuses_a_login_without_the_caregiver_role(coordinator, clinician, home):
    caregiver = home.caregivers.get()
    caregiver.user = clinician
    with pytest.raises(ValidationError) as info:
        actions.caregiver_save(caregiver=caregiver, by=coordinator)
    assert "user" in info.value.message_dict
    assert Caregiver.objects.get(pk=caregiver.pk).user is None


def test_a_support_worker_cannot_link_a_login(login, support, home, new_login):
    caregiver = home.caregivers.get()
    url = reverse("placements:caregiver_edit", args=[home.pk, caregiver.pk])
    response = login(support).post(url, _edit_data(caregiver, user=new_login.pk))
    assert response.status_code in (403, 404)
    assert Caregiver.objects.get(pk=caregiver.pk).user is None
