"""The access-log safety net: every URL that takes a youth's id, or the id of one of a youth's
records, writes exactly one access-log row about the youth per request, GET and POST, naming the
ground when the request was authorised and a refusal row when it was denied.

Discovery (no list of route names, no exceptions). Every named URL pattern is walked and each of
its parameters gets an *id kind*: ``<int:note_pk>`` is a ``note``, ``<int:home_pk>`` a ``home``,
and a bare ``<int:pk>`` takes its kind from the literal segment before it (``youths/<int:pk>/`` a
``youth``, ``missing/<int:pk>/`` an ``episode``, ``placements/<int:pk>/`` a ``placement``,
``homes/<int:pk>/`` a ``home``). A view decorated with ``chance.access.youth_view``
(``wrapper.youth_need``) also marks as the youth the one route parameter its own signature does
not take (``services:oncall_youth`` is ``oncall/essentials/<int:pk>/``). A route is covered when
one of its ids is a youth, progress note, treatment plan, assessment, missing episode, placement
or home. Every id of a covered route (the note of a note page, the contact of a contact page,
the step of a plan transition) is built by BUILDERS, for the route or for its kind, as a real
record of the test's youth written through the actions; a route with an id nobody knows how to
build fails, asking for a builder.

Every covered route is asked with GET and with POST (an empty body, or in POST_BODIES the name
of the form sent where a view has several: a form that re-renders with its errors is still an
authorised request). A method the view does not accept answers 405 and writes no row; that is
asserted, it counts as nobody's access, and the route must accept the other method. Ids of other
records (an alarm event, a crisis call, a change in the audit trail, a reminder, a user) do not
make a route a youth route.

Youth routes (youth, note, plan, assessment, episode, placement ids). The personas are tried in
order (PERSONAS: the clinician on the team, their supervisor, the coordinator, a Part 2 clinician
on the team, the on-call clinician in shift, the support staff of the home the youth lives in,
the foster caregiver of that home, the youth's survivor mentor);
each request writes exactly one row about the youth. A persona the policy refuses gets the 404
and a DENIED row without a reason; the first one it lets through is the authorised persona: its
row carries the reason naming the ground that opened the record, and its action is what the
middleware makes of the response (viewed or exported for a GET, submitted or exported for a
POST, declined when the response refuses the input (400), denied for any other error). For a
GET the authorised persona must get a page (< 400), for a POST anything but a 404 when some
admitted persona does; the test fails if the policy admits no persona. The outsider
(``clinician2``: a clinician off the team who supervises no one) gets a 404 and exactly one
DENIED row about the youth.

Home routes (``homes/<pk>/...``). A home is not a youth: the youth it concerns is the one living
there now (the open placement), and a vacant home concerns no youth. A home page that shows
something of that youth (their record number or name, or the address or phone of the home they
live in: ``home_address``) writes exactly one row about the youth, GET and POST, with the ground
as reason; a home page that shows nothing of the youth (the readiness page, the edit form whose
address and phone fields start empty, the caregiver, alarm and support forms) writes none; on a
vacant home no page writes a youth row. The picker of ``home_place`` lists the youths waiting for
a home, as the board does: a list, not the record of one youth. "Shows" is read from the page
the authorised persona gets, so a youth's name added to a home page later is caught here. The
outsider cannot see the home at all (``placements.selectors.home_for``): a 404 that says nothing
of who lives there, and no youth row. (A user who sees the home but not its address is refused
by the policy for that youth on the address pages, which writes the denial.)
"""

import datetime
import inspect
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.access.policy import grounds
from chance.accounts import roles
from chance.audit.models import AccessLog
from placements import actions as placement_actions
from placements.models import Caregiver, Placement, SupportAssignment
from tests import factories
from tests.factories import record_release
from tests.placements.conftest import make_active_youth, make_home

# What a route's ids are called, and which of them belong to a youth's record.
YOUTH_KINDS = {"youth", "note", "plan", "assessment", "episode", "placement", "home"}
SEGMENT_KINDS = {
    "youth": "youth",
    "youths": "youth",
    "notes": "note",
    "plans": "plan",
    "assessments": "assessment",
    "missing": "episode",
    "episodes": "episode",
    "placements": "placement",
    "homes": "home",
}
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")

# Tried in this order; the first the access policy lets through is the authorised persona.
PERSONAS = (
    "clinician",
    "supervisor",
    "coordinator",
    "part2_clinician",
    "oncall",
    "support",
    "caregiver",
    "mentor",
)
OUTSIDER = "clinician2"
METHODS = ("GET", "POST")

OCCUPIED_ADDRESS, OCCUPIED_PHONE = "12 Fictional Lane, Nowhere FL", "555-0100"


# --- Discovery ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    kind: str


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    params: tuple[Param, ...]

    @property
    def kinds(self):
        return {p.kind for p in self.params}

    @property
    def about_a_home(self):
        """A home page: a home id and no id of a youth or of a youth's own record."""
        return "home" in self.kinds and not (self.kinds & (YOUTH_KINDS - {"home"}))


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


def _singular(word):
    return word[:-1] if word.endswith("s") else word


def _kind(route, match):
    """``note_pk`` is a note; a bare ``pk``/``id`` is named by the literal segment before it."""
    name = match.group(2)
    if name not in ("pk", "id"):
        base = re.sub(r"_(pk|id)$", "", name)
        return SEGMENT_KINDS.get(base + "s", base)
    literal = [s for s in route[: match.start()].split("/") if s and not s.startswith("<")]
    segment = literal[-1] if literal else ""
    return SEGMENT_KINDS.get(segment, _singular(segment))


def _youth_view_param(callback, names):
    """The route parameter a ``youth_view`` view is handed as ``access`` (not in its signature)."""
    if not hasattr(callback, "youth_need"):
        return None
    taken = set(inspect.signature(inspect.unwrap(callback)).parameters)
    left = [n for n in names if n not in taken]
    return left[0] if len(left) == 1 else None


def discover(patterns):
    found = []
    for route, name, callback in _walk(patterns):
        matches = list(PARAM.finditer(route))
        youth_param = _youth_view_param(callback, [m.group(2) for m in matches])
        params = tuple(
            Param(m.group(2), "youth" if m.group(2) == youth_param else _kind(route, m))
            for m in matches
        )
        if {p.kind for p in params} & YOUTH_KINDS:
            found.append(Route(name, route, params))
    return found


ROUTES = discover(get_resolver().url_patterns)


# --- The world: one active youth on a team, placed in a home; personas built on demand ----------


class World:
    def __init__(self, request):
        self._fixture = request.getfixturevalue
        self.coordinator = self._fixture("coordinator")
        self.clinician = self._fixture("clinician")
        self.youth = make_active_youth(by=self.coordinator)
        case_actions.case_assignment_create(
            youth=self.youth,
            user=self.clinician,
            role=CaseAssignment.Role.PRIMARY_CLINICIAN,
            by=self.coordinator,
        )
        self.home_in_use = None  # the home a home route is asked about

    @cached_property
    def home(self):
        """The home the youth lives in now."""
        home = make_home(
            by=self.coordinator, code="H-07", address=OCCUPIED_ADDRESS, phone=OCCUPIED_PHONE
        )
        placement_actions.placement_start(
            youth=self.youth, setting=Placement.Setting.STFC, home=home, by=self.coordinator
        )
        return home

    @cached_property
    def vacant_home(self):
        return make_home(
            by=self.coordinator, code="H-08", address="3 Empty Road, Nowhere FL", phone="555-0199"
        )

    @cached_property
    def placement(self):
        self.home  # noqa: B018 (places the youth)
        return Placement.objects.get(youth=self.youth, ended_on__isnull=True)

    @cached_property
    def episode(self):
        return placement_actions.missing_episode_open(
            youth=self.youth, by=self.coordinator, last_seen_at=timezone.now() - timedelta(hours=1)
        )

    def persona(self, name):
        return getattr(self, f"_{name}", None) or self._fixture(name)

    @cached_property
    def _part2_clinician(self):
        """A clinician on the team who also holds the 42 CFR Part 2 permission."""
        user = factories.make_user("part2", roles.CLINICIAN)
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="cases", codename="view_part2")
        )
        case_actions.case_assignment_create(
            youth=self.youth, user=user, role=CaseAssignment.Role.CLINICIAN, by=self.coordinator
        )
        return user

    @cached_property
    def _oncall(self):
        self._fixture("shift_now")  # a primary shift covering now
        return self._fixture("oncall")

    @cached_property
    def _support(self):
        user = self._fixture("support")
        placement_actions.support_assignment_create(home=self.home, user=user, by=self.coordinator)
        return user

    @cached_property
    def _caregiver(self):
        """The login of the caregiver of the home the youth lives in."""
        user = factories.make_user("caregiver", roles.CAREGIVER)
        caregiver = self.home.caregivers.get()
        caregiver.user = user
        placement_actions.caregiver_save(caregiver=caregiver, by=self.coordinator)
        return user

    @cached_property
    def _mentor(self):
        user = factories.make_user("mentor", roles.MENTOR)
        case_actions.case_assignment_create(
            youth=self.youth, user=user, role=CaseAssignment.Role.MENTOR, by=self.coordinator
        )
        return user


# --- Builders: one real record per id kind (or per route and parameter) --------------------------


def _crafft():
    from services.models import Instrument

    return Instrument.objects.get(code="crafft", active=True)


def _assessment(w, *, final=False):
    from services import actions

    return actions.assessment_save(
        youth=w.youth,
        instrument=_crafft(),
        responses={"a_alcohol": 0, "a_marijuana": 0, "a_other": 0, "b_car": 0},
        administered_on=timezone.localdate(),
        by=w.clinician,
        finalize=final,
    ).pk


def _note(w):
    from services import actions
    from services.models import ProgressNote, ServiceType

    return actions.note_save(
        youth=w.youth,
        service_type=ServiceType.objects.get(code="individual-therapy"),
        occurred_at=timezone.now(),
        minutes=30,
        setting=ProgressNote.Setting.OFFICE,
        text="A session",
        by=w.clinician,
    ).pk


def _plan(w):
    from services import actions

    return actions.plan_create(youth=w.youth, by=w.clinician).pk


def _consent(w):
    from services.models import ReleaseConsent

    return record_release(
        w.youth,
        by=w.clinician,
        recipient="Fictional court",
        purpose=ReleaseConsent.Purpose.COURT,
        covers_part2=False,
        signed_on=timezone.localdate(),
    ).pk


def _medication(w):
    from services import actions

    return actions.medication_add(
        youth=w.youth,
        name="Fictionalol",
        dose="10 mg",
        prescriber="Dr. Fiction",
        started_on=timezone.localdate(),
        by=w.clinician,
    ).pk


def _monitoring_contact(w):
    from services import actions
    from services.models import MonitoringContact

    return actions.monitoring_contact_record(
        youth=w.youth,
        kind=MonitoringContact.Kind.PHONE,
        occurred_at=timezone.now(),
        summary="Checked in by phone",
        by=w.clinician,
    ).pk


def _contact(w):
    return case_actions.contact_create(
        youth=w.youth, by=w.coordinator, kind="caseworker", name="A. Worker"
    ).pk


def _hearing(w):
    return case_actions.court_hearing_save(
        youth=w.youth,
        by=w.coordinator,
        kind="judicial_review",
        held_at=timezone.now() + datetime.timedelta(days=20),
        court="Fictional Circuit Court",
    ).pk


def _alert(w):
    return case_actions.safety_alert_create(
        youth=w.youth, by=w.coordinator, kind="runaway", summary="Ran twice this year"
    ).pk


def _support_assignment(w):
    open_here = SupportAssignment.objects.filter(home=w.home_in_use, ended_on__isnull=True)
    if not open_here.exists():
        user = factories.make_user(None, roles.SUPPORT)
        placement_actions.support_assignment_create(home=w.home_in_use, user=user, by=w.coordinator)
    return open_here.first().pk


def _document(w):
    from chance.access import Need, youth_access

    access = youth_access(w.coordinator, w.youth.pk, Need.IDENTITY)
    return case_actions.document_add(
        access=access,
        by=w.coordinator,
        kind="court_order",
        date=timezone.localdate(),
        description="A court order",
        content=b"%PDF-1.4 a court order",
        content_type="application/pdf",
    ).public_id


def _home_document(w):
    from placements import actions as placement_actions

    return placement_actions.home_document_add(
        home=w.home_in_use,
        by=w.coordinator,
        kind="license",
        date=timezone.localdate(),
        description="The home's license",
        content=b"%PDF-1.4 a license",
        content_type="application/pdf",
    ).public_id


# Keyed by (route name, parameter) first, then by id kind.
BUILDERS = {
    "youth": lambda w: w.youth.pk,
    "home": lambda w: w.home_in_use.pk,
    "placement": lambda w: w.placement.pk,
    "episode": lambda w: w.episode.pk,
    "note": _note,
    "plan": _plan,
    "assessment": _assessment,
    ("services:assessment_amend", "assessment_pk"): lambda w: _assessment(w, final=True),
    "instrument": lambda w: _crafft().pk,
    "consent": _consent,
    "medication": _medication,
    "contact": _contact,
    ("services:monitoring_resolve", "contact_pk"): _monitoring_contact,
    "alert": _alert,
    "document": _document,
    "version": _document,
    ("placements:home_document_download", "version"): _home_document,
    ("placements:home_document_version", "version"): _home_document,
    "hearing": _hearing,
    "assignment": lambda w: CaseAssignment.objects.get(youth=w.youth, user=w.clinician).pk,
    "caregiver": lambda w: Caregiver.objects.filter(home=w.home_in_use).first().pk,
    "support": _support_assignment,
    ("services:plan_transition", "step"): lambda w: "submit",
    ("placements:episode_update", "step"): lambda w: "return",
}


def builder_for(route, param):
    build = BUILDERS.get((route.name, param.name)) or BUILDERS.get(param.kind)
    if build is None:
        pytest.fail(
            f"{route.name} ({route.route}) takes {param.name}, an id of kind {param.kind!r} that "
            "no builder makes: add one to BUILDERS in this file (a real record of the test's "
            "youth, built through the actions)."
        )
    return build


def url_for(route, world):
    return reverse(route.name, kwargs={p.name: builder_for(route, p)(world) for p in route.params})


# --- Requests and their rows --------------------------------------------------------------------


@dataclass
class Asked:
    persona: str
    method: str
    status: int
    rows: list
    content: bytes = b""

    def __str__(self):
        rows = [(r.youth_id, r.action, r.reason) for r in self.rows]
        return f"{self.method} as {self.persona}: {self.status}, youth rows {rows}"


# A POST goes with an empty body, except where the view needs to know which of its forms was sent.
POST_BODIES = {
    "services:plan_edit": {"part": "summary"},
    "services:psychiatric": {"part": "medication"},
}


def ask(client, world, persona, method, url, route):
    user = world.persona(persona)
    client.force_login(user)
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, POST_BODIES.get(route.name, {}))
    rows = list(AccessLog.objects.filter(id__gt=before, youth_id__isnull=False).order_by("id"))
    for row in rows:
        assert row.user_id == user.pk, f"{method} {url}: a row by {row.user_id}, not {persona}"
    content = response.content if not getattr(response, "streaming", False) else b""
    return Asked(persona, method, response.status_code, rows, content)


def names_a_ground(reason):
    return any(ground.reason in reason for ground in grounds())


def expected_actions(asked):
    """What the middleware makes of an authorised request's row."""
    if asked.status in (400, 422):
        return {AccessLog.Action.DECLINED}
    if asked.status >= 400:
        return {AccessLog.Action.DENIED}
    if asked.method == "GET":
        return {AccessLog.Action.VIEWED, AccessLog.Action.EXPORTED}
    return {AccessLog.Action.SUBMITTED, AccessLog.Action.EXPORTED}


def assert_authorised_row(name, asked, youth):
    assert len(asked.rows) == 1, f"{name}: {asked} (one row about the youth wanted)"
    row = asked.rows[0]
    assert row.youth_id == youth.pk, f"{name}: {asked}"
    assert row.action in expected_actions(asked), f"{name}: {asked}"
    assert names_a_ground(row.reason), f"{name}: {asked} (the reason must name the ground)"


def assert_not_accepted(name, asked, client, world, url, route):
    assert asked.rows == [], f"{name}: a 405 wrote rows: {asked}"
    other = "POST" if asked.method == "GET" else "GET"
    assert ask(client, world, asked.persona, other, url, route).status != 405, (
        f"{name} accepts neither GET nor POST"
    )


# --- The tests ----------------------------------------------------------------------------------

CASES = [
    pytest.param(route, method, id=f"{method}-{route.name}")
    for route in ROUTES
    for method in METHODS
]


def test_discovery_finds_the_youth_routes_of_every_app():
    found = {r.name: r for r in ROUTES}
    for name, kinds in {
        "cases:detail": {"youth"},
        "cases:viewers": {"youth"},
        "cases:contact_edit": {"youth", "contact"},
        "services:note_detail": {"youth", "note"},
        "services:plan_transition": {"youth", "plan", "step"},
        "services:assessment_amend": {"youth", "assessment"},
        "services:oncall_youth": {"youth"},
        "placements:episode_update": {"episode", "step"},
        "placements:placement_end": {"placement"},
        "placements:home_detail": {"home"},
        "placements:support_end": {"home", "support"},
        "reports:youth_summary": {"youth"},
    }.items():
        assert found[name].kinds == kinds, name
    # Every youth_view is covered, whatever its route looks like.
    decorated = {n for _, n, cb in _walk(get_resolver().url_patterns) if hasattr(cb, "youth_need")}
    assert decorated and decorated <= set(found)


def test_a_new_route_is_covered_and_an_unknown_id_asks_for_a_builder():
    def view(request, pk, gadget_pk):
        raise AssertionError("never called")

    new = discover(
        [
            path("youths/<int:pk>/gadgets/<int:gadget_pk>/", view, name="gadget"),
            path("homes/<int:home_pk>/sheds/", view, name="shed"),
            path("gadgets/<int:pk>/", view, name="not_about_a_youth"),
        ]
    )
    assert [(r.name, r.kinds) for r in new] == [
        ("gadget", {"youth", "gadget"}),
        ("shed", {"home"}),
    ]
    with pytest.raises(pytest.fail.Exception, match="add one to BUILDERS"):
        builder_for(new[0], new[0].params[1])


@pytest.fixture
def world(request, db):
    return World(request)


@pytest.mark.parametrize("route, method", CASES)
def test_each_request_writes_one_row_and_each_refusal_a_denial(client, world, route, method):
    if route.about_a_home:
        return _check_home_route(client, world, route, method)
    url = url_for(route, world)
    youth, name = world.youth, route.name
    tried, admitted = [], []
    for persona in PERSONAS:
        asked = ask(client, world, persona, method, url, route)
        tried.append(str(asked))
        if asked.status == 405:
            assert_not_accepted(name, asked, client, world, url, route)
            break
        assert len(asked.rows) == 1, f"{name}: {asked} (one row per request)"
        if not asked.rows[0].reason:
            # Refused by the policy: the same 404 as for a missing youth, and the denial.
            assert asked.status == 404, f"{name}: {asked}"
            assert asked.rows[0].action == AccessLog.Action.DENIED, f"{name}: {asked}"
            continue
        # Let through by the policy: the row names the ground, whatever the page did next.
        assert_authorised_row(name, asked, youth)
        admitted.append(asked)
        # A GET must show the page; a POST may answer its empty form with errors, but not 404.
        if asked.status < 400 or (method == "POST" and asked.status != 404):
            break
    else:
        # A POST every admitted persona gets a 404 for (its empty body names no form) counts.
        if method == "GET" or not admitted:
            pytest.fail(f"No persona may {method} {name}: {tried}; give one the access it needs")
        asked = admitted[0]

    outsider = ask(client, world, OUTSIDER, method, url, route)
    if asked.status == 405:
        assert outsider.status == 405 and outsider.rows == [], f"{name}: {outsider}"
        return
    assert outsider.status == 404, f"{name}: {outsider}"
    assert [(r.youth_id, r.action) for r in outsider.rows] == [
        (youth.pk, AccessLog.Action.DENIED)
    ], f"{name}: {outsider}"


def _shows_the_youth(asked, world):
    youth = world.youth
    marks = [youth.record_number, youth.legal_first_name, OCCUPIED_ADDRESS, OCCUPIED_PHONE]
    if youth.preferred_name:
        marks.append(youth.preferred_name)
    return any(mark.encode() in asked.content for mark in marks)


def _authorised_on_home(client, world, route, method, url, *, vacant=False):
    """The first persona who gets through the home's checks (GET: a page)."""
    tried = []
    for persona in PERSONAS:
        asked = ask(client, world, persona, method, url, route)
        tried.append(str(asked))
        if vacant:
            assert asked.rows == [], f"{route.name} on a vacant home: {asked}"
        if asked.status == 405:
            return asked
        if asked.status == 404:
            # Refused: nothing about the youth, or the policy's denial for them.
            assert [(r.youth_id, r.action) for r in asked.rows] in (
                [],
                [(world.youth.pk, AccessLog.Action.DENIED)],
            ), f"{route.name}: {asked}"
            continue
        if method == "POST" or asked.status < 400:
            return asked
    pytest.fail(f"No persona may {method} {route.name}: {tried}; give one the access it needs")


def _check_home_route(client, world, route, method):
    name, youth = route.name, world.youth
    world.home_in_use = world.home
    url = url_for(route, world)
    shows_youth = None
    if method == "POST":
        # Whether the page is about the youth living there is read from its GET.
        page = _authorised_on_home(client, world, route, "GET", url)
        shows_youth = page.status != 405 and _shows_the_youth(page, world)
    asked = _authorised_on_home(client, world, route, method, url)
    if asked.status == 405:
        assert_not_accepted(name, asked, client, world, url, route)
    else:
        if shows_youth is None:
            shows_youth = _shows_the_youth(asked, world)
        if shows_youth:
            assert_authorised_row(name, asked, youth)
        else:
            assert asked.rows == [], f"{name} shows nothing of the youth but wrote {asked}"

    outsider = ask(client, world, OUTSIDER, method, url, route)
    assert outsider.status == (405 if asked.status == 405 else 404), f"{name}: {outsider}"
    assert outsider.rows == [], f"{name}: {outsider}"

    # A vacant home is no youth's: whoever asks, no youth row.
    world.home_in_use = world.vacant_home
    vacant = _authorised_on_home(client, world, route, method, url_for(route, world), vacant=True)
    assert (vacant.status == 405) == (asked.status == 405), f"{name}: {vacant}"


@pytest.mark.parametrize(
    "persona, ground", [("oncall", "On-call shift"), ("support", "Home support")]
)
def test_the_safety_essentials_open_on_shift_and_to_the_home_support(
    client, world, persona, ground
):
    """The on-call youth page for its own two grounds (the team opens it first in the sweep):
    an active youth with the on-call clinician in shift, and the support staff of their home."""
    route = next(r for r in ROUTES if r.name == "services:oncall_youth")
    asked = ask(client, world, persona, "GET", url_for(route, world), route)
    assert asked.status == 200, str(asked)
    assert [(r.youth_id, r.action, r.reason) for r in asked.rows] == [
        (world.youth.pk, AccessLog.Action.VIEWED, ground)
    ]
