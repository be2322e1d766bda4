"""The benchmark's targets, in one place: the verdict of each page (the table's "ok" column), the
verdict of the run, and the legend that states them.

A page is ok when it answered 200 (and so did its floor), and
- its p95 is at most ``PAGE_P95_MS``, and at most ``OVER_FLOOR_P95_MS`` over its floor's p95;
- for a page compared with Django admin (the youth list), its p95 is at most
  ``ADMIN_P95_FRACTION`` of the admin changelist's p95 over the same rows;
- its SQL query count is the same as at every other size measured (var/bench/youths-*.json):
  a page whose query count grows with the data has an N+1 in it.
"""

PAGE_P95_MS = 50.0
OVER_FLOOR_P95_MS = 20.0
ADMIN_P95_FRACTION = 0.5
SWEEP_SECONDS = 10.0
WORKER_PEAK_MB = 300.0
LOAD_ERROR_RATE = 0.0

LEGEND = (
    f"ok: HTTP 200, p95 <= {PAGE_P95_MS:g} ms and p95 <= floor p95 + {OVER_FLOOR_P95_MS:g} ms; "
    f"youth list p95 <= {ADMIN_P95_FRACTION:g} x admin p95 of the same rows; "
    "SQL count the same at every other size measured (var/bench/youths-*.json). "
    f"Run: reminder sweep <= {SWEEP_SECONDS:g} s, load error rate <= {LOAD_ERROR_RATE:g}, "
    f"worker peak RSS <= {WORKER_PEAK_MB:g} MB."
)


def query_differences(pages: list[dict], others: list[dict]) -> dict[str, list[str]]:
    """Page name -> "N at SIZE youths" for every other report whose query count differs."""
    differences: dict[str, list[str]] = {}
    mine = {p["page"]: p["queries"] for p in pages}
    for other in others:
        size = other["spec"]["youths"]
        for page in other.get("pages", []):
            name = page.get("page")
            if name in mine and page.get("queries") != mine[name]:
                differences.setdefault(name, []).append(f"{page.get('queries')} at {size:,} youths")
    return differences


def page_failures(row: dict, query_diffs: list[str] = ()) -> list[str]:
    """Why a page misses its targets (empty when it meets them)."""
    failures = []
    if row["status"] != 200:
        failures.append(f"HTTP {row['status']}")
    if row["floor_status"] != 200:
        failures.append(f"floor HTTP {row['floor_status']}")
    if row["p95_ms"] > PAGE_P95_MS:
        failures.append(f"p95 > {PAGE_P95_MS:g} ms")
    if row["p95_ms"] > row["floor_p95_ms"] + OVER_FLOOR_P95_MS:
        failures.append(f"p95 > floor + {OVER_FLOOR_P95_MS:g} ms")
    if row.get("admin_path"):
        if row.get("admin_p95_ms") is None or row.get("admin_status") != 200:
            failures.append("admin not measured")
        elif row["p95_ms"] > ADMIN_P95_FRACTION * row["admin_p95_ms"]:
            failures.append(f"p95 > {ADMIN_P95_FRACTION:g} x admin")
    if query_diffs:
        failures.append("SQL count differs: " + ", ".join(query_diffs))
    return failures


def verdict(report: dict, others: list[dict]) -> dict:
    """Mark each page of ``report`` with ``ok`` and ``failures``; return the run's verdict.

    ``others``: reports of other data-set sizes (same-size ones are ignored)."""
    size = report["spec"]["youths"]
    others = [o for o in others if o["spec"]["youths"] != size]
    diffs = query_differences(report["pages"], others)
    for row in report["pages"]:
        row["failures"] = page_failures(row, diffs.get(row["page"], []))
        row["ok"] = not row["failures"]
    load = report["load"]
    peaks = list(load.get("worker_peak_rss_mb", {}).values())
    errors_ok = peak_ok = None  # no load run: not measured, rather than failed
    if "skipped" not in load:
        errors_ok = load.get("error_rate") is not None and load["error_rate"] <= LOAD_ERROR_RATE
        peak_ok = bool(peaks) and max(peaks) <= WORKER_PEAK_MB
    return {
        "pages_ok": all(row["ok"] for row in report["pages"]),
        "failed_pages": {row["page"]: row["failures"] for row in report["pages"] if not row["ok"]},
        "query_counts_compared_with": sorted(o["spec"]["youths"] for o in others),
        "query_count_differences": diffs,
        "sweep_ok": report["sweep"]["seconds"] <= SWEEP_SECONDS,
        "load_errors_ok": errors_ok,
        "worker_peak_ok": peak_ok,
        "limits": {
            "page_p95_ms": PAGE_P95_MS,
            "over_floor_p95_ms": OVER_FLOOR_P95_MS,
            "admin_p95_fraction": ADMIN_P95_FRACTION,
            "sweep_seconds": SWEEP_SECONDS,
            "load_error_rate": LOAD_ERROR_RATE,
            "worker_peak_mb": WORKER_PEAK_MB,
        },
    }
