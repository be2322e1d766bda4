"""Each program report's numbers against the hand-built history in dataset.py."""

import csv
import datetime
import io
import re

import pytest

from chance.reports.periods import month_range
from chance.reports.program import (
    capacity,
    caseload_over_time,
    missing,
    score_change,
    services_delivered,
    stability,
)
from chance.reports.scope import scope_for

from . import dataset

D = dataset.D
Q1 = month_range(D(2025, 1, 1), D(2025, 3, 1))


@pytest.fixture
def history(time_machine, coordinator, clinician):
    return dataset.build(time_machine, coordinator=coordinator, clinician=clinician)


def rows(report, key):
    """A table's rows by their first cell; a month (a date, written in the reader's language on
    the page) as "2025-01", as in the CSV."""
    return {
        f"{r[0]:%Y-%m}" if isinstance(r[0], datetime.date) else r[0]: r[1:]
        for r in report.table(key).rows
    }


def test_caseload_by_track_and_status_month_by_month(history, supervisor):
    report = caseload_over_time(scope_for(supervisor), Q1)
    got = rows(report, "months")
    # active STFC, active CRT, waitlisted, in intake, admitted STFC, admitted CRT, discharged
    assert got["2025-01"] == [1, 0, 0, 0, 1, 0, 0]
    assert got["2025-02"] == [1, 1, 1, 0, 0, 1, 0]
    # A discharged mid-March: counted as discharged, not active at the month's end.
    assert got["2025-03"] == [0, 1, 1, 0, 0, 0, 1]


def test_capacity_counts_a_placement_spanning_months_at_each_month_end(history, supervisor):
    report = capacity(scope_for(supervisor), Q1)
    got = rows(report, "months")
    # certified homes, occupied, waiting, STFC placements started, mean wait
    assert got["2025-01"] == [1, 1, 0, 1, ""]
    assert got["2025-02"] == [1, 1, 1, 0, ""]
    assert got["2025-03"] == [1, 0, 1, 0, ""]
    now = dict(report.table("now").rows)
    assert now["Homes occupied"] == 0
    assert now["Homes free and ready to take a child"] == 0  # alarm test is now 76 days old
    assert now["Youths waiting for an STFC home"] == 1
    assert now["Longest wait so far (days)"] == 40


def test_stability_counts_moves_and_days_in_placement(history, supervisor):
    report = stability(scope_for(supervisor), Q1)
    assert dict(report.table("moves").rows) == {"0": 1, "1": 1, "2": 0, "3 or more": 0}
    days = rows(report, "days")
    assert days["CHANCE STFC home"] == [1, 0, 58, 58]  # 15 Jan to 14 Mar
    assert days["Relative"] == [1, 0, 25, 25]  # 6 Feb to 3 Mar
    assert days["Shelter"] == [1, 1, 29, 29]  # 3 Mar to today (1 Apr), still open
    assert dict(report.table("summary").rows)["Moves per youth"] == 0.5


def test_missing_episode_reported_late_to_ncmec_is_not_in_time(history, supervisor):
    got = rows(missing(scope_for(supervisor), Q1), "months")
    # episodes, youths, days missing, still missing, police in time, NCMEC in time, both
    assert got["2025-02"] == [1, 1, 3.0, 0, 1, 0, 0]
    assert got["2025-01"] == [0, 0, 0, 0, 0, 0, 0]


def test_score_change_from_first_to_latest(history, supervisor):
    got = rows(score_change(scope_for(supervisor)), "instruments")
    name = next(k for k in got if k.startswith("Protective"))
    # range, twice+, once, mean first, mean latest, change, higher, lower, same
    assert got[name] == ["1–5", 1, 0, 2.0, 4.0, 2.0, 1, 0, 0]


def test_services_count_signed_notes_only(history, supervisor):
    got = rows(services_delivered(scope_for(supervisor), Q1), "types")
    assert got == {"Individual therapy": [1, 1, 1.0]}


def test_clinician_counts_cover_their_caseload_only(history, clinician):
    scope = scope_for(clinician)
    got = rows(caseload_over_time(scope, Q1), "months")
    assert got["2025-03"] == [0, 1, 0, 0, 0, 0, 0]  # B only
    assert rows(services_delivered(scope, Q1), "types") == {"Individual therapy": [1, 1, 1.0]}


def test_outsider_clinician_counts_nothing(history, clinician2):
    scope = scope_for(clinician2)
    got = rows(caseload_over_time(scope, Q1), "months")
    assert all(sum(v) == 0 for v in got.values())
    assert rows(services_delivered(scope, Q1), "types") == {}
    assert rows(missing(scope, Q1), "months")["2025-02"][0] == 0


def test_report_pages_and_csvs_parse(history, supervisor, recent_login):
    client = recent_login(supervisor)
    for slug in ("caseload", "capacity", "stability", "missing", "scores", "services"):
        page = client.get(f"/reports/{slug}/?start=2025-01&end=2025-03")
        assert page.status_code == 200, slug
        report = page.context["report"]
        for table in report.tables:
            response = client.get(f"/reports/{slug}/{table.key}.csv?start=2025-01&end=2025-03")
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/csv")
            parsed = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            assert parsed[0] == [str(h) for h in table.headers]
            assert len(parsed) == len(table.rows) + 1
    caseload = client.get("/reports/caseload/months.csv?start=2025-01&end=2025-03")
    parsed = list(csv.reader(io.StringIO(caseload.content.decode("utf-8-sig"))))
    assert parsed[3] == ["2025-03", "0", "1", "1", "0", "0", "0", "1"]


def test_report_charts_name_their_axes_and_keep_their_tables(history, supervisor, recent_login):
    client = recent_login(supervisor)
    caseload = client.get("/reports/caseload/?start=2025-01&end=2025-03").content.decode()
    svg = caseload[caseload.index('<svg class="report-chart"') :].split("</svg>")[0]
    assert 'role="img"' in svg and "The numbers are in the table below." in svg
    assert re.search(r'class="axis-title"[^>]*>Youths at month end<', svg)
    assert re.search(r'class="axis-title"[^>]*>Month<', svg)
    assert all(f">{m} 2025</text>" in svg for m in ("Jan", "Feb", "Mar"))  # room for all three
    assert '<th scope="row">January 2025</th>' in caseload  # the table names months in full
    scroll_box = '<div class="table-scroll" tabindex="0"><table class="usa-table">'
    assert scroll_box in caseload  # scrolls in its box
    scores = client.get("/reports/scores/?start=2025-01&end=2025-03").content.decode()
    svg = scores[scores.index('<svg class="report-chart"') :].split("</svg>")[0]
    assert re.search(r'class="axis-title"[^>]*>Mean change of the primary score<', svg)
    assert "…" not in svg  # instrument names are written whole, wrapped above their bars
