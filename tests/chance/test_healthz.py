"""/healthz answers a browser with a page and a monitor with JSON; neither shows a secret."""

import pytest
from django.conf import settings
from health_check.exceptions import ServiceUnavailable

pytestmark = pytest.mark.django_db


def test_a_browser_gets_a_page(client):
    response = client.get("/healthz", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "System status" in body and "CHANCE is working" in body
    assert "Database" in body and "Broker" in body


def test_a_monitor_gets_json_by_accept_or_format(client):
    for response in (
        client.get("/healthz", HTTP_ACCEPT="application/json"),
        client.get("/healthz?format=json", HTTP_ACCEPT="text/html"),
    ):
        assert response.status_code == 200
        assert response.json() == {"Database": "OK", "Broker": "OK"}


def test_a_failing_check_says_unavailable_and_not_why(client, monkeypatch):
    secret = "password authentication failed for user chance at db.internal"

    def broken(self):
        raise ServiceUnavailable(secret)

    monkeypatch.setattr("chance.health.Broker.run", broken)
    response = client.get("/healthz?format=json")
    assert response.status_code == 500
    assert response.json() == {"Database": "OK", "Broker": "unavailable"}
    page = client.get("/healthz", HTTP_ACCEPT="text/html")
    assert page.status_code == 500
    for body in (response.content.decode(), page.content.decode()):
        assert secret not in body and "db.internal" not in body
        assert settings.SECRET_KEY not in body


def test_feeds_that_would_repeat_the_checks_are_not_offered(client):
    assert client.get("/healthz?format=rss").status_code == 406
