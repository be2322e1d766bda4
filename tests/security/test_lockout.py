from chance.audit.models import AccessLog
from tests import factories


def _fail(client, username, n, ip="10.0.0.1"):
    for _ in range(n):
        response = client.post(
            "/accounts/login/", {"username": username, "password": "wrong-password"}, REMOTE_ADDR=ip
        )
    return response


def test_five_failures_lock_the_username_with_a_clear_message_and_an_audit_row(
    client, sign_in, clinician
):
    assert _fail(client, "clinician", 4).status_code == 200  # still the form, with its error
    response = _fail(client, "clinician", 1)
    assert response.status_code == 429
    assert b"sign-in is paused for 15 minutes" in response.content
    assert AccessLog.objects.filter(
        action=AccessLog.Action.LOCKED_OUT, username="clinician"
    ).exists()
    # The right password does not get in while locked, even from another address.
    response = sign_in(clinician, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_expires_after_the_cool_off(client, sign_in, clinician, clock):
    _fail(client, "clinician", 5)
    clock.shift(14 * 60)
    assert sign_in(clinician).status_code == 429
    clock.shift(2 * 60)
    response = sign_in(clinician)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(clinician.pk)


def test_failures_during_the_lockout_do_not_extend_it(client, sign_in, clinician, clock):
    _fail(client, "clinician", 5)
    for _ in range(3):
        clock.shift(4 * 60)
        _fail(client, "clinician", 1)
    clock.shift(4 * 60)  # 16 minutes after the lockout began
    assert sign_in(clinician).status_code == 302


def test_one_address_trying_many_usernames_is_locked(client, sign_in, clinician, db):
    for n in range(5):
        _fail(client, f"guess{n}", 1, ip="10.0.0.7")
    response = sign_in(clinician, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
    # Someone else, elsewhere, is not affected.
    other = factories.make_user("bystander")
    client.logout()
    assert sign_in(other, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_a_few_failures_then_the_right_password_signs_in(client, sign_in, clinician):
    _fail(client, "clinician", 2)
    assert sign_in(clinician).status_code == 302


def test_force_login_still_works_with_the_axes_backend_installed(client, clinician):
    client.force_login(clinician)
    assert client.get("/").status_code == 200
