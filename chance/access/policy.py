"""Who may see a youth, and which parts of the record: decided here and nowhere else.

Each domain app declares its *grounds* of access in its own ``access.py`` (registered in its
``AppConfig.ready``): the case team, supervision and break-the-glass (``cases``), home support and
missing-episode reporting (``placements``), the on-call shift (``services``), the foster
caregiver's own home and the survivor mentor's mentees (``frontline``). A ground answers,
for one user at one moment, a list of :class:`Clause`: the youths it opens (a set of youth ids
read on indexed columns, and/or a condition on the youth row, never a join that repeats rows)
and the grants it carries. Nothing a ground derives from other facts (``User.supervisor``, the
home a youth lives in now, a shift, a role-wide permission) is copied into rows: it is read
here, on every request. Decisions a person made (a team assignment, a break-the-glass grant) are
rows that only the action making the decision writes. A ground's clauses may depend only on the
user's id, roles and role-wide permissions, and on ``now`` (see ``_single_youth_query``).

Three entry points, and every caller uses them:

- :func:`visible_youths` -- the only queryset of the youths a user may ``need``.
- :func:`youth_access` -- one youth with everything the user holds on it, or 404.
- :func:`chance.access.views.youth_view` -- the view decorator that fetches, writes the one
  access-log row (the ground as its reason) and hands ``access`` to the view.

This module is core: it imports no domain app and reaches the youth model by name.
"""

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chance.accounts import roles
from chance.accounts.grants import grants_for

YOUTH_MODEL = "cases.Youth"


class Need(StrEnum):
    """What a caller needs of a youth. Values are the names templates and forms test for."""

    IDENTITY = "view_youth"  # identity, status, alerts, contacts
    EDIT = "change_youth"  # identity, contacts, alerts, placements
    CLINICAL = "view_clinical"  # assessments, plans, notes, monitoring
    WRITE_CLINICAL = "change_clinical"
    APPROVE = "approve_clinical"  # approve plans, see who viewed the record
    PART2 = "view_part2"  # substance-use (42 CFR Part 2) records
    SAFETY = "view_safety"  # the safety essentials: safety plan, alerts, caregiver phones
    ADDRESS = "view_address"  # the address of the home the youth lives in now (after re-auth)
    REPORT_MISSING = "report_missing"  # open and update a missing episode
    # The people around the youth (frontline): each sees what their part needs and no more.
    HOME_CARE = "care_at_home"  # a foster caregiver: the youth in their own home now
    MENTORING = "mentor_youth"  # a survivor mentor: the youths they mentor, their own sessions
    VISIT_HOME = "log_home_visit"  # home support staff: the visit log of the home they support
    # Role-wide abilities on a youth the user may see (see register_role_action).
    MANAGE_LIFECYCLE = "manage_lifecycle"
    MANAGE_TEAM = "manage_team"
    REFER = "refer"


# A clause whose condition is EVERY_YOUTH holds for every youth (a role that sees them all).
EVERY_YOUTH = Q(pk__isnull=False)


@dataclass(frozen=True)
class Clause:
    """Youths a ground opens, and what it grants on them: the youth ids of ``ids`` (a
    ``values()`` queryset of one id column, read on its own indexes), narrowed by ``where`` (a
    condition on the youth row); either may be missing, not both (``EVERY_YOUTH`` for all)."""

    ids: QuerySet | None
    where: Q | None
    grants: frozenset[str]

    @property
    def every_youth(self) -> bool:
        return self.where is EVERY_YOUTH

    @property
    def condition(self) -> Q:
        """The clause as one condition on the youth row."""
        if self.ids is None:
            return self.where
        within = Q(pk__in=self.ids)
        return within if self.where is None else within & self.where


@dataclass(frozen=True)
class Ground:
    """One reason a user may see youths. ``clauses(user, now)`` is empty when it cannot apply.

    ``reason`` is what the access log records when this ground opened the record; grounds are
    tried in ``order`` (lowest first), so the log names the most ordinary reason that holds.
    """

    key: str
    reason: str
    clauses: Callable[..., Iterable[Clause]]
    order: int = 50


@dataclass(frozen=True)
class RoleAction:
    """A role-wide permission that acts on the youths the user may see (``requires``)."""

    grant: str
    perm: str
    requires: str = Need.IDENTITY


_GROUNDS: dict[str, Ground] = {}
_ROLE_ACTIONS: dict[str, RoleAction] = {}


def register_ground(ground: Ground) -> Ground:
    _GROUNDS[ground.key] = ground
    return ground


def register_role_action(action: RoleAction) -> RoleAction:
    _ROLE_ACTIONS[action.grant] = action
    return action


def grounds() -> list[Ground]:
    return sorted(_GROUNDS.values(), key=lambda g: (g.order, g.key))


def youth_model():
    return apps.get_model(YOUTH_MODEL)


def clause(opens, *grants: str, where: Q | None = None) -> Clause:
    """A clause opening ``opens``: a ``values()`` queryset of youth ids (then ``where`` may
    narrow it), or a condition on the youth row (``EVERY_YOUTH`` for all)."""
    if isinstance(opens, QuerySet):
        return Clause(opens.order_by(), where, frozenset(str(g) for g in grants))
    return Clause(None, opens, frozenset(str(g) for g in grants))


MOMENT = timedelta(seconds=2)


def _moment(user, now=None):
    """``now`` for the user's questions: one moment for all the questions of a request (kept
    on the user object, which lives as long as the request), renewed once it is older than
    ``MOMENT``, so a long-lived user object never carries an old clock."""
    if now is not None:
        return now
    real = timezone.now()
    kept = getattr(user, "__dict__", {}).get("_access_now")
    if kept is None or not timedelta(0) <= real - kept <= MOMENT:
        kept = real
        if hasattr(user, "__dict__"):
            user.__dict__["_access_now"] = kept
    return kept


def _clauses(user, now) -> list[tuple[Ground, Clause]]:
    """Every clause of every ground for the user at ``now``. Kept on the user object for the
    rest of the request (a page asks for several lists; the querysets stay lazy): reused while
    ``now`` is the same moment, as a request's calls are."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    kept = user.__dict__.get("_access_clauses")
    if kept is not None and kept[0] == now:
        return kept[1]
    clauses = _built_clauses(user, now)
    user.__dict__["_access_clauses"] = (now, clauses)
    return clauses


def _built_clauses(user, now) -> list[tuple[Ground, Clause]]:
    return [(g, c) for g in grounds() for c in g.clauses(user, now)]


@dataclass(frozen=True)
class YouthAccess:
    """A youth, what the user holds on it (``grants``), and the ground that opened it."""

    youth: object
    grants: frozenset[str]
    ground: Ground

    def allows(self, need) -> bool:
        return str(need) in self.grants

    def allows_any(self, *needs) -> bool:
        return any(self.allows(need) for need in needs)

    @property
    def reason(self) -> str:
        return self.ground.reason


class YouthRefused(Http404):
    """The youth exists but the user may not have it: a 404 like a missing one, which the
    access log still records as a refusal."""

    def __init__(self, youth_id):
        super().__init__("No such youth")
        self.youth_id = youth_id


def _with_role_actions(user, grants: set[str]) -> frozenset[str]:
    for action in _ROLE_ACTIONS.values():
        if action.requires in grants and user.has_perm(action.perm):
            grants.add(action.grant)
    return frozenset(grants)


def visible_youths(user, need=Need.IDENTITY, *, now=None):
    """The youths the user may ``need``, as one queryset (one query, no per-row checks)."""
    model = youth_model()
    need = str(need)
    action = _ROLE_ACTIONS.get(need)
    if action is not None:
        if not user.has_perm(action.perm):
            return model.objects.none()
        need = action.requires
    clauses = [c for _, c in _clauses(user, _moment(user, now)) if need in c.grants]
    if not clauses:
        return model.objects.none()
    if any(c.every_youth for c in clauses):
        return model.objects.all()
    # Plain id sets become one UNION ALL the planner semi-joins from their small indexed
    # reads; an OR of them would make it test every youth row against each one.
    plain = [c.ids for c in clauses if c.where is None]
    conditions = [c.condition for c in clauses if c.where is not None]
    if plain:
        conditions.append(Q(pk__in=plain[0].union(*plain[1:], all=True) if plain[1:] else plain[0]))
    return model.objects.filter(reduce(or_, conditions))


# The roles whose reports count the whole program (counts only; no youth is named by them).
PROGRAM_COUNT_ROLES = (roles.SUPERVISOR, roles.ADMIN, roles.COORDINATOR)


def program_youths(user):
    """Every youth, to be counted in a program report (the monthly state report, capacity and
    outcome tables), never listed or named: for the roles that read the program's reports, and
    none for anyone else. Pages that show youths use :func:`visible_youths`."""
    model = youth_model()
    return model.objects.all() if user.has_role(*PROGRAM_COUNT_ROLES) else model.objects.none()


def youth_access(user, pk, need=Need.IDENTITY, *, now=None, queryset=None) -> YouthAccess:
    """The youth with this id and everything the user holds on it, if that includes ``need``.

    One query: every clause that applies to the user is a boolean column of the youth's row.
    Raises ``Http404`` for a youth that does not exist and :class:`YouthRefused` (also a 404)
    for one the user may not ``need``, so existence is never confirmed. ``queryset``: where to
    load the youth from (select/prefetch); without it the query's SQL is reused between requests
    (``_single_youth_query``)."""
    if not str(pk).isdigit():
        raise Http404("No such youth")
    now = _moment(user, now)
    reused = _single_youth_query(user, now) if queryset is None else None
    if reused is not None:
        held_by, youth = reused.held_by, reused.run(int(pk), now)
    else:
        clauses = _clauses(user, now)
        queryset = queryset if queryset is not None else youth_model().objects.all()
        held_by = [(g, c.grants) for g, c in clauses]
        youth = _annotated(queryset, clauses).filter(pk=int(pk)).first()
    if youth is None:
        raise Http404("No such youth")
    held = [(g, grants) for i, (g, grants) in enumerate(held_by) if _holds_clause(youth, i)]
    grants = _with_role_actions(
        user, {grant for _, clause_grants in held for grant in clause_grants}
    )
    need = str(need)
    if need not in grants:
        raise YouthRefused(youth.pk)
    action = _ROLE_ACTIONS.get(need)
    through = action.requires if action is not None else need
    opened_by = next(g for g, given in held if through in given)
    return YouthAccess(youth=youth, grants=grants, ground=opened_by)


def _column(i) -> str:
    return f"_access_{i}"


def _annotated(queryset, clauses):
    """``queryset`` with one boolean column per clause (a clause over every youth needs none)."""
    return queryset.annotate(
        **{
            _column(i): ExpressionWrapper(c.condition, output_field=BooleanField())
            for i, (_, c) in enumerate(clauses)
            if not c.every_youth
        }
    )


def _holds_clause(youth, i) -> bool:
    return getattr(youth, _column(i), True)  # no column: the clause holds for every youth


# Reusing the single-youth query's SQL ------------------------------------------------------
#
# Building the clauses' querysets and compiling them costs ~4 ms of Python on every youth page,
# more than the query itself. The SQL depends only on what a ground's clauses may depend on
# (the user's id, roles and role-wide permissions, and ``now``), so it is compiled once per
# user and state of their grants and kept here; each request puts in the youth's id and its
# own ``now``. A ground whose parameters are not exactly ``now`` where they depend on it (say,
# ``now - 1 day``) is caught at compile time (``now`` is varied) and simply not reused.

_PK_SENTINEL = -7_431_000_000_123
_REUSED_MAX = 2048
_REUSED: OrderedDict = OrderedDict()


@dataclass(frozen=True)
class _SingleYouthQuery:
    held_by: tuple  # (ground, grants) per clause, in column order
    sql: str
    params: tuple
    pk_at: int
    now_at: tuple[int, ...]

    def run(self, pk, now):
        params = list(self.params)
        params[self.pk_at] = pk
        for i in self.now_at:
            params[i] = now
        return next(iter(youth_model().objects.raw(self.sql, params)), None)


def _compile(clauses):
    qs = _annotated(youth_model().objects.all(), clauses).filter(pk=_PK_SENTINEL)
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def _single_youth_query(user, now) -> _SingleYouthQuery | None:
    """The user's compiled single-youth query, or None when it cannot be reused (then the
    caller builds it with the ORM)."""
    held = grants_for(user) if getattr(user, "is_authenticated", False) else None
    key = (
        user.pk,
        getattr(user, "is_active", False),
        getattr(user, "is_superuser", False),
        held.roles if held else None,
        held.perms if held else None,
    )
    found = _REUSED.get(key)
    if found is not None:
        _REUSED.move_to_end(key)
        return found
    clauses = _clauses(user, now)
    sql, params = _compile(clauses)
    later = now + timedelta(microseconds=1)
    sql_later, params_later = _compile(_built_clauses(user, later))
    now_at = tuple(i for i, value in enumerate(params) if value == now)
    reusable = (
        sql == sql_later
        and len(params) == len(params_later)
        and all(
            (b == later) if i in now_at else (a == b)
            for i, (a, b) in enumerate(zip(params, params_later, strict=True))
        )
        and params.count(_PK_SENTINEL) == 1
    )
    if not reusable:
        return None
    found = _SingleYouthQuery(
        held_by=tuple((g, c.grants) for g, c in clauses),
        sql=sql,
        params=tuple(params),
        pk_at=params.index(_PK_SENTINEL),
        now_at=now_at,
    )
    _REUSED[key] = found
    while len(_REUSED) > _REUSED_MAX:
        _REUSED.popitem(last=False)
    return found


def forget_compiled_queries(**kwargs) -> None:
    """Drop the reused SQL (connected to ``post_migrate``: a rebuilt permissions table has new
    ids, which the SQL carries)."""
    _REUSED.clear()


def holds(user, youth_id, need) -> bool:
    """Whether the user holds ``need`` on the youth: for actions that check again what the view
    already let through (one query)."""
    try:
        youth_access(user, youth_id, need)
    except Http404:
        return False
    return True
