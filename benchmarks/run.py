"""``python -m benchmarks --youths N`` (``make bench YOUTHS=N``): build (or reuse) the bench data
set, time the main pages and their floors, time the reminder sweep, run a load test with gunicorn
and wrk, print a table with each page's verdict (benchmarks.targets) and write JSON under
var/bench/.

It runs against its own PostgreSQL database (chance_bench; see benchmarks.database), never the
default or the test one: it re-executes itself with DATABASE_URL set, and sets Django up only
then, as any client of the apps would (the benchmark is not an installed app).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import django

from . import database, targets

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "bench"


class BenchError(Exception):
    """A reason to stop the benchmark, printed without a traceback."""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Build the bench data set; measure pages, the reminder sweep and a load run.",
    )
    parser.add_argument("--youths", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--notes-per-youth", type=int, default=100)
    parser.add_argument("--skip-build", action="store_true", help="Use the data set as is.")
    parser.add_argument("--rebuild", action="store_true", help="Drop and build again.")
    parser.add_argument(
        "--repeat",
        type=int,
        default=200,
        help="Timed requests per page (p95 of 30 would be the second-worst sample).",
    )
    parser.add_argument("--load-seconds", type=int, default=30, help="0 skips the load run.")
    parser.add_argument("--workers", type=int, default=3)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    opts = vars(parse_args(argv))
    if os.environ.get("BENCH_CHILD") != "1":
        database.ensure_database()
        env = database.bench_environment(OUT_DIR)
        env.setdefault("DJANGO_SETTINGS_MODULE", "chance.settings")
        print(f"bench: re-running on database {database.bench_name()}", flush=True)
        os.execve(sys.executable, [sys.executable, "-m", "benchmarks", *argv], env)  # noqa: S606
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chance.settings")
    django.setup()
    try:
        if not database.is_bench_database():
            raise BenchError("Refusing to run: the default database is not the bench database.")
        Bench().run(opts)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    return 0


class Bench:
    def log(self, message):
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    def run(self, opts):
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from . import harness, load
        from .build import Builder, Scale, counts

        scale = Scale(opts["youths"], notes_per_youth=opts["notes_per_youth"], seed=opts["seed"])
        spec = {
            "youths": scale.youths,
            "notes_per_youth": scale.notes_per_youth,
            "seed": scale.seed,
            "version": 1,
        }
        build = {"reused": True}
        marker = database.read_marker()
        if opts["rebuild"] or (not opts["skip_build"] and marker != spec):
            if marker is not None or opts["rebuild"] or database.has_rows("accounts_user"):
                self.log(f"dropping the old data set ({marker})")
                database.recreate_database()
            self.log("migrating")
            call_command("migrate", verbosity=0)
            database.save_template()
            builder = Builder(scale, log=self.log)
            result = builder.run()
            rows = sum(v for k, v in result.counts.items() if k != "reminders")
            build = {
                "reused": False,
                "seconds": round(result.seconds, 1),
                "rows_per_second": round(rows / max(result.seconds, 0.001)),
            }
            self.log(f"built in {result.seconds:.0f}s")
            self.log("first reminder sweep (creates the reminders)")
            build["first_sweep"] = harness.time_sweep()
            call_command("migrate", verbosity=0)  # nothing to do; keeps `check` honest
            self.log("vacuuming (the state autovacuum keeps a live database in)")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
            database.write_marker(spec)
        elif marker is None:
            raise BenchError("--skip-build, but the bench database holds no data set.")
        else:
            self.log(f"reusing the data set {marker}")
            call_command("migrate", verbosity=0)  # index migrations added since the build
        data = counts()
        self.log(f"data: {data}")

        self.log("timing pages")
        personas = harness.pick_personas()
        pages = harness.measure_pages(repeat=opts["repeat"], personas=personas, log=self.log)
        self.log("timing the reminder sweep")
        sweep = harness.time_sweep()

        load_result = {"skipped": "--load-seconds 0"}
        if opts["load_seconds"] > 0:
            mix = {
                personas.clinician.username: [
                    "/youths/caseload/",
                    f"/youths/{personas.youth_id}/",
                    "/reminders/",
                ],
                personas.coordinator.username: [f"/youths/?q={personas.search}", "/youths/"],
                personas.supervisor.username: ["/homes/board/", "/audit/"],
            }
            load_result = load.run_load(
                mix, seconds=opts["load_seconds"], workers=opts["workers"], log=self.log
            )

        report = {
            "at": timezone.now().isoformat(),
            "spec": spec,
            "build": build,
            "data": data,
            "pages": pages,
            "sweep": sweep,
            "load": load_result,
        }
        report["targets"] = targets.verdict(report, self.other_sizes())
        self.write(report)
        self.print_table(report)

    def other_sizes(self):
        """The last report of every data-set size measured, as written by ``write``."""
        reports = []
        for path in sorted(OUT_DIR.glob("youths-*.json")):
            try:
                other = json.loads(path.read_text())
            except (OSError, ValueError):
                other = None
            if not isinstance(other, dict) or not isinstance(other.get("spec"), dict):
                self.log(f"ignoring {path.name}: not a bench report")
                continue
            reports.append(other)
        return reports

    def write(self, report):
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        text = json.dumps(report, indent=2, default=str)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (OUT_DIR / f"bench-{stamp}.json").write_text(text)
        (OUT_DIR / "latest.json").write_text(text)
        (OUT_DIR / f"youths-{report['spec']['youths']}.json").write_text(text)
        self.log(f"wrote {OUT_DIR / 'latest.json'} and bench-{stamp}.json")

    def print_table(self, report):
        print("\n".join(report_lines(report)), flush=True)


def _ms(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def report_lines(report) -> list[str]:
    """The printed summary: the data set, one line per page with its verdict, the legend that
    states the targets (benchmarks.targets), the sweep, the load run and the run's verdict."""
    lines = []
    w = lines.append
    spec, data = report["spec"], report["data"]
    w("")
    w(
        f"CHANCE bench: {spec['youths']:,} youths, {data['progress_notes']:,} progress notes, "
        f"{data['history_rows']:,} history rows, {data['access_log']:,} access-log rows, "
        f"{data['reminders']:,} reminders"
    )
    if not report["build"]["reused"]:
        b = report["build"]
        w(f"build: {b['seconds']} s ({b['rows_per_second']:,} rows/s)")
    head = (
        f"{'page':<22}{'user':<16}{'p50':>8}{'p95':>8}{'SQL':>5}"
        f"{'floor p95':>11}{'ratio':>7}{'+ms':>7}{'bare':>7}{'empty':>7}"
        f"{'admin p95':>11}{'adm SQL':>8}  ok"
    )
    w(head)
    w("-" * len(head))
    for p in report["pages"]:
        admin_q = "—" if p["admin_queries"] is None else str(p["admin_queries"])
        ok = "yes" if p["ok"] else "NO (" + "; ".join(p["failures"]) + ")"
        w(
            f"{p['page']:<22}{p['user']:<16}{p['p50_ms']:>8.1f}{p['p95_ms']:>8.1f}"
            f"{p['queries']:>5}{p['floor_p95_ms']:>11.1f}{p['ratio_p95']:>7.1f}"
            f"{p['over_floor_p95_ms']:>7.1f}"
            f"{p['bare_floor_p95_ms']:>7.1f}{p['empty_p95_ms']:>7.1f}"
            f"{_ms(p['admin_p95_ms']):>11}{admin_q:>8}  {ok}"
        )
    w(
        "(ms; floor: the page's rows in one SQL query, no template, served to the same user "
        "through the same middleware; ratio = page p95 / floor p95; +ms = page p95 - floor "
        "p95; bare: the floor view called directly; empty: a signed-in request that fetches "
        "nothing; admin: Django admin's changelist of the same rows)"
    )
    w(f"targets: {targets.LEGEND}")
    verdict = report["targets"]
    sizes = verdict["query_counts_compared_with"]
    if sizes:
        w("SQL counts compared with " + ", ".join(f"{n:,}" for n in sizes) + " youths")
    else:
        w("SQL counts not compared: no other size measured yet (make bench YOUTHS=...)")
    s = report["sweep"]
    w(f"reminder sweep: {s['seconds']} s (created {s['created']}, resolved {s['resolved']})")
    if "first_sweep" in report["build"]:
        f = report["build"]["first_sweep"]
        w(f"first sweep after the build: {f['seconds']} s (created {f['created']})")
    ld = report["load"]
    if "throughput_rps" in ld:
        peaks = ", ".join(f"{v} MB" for v in ld["worker_peak_rss_mb"].values())
        w(
            f"load: {ld['throughput_rps']} req/s over {ld['seconds']:.0f} s, "
            f"{ld['requests']} requests, error rate {ld['error_rate']:.2%}, "
            f"p50 {ld['p50_ms']} ms, p95 {ld['p95_ms']} ms; worker peak RSS: {peaks}"
        )
    else:
        w(f"load: {ld}")
    checks = ("pages_ok", "sweep_ok", "load_errors_ok", "worker_peak_ok")
    words = {True: "yes", False: "NO", None: "not measured"}
    w("verdict: " + ", ".join(f"{name} {words[verdict[name]]}" for name in checks))
    return lines
