"""Every page about one youth writes exactly one access-log row, and a refusal writes a denial.

The URLs are discovered from the URL conf, so pages added later are covered without an edit here:
a route counts as "about one youth" when it sits under /youths/<int:pk>/, names a youth id
(<int:youth_pk>, <int:youth_id>), or its view calls ``youth_for``.
"""

import inspect
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.accounts import roles
from chance.audit.models import AccessLog
from tests import factories

YOUTH_PARAMS = {"youth_pk", "youth_id"}
# Pages whose authorised user needs more state than a referred youth and a team; their own app's
# tests prove the access row. Everything else must open for one of the personas below.
NEEDS_OWN_SETUP = {
    "services:oncall_youth": "needs an on-call shift and an active youth",
}
PERSONAS = ("clinician", "supervisor", "coordinator", "part2_clinician")


@pytest.fixture
def part2_clinician(db, youth, coordinator):
    """A clinician on the team who also holds the 42 CFR Part 2 permission."""
    from django.contrib.auth.models import Permission

    user = factories.make_user("part2", roles.CLINICIAN)
    user.user_permissions.add(Permission.objects.get(codename="view_part2"))
    case_actions.case_assignment_create(
        youth=youth, user=user, role=CaseAssignment.Role.CLINICIAN, by=coordinator
    )
    return user


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _calls_youth_for(callback) -> bool:
    try:
        return "youth_for(" in inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return False


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern.callback


def youth_pages():
    pages = []
    for route, name, callback in _walk(get_resolver().url_patterns):
        params = PARAM.findall(route)
        names = [p for _, p in params]
        youth_param = next((p for p in names if p in YOUTH_PARAMS), None)
        if youth_param is None and "pk" in names and route.startswith("youths/"):
            youth_param = "pk"
        if youth_param is None and _calls_youth_for(callback) and len(names) == 1:
            youth_param = names[0]
        if youth_param is not None:
            pages.append(pytest.param(name, youth_param, names, id=name))
    return pages


PAGES = youth_pages()


def _url_or_skip(name, youth_param, names, youth):
    others = [n for n in names if n != youth_param]
    if others:
        pytest.skip(f"{name} also needs {others}; its app's tests cover it")
    return reverse(name, kwargs={youth_param: youth.pk})


def _rows_written(client, url):
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(url)
    rows = list(AccessLog.objects.filter(id__gt=before).exclude(action="login"))
    return response, rows


def test_the_discovery_finds_the_youth_pages():
    found = {p.values[0] for p in PAGES}
    assert {"cases:detail", "cases:viewers"} <= found


@pytest.mark.parametrize("name, youth_param, names", PAGES)
def test_authorised_get_writes_exactly_one_row(
    request, login, youth, clinician, name, youth_param, names
):
    url = _url_or_skip(name, youth_param, names, youth)
    if name in NEEDS_OWN_SETUP:
        pytest.skip(f"{name} {NEEDS_OWN_SETUP[name]}")
    for persona in PERSONAS:
        client = login(request.getfixturevalue(persona))
        response, rows = _rows_written(client, url)
        if response.status_code == 405:
            pytest.skip(f"{name} does not answer GET")
        if response.status_code < 400:
            # One row per youth per request; a print/export page records it as an export.
            assert len(rows) == 1, f"{name} wrote {[r.action for r in rows]}"
            assert rows[0].youth_id == youth.pk
            assert rows[0].action in (AccessLog.Action.VIEWED, AccessLog.Action.EXPORTED)
            assert rows[0].user == request.getfixturevalue(persona)
            return
    pytest.fail(f"No persona may open {name}; add one to this test")


@pytest.mark.parametrize("name, youth_param, names", PAGES)
def test_refused_get_writes_a_denial(login, youth, clinician2, name, youth_param, names):
    url = _url_or_skip(name, youth_param, names, youth)
    response, rows = _rows_written(login(clinician2), url)
    if response.status_code == 405:
        pytest.skip(f"{name} does not answer GET")
    assert response.status_code == 404
    assert [(r.youth_id, r.action, r.user) for r in rows] == [
        (youth.pk, AccessLog.Action.DENIED, clinician2)
    ]
