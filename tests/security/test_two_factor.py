import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from chance.audit.models import AccessLog
from chance.security import actions
from chance.security.models import EncryptedTOTPDevice, HashedStaticDevice

from .conftest import totp_code

OTP_URL = "/security/2fa/verify/"
ENROLL_URL = "/security/2fa/setup/"
# Where a half-signed-in user may still go.
HALF_SIGNED_IN_OPEN = {"login", "logout", "healthz", "security:otp_verify", "security:enroll"}


def _enrolled(user):
    device = EncryptedTOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    static = HashedStaticDevice.objects.create(user=user, name="backup", confirmed=True)
    static.add_codes(["backup0001"])
    return device


def _urls(patterns, prefix="", ns=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner_ns = f"{ns}{entry.namespace}:" if entry.namespace else ns
            yield from _urls(entry.url_patterns, prefix + str(entry.pattern), inner_ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{ns}{entry.name}"


def _concrete(route):
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:\w+:)?\w+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def test_password_only_user_is_sent_to_the_otp_step_on_every_url(
    client, sign_in, clinician, require_2fa
):
    _enrolled(clinician)
    assert sign_in(clinician).status_code == 302
    checked = 0
    for route, name in _urls(get_resolver().url_patterns):
        if name in HALF_SIGNED_IN_OPEN or "(?P" in route:
            continue
        url = _concrete(route)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, f"{url} answered {response.status_code}"
            assert response["Location"].startswith(OTP_URL), (url, response["Location"])
        checked += 1
    assert checked >= 20
    # And an unknown URL too: no 404 that would confirm or deny anything before the second step.
    assert client.get("/no/such/page/")["Location"].startswith(OTP_URL)


def test_the_otp_step_lets_the_user_in_and_back_to_where_they_were(
    client, sign_in, clinician, require_2fa
):
    device = _enrolled(clinician)
    sign_in(clinician)
    response = client.get("/youths/")
    assert response["Location"] == OTP_URL + "?next=%2Fyouths%2F"
    response = client.post(OTP_URL + "?next=/youths/", {"token": totp_code(device)})
    assert response.status_code == 302 and response["Location"] == "/youths/"
    assert client.get("/").status_code == 200


def test_a_wrong_code_gets_a_message_and_no_entry(client, sign_in, clinician, require_2fa):
    _enrolled(clinician)
    sign_in(clinician)
    response = client.post(OTP_URL, {"token": "000000"})
    assert response.status_code == 200
    assert b"not right" in response.content or b"Too many wrong codes" in response.content
    assert client.get("/")["Location"].startswith(OTP_URL)


def test_repeated_wrong_codes_are_throttled(client, sign_in, clinician, require_2fa):
    device = _enrolled(clinician)
    sign_in(clinician)
    client.post(OTP_URL, {"token": "000000"})
    response = client.post(OTP_URL, {"token": totp_code(device)})  # right code, but too soon
    assert b"Too many wrong codes" in response.content
    assert client.get("/")["Location"].startswith(OTP_URL)


def test_a_backup_code_works_once(client, sign_in, clinician, require_2fa):
    _enrolled(clinician)
    sign_in(clinician)
    assert client.post(OTP_URL, {"token": "backup0001"}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    sign_in(clinician)
    response = client.post(OTP_URL, {"token": "backup0001"})
    assert response.status_code == 200  # used up


def test_the_otp_step_ignores_a_foreign_next(client, sign_in, clinician, require_2fa):
    device = _enrolled(clinician)
    sign_in(clinician)
    response = client.post(OTP_URL + "?next=https://evil.example/", {"token": totp_code(device)})
    assert response["Location"] == "home" or response["Location"] == "/"


def test_first_sign_in_leads_to_enrollment_with_an_inline_qr_code(
    client, sign_in, clinician, require_2fa, clock
):
    sign_in(clinician)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == ENROLL_URL
    body = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    assert "http" not in re.search(r'<img src="([^"]+)"', body).group(1)  # no outside request
    device = EncryptedTOTPDevice.objects.get(user=clinician, confirmed=False)

    response = client.post(ENROLL_URL, {"token": "123"})
    assert response.status_code == 200 and b"did not match" in response.content
    clock.shift(2)  # a wrong code makes the device wait a second before the next try

    response = client.post(ENROLL_URL, {"token": totp_code(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == actions.BACKUP_CODE_COUNT
    assert client.get("/").status_code == 200  # verified by the enrollment itself
    assert AccessLog.objects.filter(what="security:2fa-enrolled", user=clinician).exists()


def test_a_half_signed_in_user_with_a_device_cannot_enrol_a_new_one(
    client, sign_in, clinician, require_2fa
):
    _enrolled(clinician)
    sign_in(clinician)
    response = client.get(ENROLL_URL)
    assert response["Location"] == OTP_URL
    assert not EncryptedTOTPDevice.objects.filter(user=clinician, confirmed=False).exists()


def test_an_enrolled_user_gives_the_second_factor_even_when_2fa_is_not_required(
    client, sign_in, clinician, settings
):
    settings.REQUIRE_2FA = False
    _enrolled(clinician)
    sign_in(clinician)
    assert client.get("/")["Location"].startswith(OTP_URL)


def test_without_2fa_required_and_no_device_the_password_is_enough(client, sign_in, clinician):
    sign_in(clinician)
    assert client.get("/").status_code == 200


def test_the_embedded_demo_login_page_says_2fa_is_off(client, db, settings):
    settings.EMBEDDED = True
    settings.REQUIRE_2FA = False
    response = client.get("/accounts/login/")
    assert b"Two-factor sign-in is switched off in this demo" in response.content


def test_replacing_the_authenticator_needs_a_recent_reauth(
    client, sign_in, clinician, require_2fa, clock
):
    device = _enrolled(clinician)
    sign_in(clinician)
    client.post(OTP_URL, {"token": totp_code(device)})
    clock.shift(11 * 60)
    response = client.get(ENROLL_URL)
    assert response.status_code == 302 and response["Location"].startswith("/security/reauth/")
    response = client.post("/security/2fa/backup-codes/")
    assert response["Location"].startswith("/security/reauth/")
    assert (
        client.post(response["Location"], {"password": "a-long-test-password-9"}).status_code == 302
    )
    assert client.get(ENROLL_URL).status_code == 200
    assert client.post("/security/2fa/backup-codes/").status_code == 200


def test_program_admin_resets_a_users_2fa_and_it_is_logged(client, admin_user, clinician):
    _enrolled(clinician)
    client.force_login(admin_user)
    page = client.get("/security/users/")
    assert page.status_code == 200 and b"clinician" in page.content
    response = client.post(f"/security/users/{clinician.pk}/reset-2fa/")
    assert response.status_code == 302
    assert not EncryptedTOTPDevice.objects.filter(user=clinician).exists()
    assert not HashedStaticDevice.objects.filter(user=clinician).exists()
    entry = AccessLog.objects.get(what="security:2fa-reset")
    assert entry.user == admin_user and entry.object_ref == f"user:{clinician.pk}"


def test_reset_2fa_is_not_for_other_roles(client, supervisor, clinician):
    _enrolled(clinician)
    client.force_login(supervisor)
    assert client.get("/security/users/").status_code == 404
    assert client.post(f"/security/users/{clinician.pk}/reset-2fa/").status_code == 404
    assert EncryptedTOTPDevice.objects.filter(user=clinician).exists()


def test_after_a_reset_the_user_enrols_again(client, sign_in, admin_user, clinician, require_2fa):
    _enrolled(clinician)
    actions.two_factor_reset(user=clinician, by=admin_user, request=None)
    sign_in(clinician)
    assert client.get("/", follow=True).redirect_chain[-1][0] == ENROLL_URL
