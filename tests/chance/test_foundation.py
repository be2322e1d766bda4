import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, UUIDConverter

from chance.accounts import roles
from chance.demo import DEMO_USERS, demo_password

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = {
    IntConverter: "1",
    SlugConverter: "x",
    UUIDConverter: "00000000-0000-0000-0000-0000000000aa",
}
# The language switch is open so the sign-in page can use it; signed out it only sets a cookie.
# The alarm webhook is a machine's: it answers with a signature check, never a sign-in page.
OPEN_URLS = {"login", "healthz", "set_language", "alarm_webhook"}


def _walk(patterns, prefix="", converters=None):
    for entry in patterns:
        convs = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), convs)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name, convs


def _concrete(route: str, converters) -> str:
    import re

    def fill(match):
        name = match.group(2)
        conv = converters.get(name)
        for kind, sample in SAMPLE.items():
            if isinstance(conv, kind):
                return sample
        return "x" if not isinstance(conv, PathConverter) else "x/y"

    route = re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)
    return "/" + route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def test_anonymous_is_sent_to_login_from_every_url(client, db):
    checked = 0
    for route, name, converters in _walk(get_resolver().url_patterns):
        if name in OPEN_URLS or route.startswith("admin/") or "(?P" in route:
            continue
        url = _concrete(route, converters)
        if route.startswith("api/"):
            # The API authenticates each request itself: a 401 problem, never the login page;
            # only its document and reference page are open (they describe, they hold nothing).
            response = client.get(url)
            expected = 200 if name in ("schema", "docs") else 401
            assert response.status_code == expected, f"{url} answered {response.status_code}"
            continue
        response = client.get(url)
        assert response.status_code == 302, f"{url} answered {response.status_code} to anonymous"
        assert response["Location"].startswith(settings.LOGIN_URL.rstrip("/") + "/") or response[
            "Location"
        ].startswith("/accounts/login/"), url
        checked += 1
    assert checked >= 3


def test_admin_site_sends_anonymous_to_a_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_login_page_and_health_are_open(client, db):
    assert client.get("/accounts/login/").status_code == 200
    response = client.get("/healthz?format=json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert any("Database" in key for key in body)
    assert any("Broker" in key for key in body)


def test_roles_exist_with_their_permissions(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ALL_ROLES) <= names
    coordinator = Group.objects.get(name=roles.COORDINATOR)
    assert coordinator.permissions.filter(codename="view_all_youths").exists()
    clinician = Group.objects.get(name=roles.CLINICIAN)
    assert not clinician.permissions.filter(codename="view_all_youths").exists()


def test_seed_demo_is_idempotent_and_every_demo_user_signs_in(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    for username, *_ in DEMO_USERS:
        client.logout()
        response = client.post(
            "/accounts/login/", {"username": username, "password": demo_password()}
        )
        assert response.status_code == 302, f"{username} could not sign in"
        assert client.get("/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.post("/accounts/login/", {"username": "clinician", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def _settings_process(env):
    code = "import django; django.setup(); print('started')"
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    base.update(env, DJANGO_SETTINGS_MODULE="chance.settings")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "secret", ["", "insecure-embedded-whatever-whatever-whatever-whatever", "short"]
)
def test_production_refuses_to_start_on_a_missing_or_default_secret_key(secret):
    env = {"DEBUG": "0", "DATABASE_URL": "postgres://x@127.0.0.1:1/x"}
    if secret:
        env["SECRET_KEY"] = secret
    result = _settings_process(env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = _settings_process(
        {"DEBUG": "0", "DATABASE_URL": "postgres://x@127.0.0.1:1/x", "SECRET_KEY": "k" * 50}
    )
    assert result.returncode == 0, result.stderr


def test_compose_describes_the_full_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    assert "gunicorn" in services["web"]["command"] and "migrate" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "chance", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "chance", "beat"]
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert "pgdata" in compose["volumes"]
    # Uploaded documents outlive the containers, as the database does.
    assert "documents" in compose["volumes"]
    for name in ("web", "worker"):
        assert "documents:/app/var/documents" in services[name]["volumes"]
    assert any("pgdata:" in v for v in services["postgres"]["volumes"])
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith(
            "redis://"
        )


def test_var_is_ignored_by_git():
    result = subprocess.run(
        ["git", "check-ignore", "var/chance.sqlite3"], cwd=ROOT, capture_output=True
    )
    assert result.returncode == 0


def test_radio_choices_are_grouped_under_a_legend_for_screen_readers():
    from django import forms
    from django.template.loader import render_to_string

    class Choice(forms.Form):
        decision = forms.ChoiceField(
            label="Screening decision", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
        )
        note = forms.CharField(label="Note")

    html = render_to_string("chance/_form.html", {"form": Choice()})
    assert '<legend class="usa-legend">Screening decision' in html
    assert '<label class="usa-label" for="id_note">Note' in html


def test_the_image_never_takes_local_state_or_a_generated_key():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".git", ".venv", "var", ".env"):
        assert path in ignored
    assert "rm -f var/field-encryption.key" in (ROOT / "Dockerfile").read_text()


def test_the_embedded_demo_sets_up_on_sqlite_with_nothing_configured(tmp_path):
    """What `make run` does on a fresh machine: SQLite under var/, demo data, the reminder sweep.
    Every rule's SQL has to compile on SQLite too (it once used PostgreSQL-only arithmetic)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    env.update(CHANCE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="chance.settings")
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "chance.sqlite3").exists()
    assert "Password:" in result.stdout
