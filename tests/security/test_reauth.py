import pytest

from placements import actions as placement_actions
from placements.models import Home
from tests import factories

REAUTH = "/security/reauth/"


@pytest.fixture
def home(coordinator):
    home = Home(code="H-77", address="12 Canary Lane", phone="555-0100")
    return placement_actions.home_save(home=home, by=coordinator)


def test_a_fresh_sign_in_sees_the_address(client, sign_in, coordinator, home):
    sign_in(coordinator)
    response = client.get(f"/homes/{home.pk}/address/")
    assert response.status_code == 200 and b"12 Canary Lane" in response.content


def test_after_10_minutes_the_address_needs_the_password_again_and_comes_back(
    client, sign_in, coordinator, home, clock
):
    sign_in(coordinator)
    clock.shift(10 * 60 + 1)
    url = f"/homes/{home.pk}/address/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTH}?next=%2Fhomes%2F{home.pk}%2Faddress%2F"
    assert b"Canary Lane" not in client.get(response["Location"]).content

    wrong = client.post(response["Location"], {"password": "not-my-password"})
    assert wrong.status_code == 200 and b"That password is not right" in wrong.content
    empty = client.post(response["Location"], {})
    assert b"Enter your password or a code" in empty.content

    back = client.post(response["Location"], {"password": factories.PASSWORD})
    assert back.status_code == 302 and back["Location"] == url
    assert b"12 Canary Lane" in client.get(url).content


def test_reauth_refuses_to_send_the_user_off_site(client, sign_in, coordinator):
    sign_in(coordinator)
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post(f"{REAUTH}?next={target}", {"password": factories.PASSWORD})
        assert response.status_code == 302 and response["Location"] in ("home", "/"), target


def test_someone_without_address_rights_gets_404_even_after_reauth(
    client, sign_in, clinician2, home
):
    sign_in(clinician2)
    assert client.get(f"/homes/{home.pk}/address/").status_code == 404
