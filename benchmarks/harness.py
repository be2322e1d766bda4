"""Timing the main pages in-process: the Django test Client as a signed-in user of the right role,
against whatever database the default connection points at (the bench DB, or the test DB).

For each page: ``repeat`` timed requests after ``warmup``, p50/p95 in ms, the SQL queries of one
more request (counted apart, so capturing does not slow the timed ones), and the same for its
floor (benchmarks.floors) served through the same stack, for the floor called bare, for an
empty signed-in request and, for the youth list, for Django admin's changelist of the same rows.
Whether a page meets its targets is benchmarks.targets' business, not this module's.
"""

import statistics
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Q
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from cases.models import CaseAssignment, Youth
from chance.accounts import roles

from . import floors

ROW_KEYS = (
    "page",
    "path",
    "user",
    "status",
    "p50_ms",
    "p95_ms",
    "queries",
    "floor_p50_ms",
    "floor_p95_ms",
    "floor_queries",
    "floor_status",
    "ratio_p95",
    "over_floor_p95_ms",
    "bare_floor_p95_ms",
    "bare_floor_queries",
    "empty_p95_ms",
    "empty_queries",
    "admin_path",
    "admin_p95_ms",
    "admin_queries",
)


@dataclass
class Personas:
    clinician: object
    supervisor: object
    coordinator: object
    superuser: object
    youth_id: int
    search: str


def pick_personas() -> Personas:
    """A busy clinician (open caseload nearest 30), their supervisor, a coordinator, and the
    bench superuser (for the admin changelist)."""
    User = get_user_model()
    loads = (
        User.objects.filter(groups__name=roles.CLINICIAN)
        .annotate(open=Count("case_assignments", filter=Q(case_assignments__ended_on__isnull=True)))
        .order_by("id")
        .values_list("id", "open")
    )
    clinician_id = min(loads, key=lambda row: (abs(row[1] - 30), row[0]))[0]
    clinician = User.objects.get(pk=clinician_id)
    coordinator = User.objects.filter(groups__name=roles.COORDINATOR).order_by("id").first()
    superuser = User.objects.filter(is_superuser=True).order_by("id").first()
    youth_id = (
        CaseAssignment.objects.filter(
            user=clinician, ended_on__isnull=True, role="primary_clinician"
        )
        .order_by("youth_id")
        .values_list("youth_id", flat=True)
        .first()
    )
    # Search for part of a real surname so the search finds some rows, not all or none.
    sample = Youth.objects.order_by("id").values_list("legal_last_name", flat=True).first() or "x"
    return Personas(
        clinician=clinician,
        supervisor=clinician.supervisor,
        coordinator=coordinator,
        superuser=superuser,
        youth_id=youth_id,
        search=sample[:4].lower(),
    )


def _percentile(samples, pct):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _time(call, *, repeat, warmup):
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(_percentile(samples, 95), 2),
        "queries": len(captured.captured_queries),
        "status": response.status_code,
        "bytes": len(response.content),
    }


@dataclass
class PageSpec:
    name: str
    path: str
    user: object
    floor: object  # the floor view (benchmarks.floors), called bare
    floor_path: str  # the same floor, served through the bench URLconf
    floor_kwargs: dict = field(default_factory=dict)
    floor_get: dict = field(default_factory=dict)
    admin_path: str | None = None


def page_specs(p: Personas) -> list[PageSpec]:
    q = p.search
    return [
        PageSpec(
            "caseload", "/youths/caseload/", p.clinician, floors.caseload, "/bench-floor/caseload/"
        ),
        PageSpec(
            "youth list (search)",
            f"/youths/?q={q}",
            p.coordinator,
            floors.youth_search,
            f"/bench-floor/youths/?q={q}",
            floor_get={"q": q},
            admin_path=f"/bench-admin/cases/youth/?q={q}",
        ),
        PageSpec(
            "youth list (page 1)",
            "/youths/",
            p.coordinator,
            floors.youth_search,
            "/bench-floor/youths/",
            admin_path="/bench-admin/cases/youth/",
        ),
        PageSpec(
            "youth detail",
            f"/youths/{p.youth_id}/",
            p.clinician,
            floors.youth_detail,
            f"/bench-floor/youths/{p.youth_id}/",
            floor_kwargs={"pk": p.youth_id},
        ),
        PageSpec(
            "placement board",
            "/homes/board/",
            p.supervisor,
            floors.placement_board,
            "/bench-floor/board/",
        ),
        PageSpec("audit trail", "/audit/", p.supervisor, floors.audit_trail, "/bench-floor/audit/"),
        PageSpec("my due work", "/reminders/", p.clinician, floors.due_work, "/bench-floor/due/"),
    ]


def measure_pages(*, repeat=30, warmup=3, personas=None, log=print) -> list[dict]:
    """Each page and its floor, served through the bench URLconf to the same signed-in user."""
    personas = personas or pick_personas()
    with override_settings(ROOT_URLCONF="benchmarks.urls"):
        return [
            _measure(spec, personas, repeat=repeat, warmup=warmup, log=log)
            for spec in page_specs(personas)
        ]


def _measure(spec: PageSpec, personas: Personas, *, repeat, warmup, log) -> dict:
    client = Client()
    client.force_login(spec.user)
    page = _time(lambda: client.get(spec.path), repeat=repeat, warmup=warmup)
    floor = _time(lambda: client.get(spec.floor_path), repeat=repeat, warmup=warmup)
    empty = _time(lambda: client.get("/bench-floor/empty/"), repeat=repeat, warmup=warmup)

    factory = RequestFactory()

    def call_bare():
        request = factory.get("/floor/", spec.floor_get)
        request.user = spec.user
        return spec.floor(request, **spec.floor_kwargs)

    bare = _time(call_bare, repeat=repeat, warmup=warmup)
    row = {
        "page": spec.name,
        "path": spec.path.split("?")[0],
        "user": spec.user.username,
        "status": page["status"],
        "p50_ms": page["p50_ms"],
        "p95_ms": page["p95_ms"],
        "queries": page["queries"],
        "floor_p50_ms": floor["p50_ms"],
        "floor_p95_ms": floor["p95_ms"],
        "floor_queries": floor["queries"],
        "floor_status": floor["status"],
        "ratio_p95": round(page["p95_ms"] / max(floor["p95_ms"], 0.01), 1),
        "over_floor_p95_ms": round(page["p95_ms"] - floor["p95_ms"], 1),
        "bare_floor_p95_ms": bare["p95_ms"],
        "bare_floor_queries": bare["queries"],
        "empty_p95_ms": empty["p95_ms"],
        "empty_queries": empty["queries"],
        "admin_path": spec.admin_path,
        "admin_p95_ms": None,
        "admin_queries": None,
    }
    if spec.admin_path and personas.superuser is not None:
        admin_client = Client()
        admin_client.force_login(personas.superuser)
        admin = _time(lambda: admin_client.get(spec.admin_path), repeat=repeat, warmup=warmup)
        row["admin_p95_ms"] = admin["p95_ms"]
        row["admin_queries"] = admin["queries"]
        row["admin_status"] = admin["status"]
    log(
        f"  {spec.name}: p95 {row['p95_ms']} ms, {row['queries']} queries, "
        f"floor p95 {row['floor_p95_ms']} ms (bare {row['bare_floor_p95_ms']} ms)"
    )
    return row


def time_sweep() -> dict:
    from chance.reminders.engine import sweep

    started = time.perf_counter()
    result = sweep()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "created": result.created,
        "resolved": result.resolved,
    }
