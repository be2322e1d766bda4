"""Every page about one youth writes exactly one access-log row, and a refusal writes a denial.

The URLs are discovered from the URL conf, so pages added later are covered without an edit here:
a route counts as "about one youth" when it has youth/<int:pk>/ or youths/<int:pk>/ in it, names a
youth id (<int:youth_pk>, <int:youth_id>), or its view calls ``youth_for``. A second id in the
route (a note, a plan, a contact) gets a real record of that youth from SECOND_IDS, built through
the actions; a GET page with a second id nobody knows how to build fails, asking for a builder.
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
        if youth_param is None and re.search(r"youths?/<int:pk>/", route):
            youth_param = "pk"
        if youth_param is None and _calls_youth_for(callback) and len(names) == 1:
            youth_param = names[0]
        if youth_param is not None:
            pages.append(pytest.param(name, youth_param, names, id=name))
    return pages


PAGES = youth_pages()


def _assignment(youth, by):
    return CaseAssignment.objects.filter(youth=youth).first().pk


def _contact(youth, by):
    return case_actions.contact_create(youth=youth, by=by, kind="caseworker", name="A. Worker").pk


def _alert(youth, by):
    alert = case_actions.safety_alert_create(
        youth=youth, by=by, kind="runaway", summary="Ran twice this year"
    )
    return alert.pk


def _instrument(youth, by):
    from services.models import Instrument

    return Instrument.objects.get(code="crafft", active=True).pk


def _assessment(youth, by, *, final=False):
    from django.utils import timezone

    from services import actions
    from services.models import Instrument

    crafft = Instrument.objects.get(code="crafft", active=True)
    assessment = actions.assessment_save(
        youth=youth,
        instrument=crafft,
        responses={"a_alcohol": 0, "a_marijuana": 0, "a_other": 0, "b_car": 0},
        administered_on=timezone.localdate(),
        by=by,
        finalize=final,
    )
    return assessment.pk


def _final_assessment(youth, by):
    return _assessment(youth, by, final=True)


def _plan(youth, by):
    from services import actions

    return actions.plan_create(youth=youth, by=by).pk


def _note(youth, by):
    from django.utils import timezone

    from services import actions
    from services.models import ProgressNote, ServiceType

    note = actions.note_save(
        youth=youth,
        service_type=ServiceType.objects.get(code="individual-therapy"),
        occurred_at=timezone.now(),
        minutes=30,
        setting=ProgressNote.Setting.OFFICE,
        text="A session",
        by=by,
    )
    return note.pk


# Second ids by (page, parameter) or by parameter; the records belong to the test's youth and
# are written by its clinician.
SECOND_IDS = {
    "assignment_pk": _assignment,
    ("cases:contact_edit", "contact_pk"): _contact,
    "alert_pk": _alert,
    "instrument_pk": _instrument,
    "assessment_pk": _assessment,
    ("services:assessment_amend", "assessment_pk"): _final_assessment,
    "plan_pk": _plan,
    "note_pk": _note,
}


def _url_or_skip(name, youth_param, names, youth, by=None):
    kwargs = {youth_param: youth.pk}
    for other in (n for n in names if n != youth_param):
        build = SECOND_IDS.get((name, other)) or SECOND_IDS.get(other)
        # POST-only pages answer 405 before looking anything up; 0 is enough to ask them.
        kwargs[other] = build(youth, by) if build and by is not None else 0
    return reverse(name, kwargs=kwargs)


def _rows_written(client, url):
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(url)
    rows = list(AccessLog.objects.filter(id__gt=before).exclude(action="login"))
    return response, rows


def test_the_discovery_finds_the_youth_pages():
    found = {p.values[0] for p in PAGES}
    assert {
        "cases:detail",
        "cases:viewers",
        "cases:contact_edit",
        "services:note_detail",
        "services:assessment_detail",
        "placements:placement_new",
        "placements:missing_new",
    } <= found


@pytest.mark.parametrize("name, youth_param, names", PAGES)
def test_authorised_get_writes_exactly_one_row(
    request, login, youth, clinician, name, youth_param, names
):
    url = _url_or_skip(name, youth_param, names, youth, by=clinician)
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
def test_refused_get_writes_a_denial(login, youth, clinician, clinician2, name, youth_param, names):
    url = _url_or_skip(name, youth_param, names, youth, by=clinician)
    response, rows = _rows_written(login(clinician2), url)
    if response.status_code == 405:
        pytest.skip(f"{name} does not answer GET")
    assert response.status_code == 404
    assert [(r.youth_id, r.action, r.user) for r in rows] == [
        (youth.pk, AccessLog.Action.DENIED, clinician2)
    ]
