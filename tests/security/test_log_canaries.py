"""Plant unmistakable personal data, run the main flows, and search every log record for it.

A filter cannot prove that logs hold no personal data; this test shows that the code paths we
run every day do not put it there (and that exception messages never reach the log).
"""

import logging

import pytest
from django.test import Client
from django.utils import timezone

from chance.security.logs import JsonFormatter
from placements import actions as placement_actions
from placements.models import Home

from .urls_with_a_fault import CANARY_IN_ERROR

CANARIES = {
    "first name": "Xanthippa",
    "last name": "Vorbeckstein",
    "alias": "Canarybird",
    "date of birth": "2012-03-17",
    "address": "4417 Canary Wharf Road",
    "phone": "555-0147",
    "note": "disclosed-canary-note-text",
    "password": "canary-Pa55word-never-logged",
    "error": CANARY_IN_ERROR,
}


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def test_no_personal_data_reaches_any_log_record(all_logs, coordinator, clinician, settings):
    settings.ROOT_URLCONF = "tests.security.urls_with_a_fault"
    client = Client(raise_request_exception=False)

    # Sign-in: a failure with the canary password, then the real one.
    client.post("/accounts/login/", {"username": "coordinator", "password": CANARIES["password"]})
    client.post(
        "/accounts/login/", {"username": "coordinator", "password": "a-long-test-password-9"}
    )
    assert "_auth_user_id" in client.session

    # Intake through the real form.
    response = client.post(
        "/youths/intake/",
        {
            "source": "child_welfare",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "legal_first_name": CANARIES["first name"],
            "legal_last_name": CANARIES["last name"],
            "aliases": CANARIES["alias"],
            "date_of_birth": CANARIES["date of birth"],
            "gender": "Female",
            "language": "en",
            "custody_status": "dependency",
            "reason": CANARIES["note"],
            "confirm_new": "on",
        },
    )
    from cases.models import Youth

    youth = Youth.objects.filter(legal_last_name=CANARIES["last name"]).first()
    assert youth is not None, response.context and response.context["form"].errors

    # A home with a canary address, its address page, lists, a 404 and a 500.
    home = placement_actions.home_save(
        home=Home(code="H-55", address=CANARIES["address"], phone=CANARIES["phone"]),
        by=coordinator,
    )
    for url in (
        "/",
        "/youths/",
        f"/youths/{youth.pk}/",
        f"/homes/{home.pk}/",
        f"/homes/{home.pk}/address/",
        "/youths/999999/",
        "/no/such/page/",
    ):
        client.get(url)
    assert client.get("/fault/").status_code == 500
    client.post("/accounts/logout/")

    formatter = JsonFormatter()
    assert all_logs.records, "the flows above should have logged something"
    assert any(r.levelno >= logging.ERROR for r in all_logs.records)  # the 500 was logged
    for record in all_logs.records:
        texts = [formatter.format(record), record.getMessage()]
        for kind, canary in CANARIES.items():
            for text in texts:
                assert canary.lower() not in text.lower(), f"{kind} leaked via {record.name}"


def test_the_500_page_shows_nothing_of_the_failure(client, clinician, settings):
    settings.ROOT_URLCONF = "tests.security.urls_with_a_fault"
    client = Client(raise_request_exception=False)
    client.force_login(clinician)
    response = client.get("/fault/")
    assert response.status_code == 500
    body = response.content.decode()
    assert CANARY_IN_ERROR not in body and "ValueError" not in body and "Traceback" not in body
    assert response["X-Request-ID"] in body  # a reference the admin can find in the logs


def test_log_lines_are_json_with_the_request_id(clinician, settings):
    import json

    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "hello %s", ("world",), None)
    record.request_id = "abc123"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hello world" and line["request_id"] == "abc123"
