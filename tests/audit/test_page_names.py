"""The audit trail and the "who viewed" page name the page of an access-log row in the reader's
language (``chance.audit.trail.page_name``), never by its route code.

Discovery, no list kept here: every named route of the apps people use (the start page and the
accounts at the root, and the namespaces below) is walked with ``django.urls.get_resolver()``,
and every ``what=`` literal the code writes to the access log (``log.append(what="login")``, a
module constant such as ``placements.addresses.WHAT``) is read from the source; each must be in
``PAGE_NAMES``. The reports' CSV downloads are logged as ``reports:<slug>.csv`` from a variable,
so each slug of ``chance.reports.program.REPORTS`` is asked for too. The outsider twin: a route
nobody named yet still reads humanised, and a value that is no route is shown as it is.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from chance.audit import log, trail
from chance.audit.models import AccessLog
from chance.reports.program import REPORTS

# The apps a person opens pages of; "" is the root (home page, sign-in, language, password).
NAMESPACES = {
    "",
    "cases",
    "placements",
    "services",
    "reports",
    "reminders",
    "notifications",
    "audit",
    "security",
    "frontline",
    "api",
}
SOURCE_DIRS = ["cases", "placements", "services", "frontline", "chance"]


def named_routes(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if entry.namespace and namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from named_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, f"{namespace}:{entry.name}" if namespace else entry.name


def people_routes():
    return sorted({name for namespace, name in named_routes() if namespace in NAMESPACES})


def _constants(tree):
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def logged_whats():
    """Every literal ``what=`` of the project's code (not migrations, tests or benchmarks)."""
    base = Path(settings.BASE_DIR)
    found = set()
    for folder in SOURCE_DIRS:
        for path in sorted((base / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), str(path))
            constants = _constants(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                for keyword in node.keywords:
                    if keyword.arg != "what":
                        continue
                    value = keyword.value
                    if isinstance(value, ast.Constant) and value.value:
                        found.add(value.value)
                    elif isinstance(value, ast.Name) and value.id in constants:
                        found.add(constants[value.id])
    return found


def report_exports():
    return {f"reports:{slug}.csv" for slug in REPORTS} | {"reports:state-monthly.csv"}


def test_the_walk_finds_the_routes_and_the_logged_values():
    routes = people_routes()
    assert {"home", "login", "cases:detail", "placements:home_detail", "reports:report"} <= set(
        routes
    )
    assert not [r for r in routes if r.startswith("admin:")]
    assert {"login", "logout", "home address", "security:2fa-reset"} <= logged_whats()


def test_every_route_people_open_is_named():
    missing = [name for name in people_routes() if name not in trail.PAGE_NAMES]
    assert missing == [], f"add these routes to chance.audit.trail.PAGE_NAMES: {missing}"


def test_every_value_the_code_logs_is_named():
    missing = sorted((logged_whats() | report_exports()) - set(trail.PAGE_NAMES))
    assert missing == [], f"add these logged values to chance.audit.trail.PAGE_NAMES: {missing}"


def test_a_route_nobody_named_yet_falls_back_to_its_humanised_name():
    assert "cases:made_up_page" not in trail.PAGE_NAMES
    assert trail.page_name("cases:made_up_page") == "Made up page"
    assert trail.page_name("a free text, not a route") == "a free text, not a route"
    assert trail.page_name("") == ""


@pytest.mark.parametrize("code", ["es", "ht"])
def test_every_page_name_is_translated(code):
    english = {what: trail.page_name(what) for what in trail.PAGE_NAMES}
    with translation.override(code):
        same = [w for w in trail.PAGE_NAMES if trail.page_name(w) == english[w]]
        export = trail.page_name("reports:stability.csv")
    assert same == []
    assert "CSV" in export and "Placement stability" not in export


def test_a_csv_export_is_named_by_its_report():
    assert trail.page_name("reports:stability.csv") == "Placement stability (CSV export)"
    assert trail.page_name("reports:state-monthly.csv") == "Monthly state report (CSV export)"


def test_who_viewed_names_the_pages_not_their_codes(login, supervisor, clinician, youth):
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    login(clinician).get(reverse("placements:youth_placements", args=[youth.pk]))
    log.append(action=AccessLog.Action.VIEWED, user=clinician, youth_id=youth.pk, what="made up")
    html = login(supervisor).get(reverse("cases:viewers", args=[youth.pk])).content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "Youth overview" in table and "Placements" in table and "made up" in table
    assert "cases:detail" not in table and "placements:youth_placements" not in table


def test_who_viewed_names_the_pages_in_the_reader_s_language(login, supervisor, clinician, youth):
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    client = login(supervisor)
    html = client.get(
        reverse("cases:viewers", args=[youth.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    with translation.override("es"):
        overview = trail.page_name("cases:detail")
    assert overview != "Youth overview" and overview in table
    assert "Youth overview" not in table and "cases:detail" not in table


def test_record_kinds_read_in_each_requests_language_though_the_sources_are_cached():
    """The trail's sources are built once per process; a kind read in English first must still
    read in Spanish and Haitian Creole afterwards (it once kept the first language it met)."""
    trail.history_sources.cache_clear()
    kinds = {}
    for code in ("en", "es", "ht", "en"):
        with translation.override(code):
            kinds.setdefault(code, []).append(
                {s.key: str(s.label) for s in trail.history_sources()}["placements.historicalhome"]
            )
    assert kinds == {"en": ["Home", "Home"], "es": ["Hogar"], "ht": ["Kay"]}
