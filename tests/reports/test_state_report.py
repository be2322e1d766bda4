"""The monthly state report of Fla. Admin. Code 65C-43.002, against dataset.py."""

import csv
import io

import pytest

from chance.audit.models import AccessLog
from chance.reports.scope import scope_for
from chance.reports.state import monthly_counts

from . import dataset

D = dataset.D


@pytest.fixture
def history(time_machine, coordinator, clinician):
    return dataset.build(time_machine, coordinator=coordinator, clinician=clinician)


def counts(scope, month):
    return {key: n for key, _, n in monthly_counts(scope, month)}


def test_february_counts_with_reasons_not_placed(history, coordinator):
    got = counts(scope_for(coordinator), D(2025, 2, 1))
    assert got["screened"] == 3  # B, C and D (declined)
    assert got["identified"] == 2  # B and C
    assert got["assessed"] == 1  # C, waitlisted for an STFC home
    assert got["non_residential"] == 1  # B, Community Response Team
    assert got["placed"] == 0
    assert got["not_placed"] == 2
    assert got["not_placed_youth_choice"] == 1  # B: recorded with the decision
    assert got["not_placed_no_bed"] == 1  # C: waitlisted
    assert got["not_placed_not_recorded"] == 0


def test_january_youth_screened_and_placed_the_same_month(history, coordinator):
    got = counts(scope_for(coordinator), D(2025, 1, 1))
    assert (got["screened"], got["identified"], got["assessed"], got["placed"]) == (1, 1, 1, 1)
    assert got["not_placed"] == 0


def test_march_has_no_screening_and_a_discharge_does_not_count(history, coordinator):
    got = counts(scope_for(coordinator), D(2025, 3, 1))
    assert got["screened"] == 0 and got["placed"] == 0 and got["not_placed"] == 0


def test_page_names_the_rule_and_csv_parses(history, coordinator, recent_login):
    client = recent_login(coordinator)
    page = client.get("/reports/state-monthly/?month=2025-02")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Fla. Admin. Code 65C-43.002" in body
    assert "Identified victims" in body
    response = client.get("/reports/state-monthly.csv?month=2025-02")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Month", "Measure", "Count"]
    table = {r[1]: r[2] for r in rows[1:]}
    assert table["Youths screened"] == "3"
    assert table["Not placed: Youth's choice"] == "1"
    assert all(r[0] == "2025-02" for r in rows[1:])
    assert AccessLog.objects.filter(
        user=coordinator, action=AccessLog.Action.EXPORTED, what="reports:state-monthly.csv"
    ).exists()


def test_bad_month_gets_a_clear_error_not_a_500(coordinator, login):
    response = login(coordinator).get("/reports/state-monthly/?month=2025-13")
    assert response.status_code == 400
    assert "Give a month as YYYY-MM" in response.content.decode()
    response = login(coordinator).get("/reports/state-monthly/?month=2999-01")
    assert response.status_code == 400


def test_csv_needs_a_recent_sign_in(coordinator, login, time_machine):
    import datetime

    from django.utils import timezone

    start = timezone.now()
    time_machine.move_to(start, tick=False)
    client = login(coordinator)
    time_machine.move_to(start + datetime.timedelta(minutes=12), tick=False)
    response = client.get("/reports/state-monthly.csv?month=2025-02")
    assert response.status_code == 302
    assert "/security/" in response["Location"]
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()
