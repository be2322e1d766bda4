import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session

ROOT = Path(__file__).resolve().parents[2]


def test_idle_session_ends_after_30_minutes_on_the_server(client, sign_in, clinician, clock):
    sign_in(clinician)
    clock.shift(29 * 60)
    assert client.get("/").status_code == 200  # activity resets the idle clock
    clock.shift(29 * 60)
    assert client.get("/").status_code == 200
    clock.shift(31 * 60)
    response = client.get("/youths/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/youths/")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert b"signed out after 30 minutes without activity" in page.content


def test_session_ends_12_hours_after_sign_in_whatever_the_activity(
    client, sign_in, clinician, clock
):
    sign_in(clinician)
    for _ in range(24):  # every 25 minutes for 10 hours
        clock.shift(25 * 60)
        assert client.get("/").status_code == 200
    for _ in range(4):  # 11 h 40 min
        clock.shift(25 * 60)
        assert client.get("/").status_code == 200
    clock.shift(25 * 60)  # 12 h 05 min, last activity 25 minutes ago
    response = client.get("/")
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_asking_how_long_is_left_does_not_keep_the_session_alive(client, sign_in, clinician, clock):
    sign_in(clinician)
    clock.shift(20 * 60)
    assert 9 * 60 <= client.get("/security/session/").json()["seconds_left"] <= 10 * 60
    clock.shift(11 * 60)
    assert client.get("/security/session/").status_code == 302  # expired all the same


def test_stay_signed_in_keeps_the_session_alive(client, sign_in, clinician, clock):
    sign_in(clinician)
    clock.shift(29 * 60)
    assert client.post("/security/session/").json()["seconds_left"] >= 29 * 60
    clock.shift(20 * 60)
    assert client.get("/").status_code == 200


def test_sign_in_issues_a_new_session_id(client, sign_in, clinician):
    client.get("/accounts/login/")
    client.session["probe"] = 1  # noqa: B018  (make sure an anonymous session exists)
    session = client.session
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    sign_in(clinician)
    after = client.cookies["sessionid"].value
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_sign_out_invalidates_the_session(client, sign_in, clinician):
    sign_in(clinician)
    key = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # replaying the old cookie gets nothing
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_pages_carry_the_idle_timeout_for_the_warning_script(client, clinician, settings):
    client.force_login(clinician)
    body = client.get("/").content.decode()
    assert f'data-session-idle="{settings.SESSION_IDLE_SECONDS}"' in body
    assert 'data-session-url="/security/session/"' in body
    assert "chance/session-timeout.js" in body
    script = (ROOT / "static/chance/session-timeout.js").read_text()
    assert "Stay signed in" in script and "dataset.sessionIdle" in script


def test_production_cookies_are_secure_httponly_and_samesite():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE, s.REQUIRE_2FA)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_COOKIES"}}
    env.update(
        DJANGO_SETTINGS_MODULE="chance.settings",
        DATABASE_URL="postgres://x@127.0.0.1:1/x",
        SECRET_KEY="p" * 60,
        FIELD_ENCRYPTION_KEY="Tk9UX0FfUkVBTF9LRVlfdGVzdHNfb25seV8wMDAwMDA=",
        REQUIRE_2FA="",
    )
    env.pop("REQUIRE_2FA")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "Lax", "True", "43200", "True"]


@pytest.mark.parametrize(
    "seconds, said",
    [(12 * 3600, "12 hours"), (1800, "30 minutes"), (60, "1 minute"), (90, "90 seconds")],
)
def test_sign_out_messages_say_the_limit_as_people_would(seconds, said):
    from chance.security.middleware import _span

    assert _span(seconds) == said
