"""The benchmark's verdict (benchmarks.targets) and the table that prints it, without a database."""

from benchmarks import targets
from benchmarks.run import report_lines


def row(page="caseload", *, p95=30.0, floor=15.0, queries=8, admin=None, **extra):
    return {
        "page": page,
        "path": "/x/",
        "user": "bench-clin-0000",
        "status": 200,
        "p50_ms": p95 - 5,
        "p95_ms": p95,
        "queries": queries,
        "floor_p95_ms": floor,
        "floor_status": 200,
        "ratio_p95": round(p95 / floor, 1),
        "over_floor_p95_ms": round(p95 - floor, 1),
        "bare_floor_p95_ms": 1.0,
        "empty_p95_ms": 5.0,
        "empty_queries": 4,
        "admin_path": "/bench-admin/cases/youth/" if admin is not None else None,
        "admin_p95_ms": admin,
        "admin_queries": 9 if admin is not None else None,
        "admin_status": 200 if admin is not None else None,
        **extra,
    }


def report(pages, youths=100):
    return {
        "spec": {"youths": youths},
        "build": {"reused": True},
        "data": {"progress_notes": 1, "history_rows": 2, "access_log": 3, "reminders": 4},
        "pages": pages,
        "sweep": {"seconds": 1.0, "created": 0, "resolved": 0},
        "load": {"skipped": "--load-seconds 0"},
    }


def test_a_page_within_its_limits_is_ok():
    assert targets.page_failures(row()) == []


def test_a_page_over_the_absolute_limit_fails():
    failures = targets.page_failures(row(p95=targets.PAGE_P95_MS + 1, floor=45.0))
    assert failures == [f"p95 > {targets.PAGE_P95_MS:g} ms"]


def test_a_page_too_far_over_its_floor_fails_even_when_fast():
    failures = targets.page_failures(row(p95=30.0, floor=30.0 - targets.OVER_FLOOR_P95_MS - 1))
    assert failures == [f"p95 > floor + {targets.OVER_FLOOR_P95_MS:g} ms"]


def test_the_youth_list_must_beat_the_admin_changelist_by_the_fraction():
    ok = row("youth list (search)", p95=20.0, admin=40.0)
    slow = row("youth list (search)", p95=21.0, admin=40.0)
    unmeasured = row("youth list (search)", admin=None, admin_path="/bench-admin/cases/youth/")
    assert targets.page_failures(ok) == []
    assert targets.page_failures(slow) == [f"p95 > {targets.ADMIN_P95_FRACTION:g} x admin"]
    assert targets.page_failures(unmeasured) == ["admin not measured"]


def test_an_error_page_is_never_ok():
    assert "HTTP 500" in targets.page_failures(row(status=500))


def test_query_counts_must_match_every_other_size():
    mine = report([row("caseload", queries=8), row("audit trail", queries=5)], youths=100)
    other = report([row("caseload", queries=9), row("audit trail", queries=5)], youths=2000)
    same_size = report([row("caseload", queries=99)], youths=100)
    verdict = targets.verdict(mine, [other, same_size])
    assert verdict["query_counts_compared_with"] == [2000]
    assert verdict["query_count_differences"] == {"caseload": ["9 at 2,000 youths"]}
    caseload, audit = mine["pages"]
    assert not caseload["ok"] and caseload["failures"] == ["SQL count differs: 9 at 2,000 youths"]
    assert audit["ok"]
    assert verdict["pages_ok"] is False
    assert verdict["failed_pages"] == {"caseload": caseload["failures"]}


def test_the_printed_table_states_the_targets_and_each_verdict():
    mine = report([row("caseload"), row("my due work", p95=80.0, floor=70.0)])
    mine["targets"] = targets.verdict(mine, [])
    lines = report_lines(mine)
    assert f"targets: {targets.LEGEND}" in lines
    for limit in (targets.PAGE_P95_MS, targets.OVER_FLOOR_P95_MS, targets.ADMIN_P95_FRACTION):
        assert f"{limit:g}" in targets.LEGEND
    caseload = next(line for line in lines if line.startswith("caseload"))
    due = next(line for line in lines if line.startswith("my due work"))
    assert caseload.endswith("  yes")
    assert due.endswith(f"NO (p95 > {targets.PAGE_P95_MS:g} ms)")
    assert any("SQL counts not compared" in line for line in lines)


def test_a_skipped_load_run_is_not_measured_rather_than_failed():
    mine = report([row()])
    verdict = targets.verdict(mine, [])
    assert verdict["load_errors_ok"] is None and verdict["worker_peak_ok"] is None
    mine["load"] = {"error_rate": 0.0, "worker_peak_rss_mb": {"1": 120.0, "2": 310.0}}
    verdict = targets.verdict(mine, [])
    assert verdict["load_errors_ok"] is True and verdict["worker_peak_ok"] is False
