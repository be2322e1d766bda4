"""The audit trail: one newest-first stream of every view (AccessLog) and every change (history).

Sources are found generically: the AccessLog, plus every simple-history model in the project
(``HistoricalChanges`` subclasses tracking a model), so a model added later appears without an
edit here. A history source can be filtered by youth when it tracks the youth itself or a model
with a ``youth`` foreign key. The audit core imports no domain app: it names the youth model by
its label and reaches it through the app registry.

Who sees what (deny by default):

- Program admins: every event; field values and reasons only where they may see the record.
- Supervisors: events about the youths they supervise (object permission ``approve_clinical``).
- Everyone else: nothing (the views answer 404).

Pages are keyset-paginated on (time, source, id); one UNION query per page whatever the log size
(after one that bounds how far back the sources must read).
"""

import datetime
import time
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    Expression,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges
from simple_history.utils import get_m2m_reverse_field_name

from chance.access import Need, holds, visible_youths
from chance.accounts import roles
from chance.crypto import EncryptedTextField

from .models import AccessLog

YOUTH_MODEL = "cases.Youth"
# Apps whose records are clinical: their values need view_clinical on the youth. A model can also
# say so itself with ``audit_clinical = True``, or name the object permission it needs with
# ``audit_value_perm = "view_part2"`` (e.g. substance-use records).
CLINICAL_APPS = {"services"}
ACCESS = "access"
PAGE_SIZE = 50
EXPORT_LIMIT = 100_000

HISTORY_ACTIONS = {"created": "+", "changed": "~", "deleted": "-"}
HISTORY_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
ACTION_CHOICES = [
    (AccessLog.Action.VIEWED, _("Viewed")),
    ("created", _("Created")),
    ("changed", _("Changed")),
    ("deleted", _("Deleted")),
    (AccessLog.Action.SUBMITTED, _("Submitted a form")),
    (AccessLog.Action.DECLINED, _("Declined (invalid input)")),
    (AccessLog.Action.DENIED, _("Access refused")),
    (AccessLog.Action.BREAK_GLASS, _("Break-the-glass")),
    (AccessLog.Action.EXPORTED, _("Exported")),
    (AccessLog.Action.LOGIN, _("Signed in")),
    (AccessLog.Action.LOGOUT, _("Signed out")),
    (AccessLog.Action.LOGIN_FAILED, _("Failed sign-in")),
    (AccessLog.Action.LOCKED_OUT, _("Locked out")),
]
ACCESS_ACTIONS = {value for value, _label in AccessLog.Action.choices}
# Shown as a warning tag: someone was kept out, or went in by break-the-glass.
ALARMING = {AccessLog.Action.DENIED, AccessLog.Action.BREAK_GLASS, AccessLog.Action.LOCKED_OUT}
HIDDEN = _("(content hidden)")
CLINICAL_HIDDEN = _("(clinical content hidden)")

FIELDS = [
    "ev_at",
    "ev_src",
    "ev_pk",
    "ev_youth",
    "ev_user",
    "ev_action",
    "ev_object",
    "ev_what",
    "ev_reason",
]


@dataclass(frozen=True)
class Source:
    key: str  # "access", or the historical model's label ("cases.historicalyouth")
    label: str
    model: type
    youth_field: str | None  # column holding the youth id on this source
    clinical: bool = False

    @property
    def tracked(self):
        return getattr(self.model, "instance_type", None)


def youth_model():
    return apps.get_model(YOUTH_MODEL)


@cache
def history_sources() -> tuple[Source, ...]:
    found = []
    for model in apps.get_models():
        tracked = getattr(model, "instance_type", None)
        if not issubclass(model, HistoricalChanges) or tracked is None:
            continue
        names = {f.name for f in model._meta.get_fields()}
        if "history_type" not in names:
            continue
        # A model reached through another (a plan's goals) names the path: audit_youth_path.
        youth_field = getattr(tracked, "audit_youth_path", None)
        if youth_field:
            pass
        elif tracked._meta.label == YOUTH_MODEL:
            youth_field = "id"
        else:
            fk = next((f for f in tracked._meta.fields if f.name == "youth"), None)
            if fk is not None and fk.related_model and fk.related_model._meta.label == YOUTH_MODEL:
                youth_field = "youth_id"
        clinical = tracked._meta.app_label in CLINICAL_APPS or getattr(
            tracked, "audit_clinical", False
        )
        found.append(
            Source(
                key=model._meta.label_lower,
                # Lazy: the sources are cached once per process, the label is read per request.
                label=capfirst(tracked._meta.verbose_name),
                model=model,
                youth_field=youth_field,
                clinical=clinical,
            )
        )
    return tuple(sorted(found, key=lambda s: s.key))


def access_source() -> Source:
    return Source(ACCESS, _("Access log (views, exports, sign-ins)"), AccessLog, "youth_id")


def source_by_key(key) -> Source | None:
    if key == ACCESS:
        return access_source()
    return next((s for s in history_sources() if s.key == key), None)


# --- who may see the trail ------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What part of the trail a user may see: everything, or the events of some youths."""

    everything: bool
    # The supervised youths' ids, looked up once: as a subquery the guardian permission join was
    # planned again for every history table of the page (~40 ms at 2,000 youths).
    youth_ids: frozenset = frozenset()

    def sources(self) -> list[Source]:
        all_sources = [access_source(), *history_sources()]
        if self.everything:
            return all_sources
        return [s for s in all_sources if s.youth_field is not None]

    def allows_youth(self, youth_id) -> bool:
        return self.everything or youth_id in self.youth_ids


def supervised_youth_ids(user) -> frozenset:
    """The youths the access policy lets the user supervise (approve), looked up once."""
    return frozenset(visible_youths(user, Need.APPROVE).order_by().values_list("pk", flat=True))


def trail_scope(user) -> Scope | None:
    """None when the user may not see the audit trail at all (the views answer 404)."""
    if not user.is_authenticated or not user.has_perm("audit.view_accesslog"):
        return None
    if user.has_role(roles.ADMIN):
        return Scope(everything=True)
    if user.has_role(roles.SUPERVISOR):
        return Scope(everything=False, youth_ids=supervised_youth_ids(user))
    return None


# --- the event stream -----------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    youth_id: int | None = None
    user_id: int | None = None
    since: datetime.datetime | None = None  # inclusive
    until: datetime.datetime | None = None  # exclusive
    source: str = ""
    action: str = ""


@dataclass(frozen=True)
class Cursor:
    at: datetime.datetime
    src: str
    pk: int

    def encode(self) -> str:
        return f"{self.at.isoformat()}~{self.src}~{self.pk}"

    @classmethod
    def decode(cls, text):
        """A cursor from the URL, or None when it is malformed (the first page is shown)."""
        try:
            at_text, src, pk = (text or "").split("~")
            at = parse_datetime(at_text)
            if at is None or timezone.is_naive(at) or len(src) > 120:
                return None
            return cls(at, src, int(pk))
        except ValueError:
            return None


def _columns(source: Source):
    """(time, id, user, action) column names of a source."""
    if source.key == ACCESS:
        return "at", "id", "user_id", "action"
    return "history_date", "history_id", "history_user_id", "history_type"


@cache
def _base_queryset(source: Source):
    """A source's rows as events, unfiltered. Built once per source: resolving the nine
    annotations cost ~0.5 ms per source per query. Never evaluated, only cloned by filters.

    Every UNION position has one type in all sources. PostgreSQL resolves a UNION's branches
    pairwise, so a bare NULL takes its type from its neighbour, and two bare NULLs side by side
    (the youth of two sources that name no youth, first on a page) resolve as text, which the
    next branch's bigint youth id cannot match. So the NULLs are cast to bigint, the type of the
    ids they stand in for (youth ids, which the page looks up; record ids, bigint primary keys
    as every model here has). The other positions are already of one type, or of types that
    resolve to one whatever the order (integer and bigint ids; string literals beside text and
    varchar columns): casting them too cost ~1.5 ms of SQL compiling per admin page and changed
    no plan; time and id would also hide the keyset columns from the indexes that read them."""
    at, pk, user, action = _columns(source)
    model = AccessLog if source.key == ACCESS else source.model
    no_id = Cast(Value(None), output_field=BigIntegerField())
    return model.objects.annotate(
        ev_at=F(at),
        ev_src=Value(source.key, output_field=CharField()),
        ev_pk=F(pk),
        ev_youth=F(source.youth_field) if source.youth_field else no_id,
        ev_user=F(user),
        ev_action=F(action),
        ev_object=no_id if source.key == ACCESS else F("id"),
        ev_what=F("what") if source.key == ACCESS else Value("", output_field=TextField()),
        ev_reason=F("reason") if source.key == ACCESS else F("history_change_reason"),
    ).values(*FIELDS)


def _source_queryset(source: Source, scope: Scope, filters: Filters, cursor: Cursor | None):
    at, pk, user, action = _columns(source)
    qs = _base_queryset(source).all()
    if filters.action:
        if source.key == ACCESS:
            if filters.action not in ACCESS_ACTIONS:
                return None
            qs = qs.filter(action=filters.action)
        else:
            if filters.action not in HISTORY_ACTIONS:
                return None
            qs = qs.filter(history_type=HISTORY_ACTIONS[filters.action])
    if filters.source and filters.source != source.key:
        return None
    if not scope.everything:
        if source.youth_field is None:
            return None
        if not scope.youth_ids:
            return None
        qs = qs.filter(AnyOf(F(source.youth_field), sorted(scope.youth_ids)))
    if filters.youth_id is not None:
        if source.youth_field is None:
            return None
        qs = qs.filter(**{source.youth_field: filters.youth_id})
    if filters.user_id is not None:
        qs = qs.filter(**{user: filters.user_id})
    if filters.since is not None:
        qs = qs.filter(**{f"{at}__gte": filters.since})
    if filters.until is not None:
        qs = qs.filter(**{f"{at}__lt": filters.until})
    if cursor is not None:
        # Strictly after the cursor in newest-first order of (time, source, id).
        if source.key < cursor.src:
            qs = qs.filter(**{f"{at}__lte": cursor.at})
        elif source.key == cursor.src:
            qs = qs.filter(
                Q(**{f"{at}__lt": cursor.at}) | Q(**{at: cursor.at, f"{pk}__lt": cursor.pk})
            )
        else:
            qs = qs.filter(**{f"{at}__lt": cursor.at})
    return qs


class AnyOf(Expression):
    """``column = ANY(%s)``: the ids go to the database as one array parameter. As ``__in`` the
    ORM prepared each of a supervisor's few hundred ids once per history table (~15 ms a page)."""

    output_field = BooleanField()

    def __init__(self, column, ids):
        super().__init__()
        self.column, self.ids = column, list(ids)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} = ANY(%s)", (*params, self.ids)

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        marks = ", ".join(["%s"] * len(self.ids))
        return f"{sql} IN ({marks})", (*params, *self.ids)


ORDER = ("-ev_at", "-ev_pk")
_sizes = {"at": -3600.0, "rows": {}}


def _table_rows() -> dict[str, float]:
    """The planner's row estimates of the trail's tables, looked up at most once an hour."""
    now = time.monotonic()
    if now - _sizes["at"] >= 3600:
        tables = [s.model._meta.db_table for s in (access_source(), *history_sources())]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [tables]
            )
            _sizes["rows"] = dict(cursor.fetchall())
        _sizes["at"] = now
    return _sizes["rows"]


def _newest_times(models) -> list:
    """The newest time in each model's table, whatever it concerns (None if empty): one query of
    one backward index probe per table."""
    quote = connection.ops.quote_name
    columns = [
        f"(SELECT max({quote('at' if m is AccessLog else 'history_date')}) "  # noqa: S608
        f"FROM {quote(m._meta.db_table)})"
        for m in models
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}")  # noqa: S608 - quoted names only
        return list(cursor.fetchone())


def events(scope: Scope, filters: Filters, *, limit=PAGE_SIZE, cursor=None) -> list[dict]:
    """Up to ``limit`` events newest first, after ``cursor``: one UNION query (and up to two small
    ones before it on PostgreSQL when several sources are read, see ``_bounded_union``)."""
    parts = []
    for source in scope.sources():
        qs = _source_queryset(source, scope, filters, cursor)
        if qs is None:
            continue
        parts.append(qs)
    if not parts:
        return []
    if len(parts) == 1:
        return list(parts[0].order_by("-ev_at", "-ev_src", "-ev_pk")[:limit])
    if not connection.features.supports_slicing_ordering_in_compound:
        # SQLite allows no ORDER BY inside a UNION (not even the models' default one).
        parts = [qs.order_by() for qs in parts]
        combined = parts[0].union(*parts[1:], all=True)
        return list(combined.order_by("-ev_at", "-ev_src", "-ev_pk")[:limit])
    return _bounded_union(parts, limit)


def _bounded_union(parts, limit) -> list[dict]:
    """PostgreSQL: each source reads its newest rows backwards on its time index until it has
    ``limit``. A supervisor's youths are a few percent of all, so a source scans ~``limit`` / that
    share rows to find them, and the page keeps only ``limit`` of all the sources' rows.

    So first the source with the most rows (the pilot) gives its ``limit``-th newest time: at
    least ``limit`` events are that new, so no older event can be on the page (ties are kept:
    ``>=``). Every other source stops at that time, most of them after a handful of rows. The
    bound goes in as a value, not a subquery: the planner must see it to pick the time index.
    Sources whose table holds nothing that new are left out of the UNION (a third of the planning
    and of the ORM's work per source). Three queries: the pilot's newest ``limit`` (time, id), the
    newest time of each other table, the UNION.
    """
    rows = _table_rows()
    pilot = max(parts, key=lambda qs: rows.get(qs.model._meta.db_table, 0))
    head = list(pilot.order_by(*ORDER).values_list("ev_at", "ev_pk")[:limit])
    if len(head) == limit:
        bound = head[-1][0]
        others = [qs for qs in parts if qs is not pilot]
        newest = _newest_times([qs.model for qs in others])
        # A source whose newest row of all is older than the bound has nothing for this page.
        parts = [
            qs.filter(ev_at__gte=bound)
            for qs, at in zip(others, newest, strict=True)
            if at is not None and at >= bound
        ]
    else:
        parts = [qs for qs in parts if qs is not pilot]
    if head:
        # The pilot's rows are known: fetched again by primary key, not by a second scan.
        parts.append(pilot.filter(AnyOf(F("ev_pk"), [pk for _, pk in head])))
    if len(parts) == 1:
        return list(parts[0].order_by("-ev_at", "-ev_src", "-ev_pk")[:limit])
    parts = [qs.order_by(*ORDER)[:limit] for qs in parts]
    combined = parts[0].union(*parts[1:], all=True)
    return list(combined.order_by("-ev_at", "-ev_src", "-ev_pk")[:limit])


def all_events(scope, filters, *, batch_size=1000, limit=EXPORT_LIMIT):
    """Every matching event, newest first, fetched a batch at a time (for the CSV export)."""
    cursor, given = None, 0
    while given < limit:
        batch = events(scope, filters, limit=min(batch_size, limit - given), cursor=cursor)
        if not batch:
            return
        yield batch
        given += len(batch)
        last = batch[-1]
        cursor = Cursor(last["ev_at"], last["ev_src"], last["ev_pk"])


# --- one user action: the events it wrote -------------------------------------------------------


def same_action(a, b) -> bool:
    """Two events of one user action: the same signed-in user at the same moment (every history
    and access-log row a request writes carries the request's moment, see audit.signals)."""
    return a["ev_user"] is not None and a["ev_user"] == b["ev_user"] and a["ev_at"] == b["ev_at"]


def group_actions(raw_events) -> list[list[dict]]:
    """Newest-first events as user actions: runs of events of one action (the order keeps them
    together: their time is equal, and time is the first key)."""
    groups = []
    for event in raw_events:
        if groups and same_action(groups[-1][0], event):
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def page_of_actions(raw_events, limit) -> tuple[list[list[dict]], bool]:
    """The whole actions among ``raw_events`` (up to ``limit`` + 1 events, newest first) and
    whether there are older ones. The last action is left to the next page when the page may
    have cut it; an action of more than ``limit`` events (a list page naming many youths) is
    shown in parts."""
    more = len(raw_events) > limit
    groups = group_actions(raw_events)
    if more:
        groups = groups[:-1] if len(groups) > 1 else [groups[0][:limit]]
    return groups, more


# --- turning raw events into rows a person can read -------------------------------------------


def youth_labels(user, youth_ids) -> dict[int, str]:
    """Record numbers of the youths on the page that the viewer may see (one query)."""
    if not youth_ids:
        return {}
    qs = visible_youths(user).filter(pk__in=youth_ids)
    return dict(qs.order_by().values_list("pk", "record_number"))


def field_label(field) -> str:
    """A field in people's words: its verbose name ("Preferred name"), never its column."""
    return str(capfirst(field.verbose_name))


def _compared_fields(history_model):
    """The fields a change is told by: what people edit, not the stamps Django keeps
    (``updated_at``), as simple-history's own diff, nor the record's id (its heading says it)."""
    return [f for f in history_model.tracked_fields if f.editable and not f.primary_key]


def _list_fields(history_model):
    return list(getattr(history_model, "_history_m2m_fields", []))


def _list_values(history_model, history_ids) -> dict[tuple[str, int], frozenset]:
    """(list field, history id) → the ids the list held then: one query for all the lists (a
    UNION of their history tables)."""
    parts = []
    for field in _list_fields(history_model):
        through = getattr(history_model, field.name).model
        target = through._meta.get_field(get_m2m_reverse_field_name(field)).attname
        parts.append(
            through.objects.filter(history_id__in=history_ids)
            .annotate(
                list_field=Value(field.name, output_field=CharField()),
                list_value=Cast(F(target), output_field=BigIntegerField()),
            )
            .values_list("history_id", "list_field", "list_value")
            .order_by()
        )
    sets = {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for history_id, name, value in rows:
        sets.setdefault((name, history_id), set()).add(value)
    return {key: frozenset(values) for key, values in sets.items()}


def _changed_names(history_model, record, before, lists) -> list[str]:
    """Labels of the fields ``record`` changed since ``before`` (None: it created them)."""
    if record.history_type == "-":
        return []
    names = []
    for field in _compared_fields(history_model):
        new = getattr(record, field.attname)
        if before is None:
            changed = new not in (None, "")
        else:
            changed = new != getattr(before, field.attname)
        if changed:
            names.append(field_label(field))
    for field in _list_fields(history_model):
        new = lists.get((field.name, record.history_id), frozenset())
        old = lists.get((field.name, before.history_id), frozenset()) if before else frozenset()
        if new != old:
            names.append(field_label(field))
    return names


def changed_fields(raw_events) -> dict[tuple[str, int], list[str]]:
    """(source key, history id) → labels of the fields each history event changed. One query per
    kind of record on the page (its rows and the row before each) and one per list field it
    keeps, however many rows: no per-row diff."""
    wanted = {}
    for e in raw_events:
        if e["ev_src"] != ACCESS:
            wanted.setdefault(e["ev_src"], set()).add(e["ev_pk"])
    found = {}
    for key, ids in wanted.items():
        source = source_by_key(key)
        if source is None:
            continue
        model = source.model
        before = (
            model.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        earlier = model.objects.filter(history_id__in=ids).annotate(b=Subquery(before)).values("b")
        rows = {
            r.history_id: r
            for r in model.objects.filter(Q(history_id__in=ids) | Q(history_id__in=earlier))
            .annotate(before_id=Subquery(before))
            .order_by()
        }
        lists = _list_values(model, list(rows)) if _list_fields(model) else {}
        for history_id in ids:
            record = rows.get(history_id)
            if record is not None:
                previous = rows.get(record.before_id)
                found[(key, history_id)] = _changed_names(model, record, previous, lists)
    return found


def describe(user, raw_events) -> list[dict]:
    """One readable row per event: who, which youth, what (for the CSV and to build actions).
    Three queries for the whole page, plus those of :func:`changed_fields`."""
    user_ids = {e["ev_user"] for e in raw_events if e["ev_user"]}
    users = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in=user_ids)
        .only("username", "first_name", "last_name")
    }
    youths = youth_labels(user, {e["ev_youth"] for e in raw_events if e["ev_youth"]})
    labels = {s.key: s for s in history_sources()}
    access_labels = dict(AccessLog.Action.choices)
    fields = changed_fields(raw_events)
    rows = []
    for e in raw_events:
        source = labels.get(e["ev_src"])
        is_access = e["ev_src"] == ACCESS
        who = users.get(e["ev_user"])
        youth_id = e["ev_youth"]
        rows.append(
            {
                "at": e["ev_at"],
                "src": e["ev_src"],
                "pk": e["ev_pk"],
                "user": who,
                "user_label": str(who) if who else "",
                "username": who.username if who else "",
                "action": e["ev_action"] if is_access else HISTORY_ACTIONS_REV[e["ev_action"]],
                "action_label": str(
                    access_labels.get(e["ev_action"], e["ev_action"])
                    if is_access
                    else HISTORY_LABELS.get(e["ev_action"], e["ev_action"])
                ),
                "kind": str(_("Access log"))
                if is_access
                else (str(source.label) if source else e["ev_src"]),
                "youth_id": youth_id,
                "youth_label": youths.get(youth_id, _("Youth #%(id)s") % {"id": youth_id})
                if youth_id
                else "",
                "object_id": e["ev_object"],
                "what": e["ev_what"],
                "fields": fields.get((e["ev_src"], e["ev_pk"]), []),
                # Free text may name people: shown only to those who may see the youth.
                "reason": (e["ev_reason"] or "") if (not youth_id or youth_id in youths) else "",
                "is_change": not is_access,
                "content_type_id": source_content_type_id(source) if source else None,
            }
        )
    return rows


def distinct(values) -> list:
    return list(dict.fromkeys(v for v in values if v))


# A row names at most this many youths; the rest are counted.
YOUTHS_SHOWN = 3


def action_row(events: list[dict]) -> dict:
    """One user action from its described events: what it did (the changes it made, else the
    access), to which records and youths, which fields, on which page."""
    changes = [e for e in events if e["is_change"]]
    accesses = [e for e in events if not e["is_change"]]
    lead = changes[0] if changes else events[0]
    youths = distinct(e["youth_label"] for e in events)
    shown = youths[:YOUTHS_SHOWN]
    if len(youths) > YOUTHS_SHOWN:
        more = len(youths) - YOUTHS_SHOWN
        shown.append(ngettext("and %(n)s more", "and %(n)s more", more) % {"n": more})
    return {
        **lead,
        "events": events,
        "members": [(e["src"], e["pk"]) for e in events],
        "action_label": ", ".join(distinct(e["action_label"] for e in changes or accesses)),
        "alarming": any(e["action"] in ALARMING for e in accesses),
        "kinds": distinct(e["kind"] for e in changes),
        "records": len({(e["src"], e["object_id"]) for e in changes}),
        "youth_label": ", ".join(shown),
        "youth_labels": shown,
        "youth_count": len(youths),
        "fields": distinct(name for e in changes for name in e["fields"]),
        "pages": distinct(page_name(e["what"]) for e in accesses),
        "what": accesses[0]["what"] if accesses else "",
        # The reason the change was made; for an access alone, the ground that opened the record.
        "reasons": distinct(e["reason"] for e in changes or accesses),
        "grounds": distinct(e["reason"] for e in accesses) if changes else [],
    }


HISTORY_ACTIONS_REV = {v: k for k, v in HISTORY_ACTIONS.items()}


def _csv_export(title) -> str:
    return gettext("%(report)s (CSV export)") % {"report": title}


# A CSV download's page: the report's own title, said to be an export (evaluated when shown).
csv_export = lazy(_csv_export, str)

# Every page a person can open, by route name (what the access log stores), and the other
# values the code logs as ``what`` (an export, a second-factor step, the home's address read on
# another page). A route added later and not named here reads humanised ("Plan detail");
# tests/audit/test_page_names.py fails until it is named.
PAGE_NAMES = {
    # The start page and the accounts (sign-in, language, password).
    "home": _("Home page"),
    "healthz": _("System status"),
    "login": _("Sign-in page"),
    "logout": _("Sign-out"),
    "set_language": _("Language"),
    "password_change": _("Change password"),
    "password_change_done": _("Password changed"),
    # Security: the second factor, re-authentication, the staff list.
    "security:otp_verify": _("Sign-in: second step"),
    "security:enroll": _("Set up two-factor sign-in"),
    "security:two_factor": _("Two-factor sign-in"),
    "security:backup_codes": _("Backup codes"),
    "security:reauth": _("Confirm it is you"),
    "security:session": _("Session check"),
    "security:users": _("Two-factor sign-in of staff"),
    "security:user_reset_2fa": _("Reset two-factor sign-in"),
    "security:2fa-enrolled": _("Set up two-factor sign-in"),
    "security:2fa-backup-codes": _("Make new backup codes"),
    "security:2fa-reset": _("Reset two-factor sign-in"),
    # Cases: the youths, their record, team, contacts and alerts.
    "cases:list": _("Youths"),
    "cases:caseload": _("My caseload"),
    "cases:waitlist": _("STFC waitlist"),
    "cases:intake": _("New referral"),
    "cases:detail": _("Youth overview"),
    "cases:edit": _("Youth record (edit)"),
    "cases:rerefer": _("Re-refer"),
    "cases:screening_start": _("Start screening"),
    "cases:screening_decide": _("Screening decision"),
    "cases:admit": _("Admit from the waitlist"),
    "cases:track_change": _("Change track"),
    "cases:discharge": _("Discharge"),
    "cases:team": _("Case team"),
    "cases:team_end": _("End assignment"),
    "cases:contact_add": _("Add a contact"),
    "cases:court": _("Court hearings"),
    "cases:court_hearing_add": _("Record a court hearing"),
    "cases:court_hearing_edit": _("Edit court hearing"),
    "cases:contact_edit": _("Edit contact"),
    "cases:alert_add": _("Raise a safety alert"),
    "cases:alert_edit": _("Edit safety alert"),
    "cases:alert_resolve": _("Resolve alert"),
    "cases:break_glass": _("Break-the-glass"),
    "cases:viewers": _("Who viewed"),
    "cases:documents": _("Documents"),
    "cases:document_version": _("New version of a document"),
    "cases:document_download": _("Document download"),
    # Placements: homes, caregivers, training, placements and missing episodes.
    "placements:home_list": _("Homes"),
    "placements:board": _("Placement board"),
    "placements:home_new": _("Add a home"),
    "placements:home_detail": pgettext_lazy("foster home", "Home"),
    "placements:home_edit": _("Edit home"),
    "placements:home_address": pgettext_lazy("foster home", "Home address"),
    "placements:home_documents": _("Home documents"),
    "placements:home_document_download": _("Download a home document"),
    "placements:home_document_version": _("New version of a home document"),
    "home address": pgettext_lazy("foster home", "Home address"),
    "placements:home_place": _("Place a youth"),
    "placements:caregiver_new": _("Add caregiver"),
    "placements:caregiver_edit": _("Caregiver"),
    "placements:training_add": _("Add training"),
    "placements:alarm_record": _("Record alarm event or test"),
    "alarm_webhook": _("Alarm event from the alarm company"),
    "placements:support_assign": _("Assign support staff"),
    "placements:support_end": _("End support"),
    "placements:staff_training_list": _("All staff training"),
    "placements:staff_training": _("Staff training"),
    "placements:staff_training_add": _("Record training"),
    "placements:alarm_open_episode": _("Open missing episode"),
    "placements:youth_placements": _("Placements"),
    "placements:placement_new": _("New placement"),
    "placements:placement_end": _("End placement"),
    "placements:placement_move": _("Move to another placement"),
    "placements:youth_missing": _("Missing episodes"),
    "placements:missing_new": _("Report missing"),
    "placements:episode_detail": _("Missing episode"),
    "placements:episode_update": _("Missing episode (update)"),
    # Services: assessments, plans, notes, consents, monitoring, safety, on-call.
    "services:assessments": _("Assessments"),
    "services:assessment_new": _("Start an assessment"),
    "services:assessment_detail": _("Assessment"),
    "services:assessment_amend": _("Amend assessment"),
    "services:plans": _("Treatment and service plans"),
    "services:plan_new": _("Start a new draft plan"),
    "services:plan_detail": _("Treatment plan"),
    "services:plan_edit": _("Treatment plan (edit)"),
    "services:plan_transition": _("Treatment plan (approval step)"),
    "services:notes": _("Progress notes"),
    "services:note_new": _("New progress note"),
    "services:note_detail": _("Progress note"),
    "services:note_amend": _("Amend progress note"),
    "services:consents": _("Releases of information"),
    "services:consent_attach_form": _("File the signed form of a release"),
    "services:consent_revoke": _("Revoke a release of information"),
    "services:monitoring": _("Monitoring contacts"),
    "services:monitoring_new": _("Record a monitoring contact"),
    "services:monitoring_resolve": _("Resolve adjustment flag"),
    "services:safety_plan": _("Safety plan"),
    "services:psychiatric": _("Psychiatric"),
    "services:medication_stop": _("Stop medication"),
    "services:oncall_rota": _("On-call rota"),
    "services:oncall_shift_new": _("Add a shift"),
    "services:oncall_essentials": _("On-call safety essentials"),
    "services:oncall_youth": _("Safety essentials (on-call)"),
    "services:crisis_calls": _("Crisis calls"),
    "services:crisis_call_new": _("Log a crisis call"),
    "services:crisis_call_follow_up": _("Crisis call follow-up"),
    # The people around the youth.
    "frontline:care": _("Foster caregiver's page"),
    "frontline:note_new": _("Today's note"),
    "frontline:incident_new": _("Report an incident"),
    "frontline:mentoring": _("Mentoring sessions"),
    "frontline:visits": _("Visit log"),
    "frontline:at_home": _("At home"),
    "frontline:appointment_new": _("Add an appointment"),
    "reports:export": _("Encrypted reports download"),
    "reports:youth_export": _("Encrypted record download"),
    # The REST API (chance.api): integrations reading and sending records.
    "api:youths": _("API: youths list"),
    "api:youth": _("API: a youth"),
    "api:referrals": _("API: referrals"),
    "api:placements": _("API: placements"),
    "api:missing_episodes": _("API: missing episodes"),
    "api:homes": _("API: homes"),
    "api:reminders": _("API: reminders"),
    "api:state_monthly": _("API: monthly state counts"),
    "api:schema": _("API: OpenAPI document"),
    "api:docs": _("API: reference page"),
    # Notifications and reminders.
    "notifications:list": _("Notifications"),
    "notifications:read": _("Mark notifications read"),
    "reminders:due_work": _("My due work"),
    "reminders:team_overdue": _("Team overdue work"),
    "reminders:mark_read": _("Mark a reminder read"),
    "reminders:snooze": _("Snooze a reminder"),
    # Reports, and their CSV downloads ("reports:<slug>.csv", logged as exports).
    "reports:index": _("Program reports"),
    "reports:state_monthly": _("Monthly state report"),
    "reports:state_monthly_csv": csv_export(_("Monthly state report")),
    "reports:state-monthly.csv": csv_export(_("Monthly state report")),
    "reports:youth_summary": _("Printable summary"),
    "reports:judicial_review": _("Judicial review report"),
    "reports:judicial_review_pdf": _("Judicial review report (PDF)"),
    "reports:report": _("Report"),
    "reports:report_csv": csv_export(_("Report")),
    "reports:caseload.csv": csv_export(_("Caseload by track and status over time")),
    "reports:capacity.csv": csv_export(_("STFC capacity and demand")),
    "reports:stability.csv": csv_export(_("Placement stability")),
    "reports:missing.csv": csv_export(_("Missing episodes")),
    "reports:scores.csv": csv_export(_("Assessment score change")),
    "reports:services.csv": csv_export(_("Services delivered")),
    # The audit trail.
    "audit:trail": _("Audit trail"),
    "audit:export": _("Audit trail export"),
    "audit:change": _("Audit trail: a change"),
}


def page_name(what: str) -> str:
    """An access-log row's page in people's words, in the reader's language: the route or value
    it stores ("placements:youth_placements", kept as is in the CSV for machines) becomes
    "Placements". A route nobody named yet reads humanised ("Plan detail", in English until it
    is named in PAGE_NAMES); anything else is shown as it is."""
    if what in PAGE_NAMES:
        return str(PAGE_NAMES[what])
    _app, sep, name = what.partition(":")
    if not sep or not name.replace("_", "").isalnum():
        return what
    return name.replace("_", " ").capitalize()


@cache
def _content_type_ids() -> dict[str, int]:

    models = [s.model for s in history_sources()]
    return {
        model._meta.label_lower: ct.pk
        for model, ct in ContentType.objects.get_for_models(*models).items()
    }


def source_content_type_id(source) -> int | None:
    return _content_type_ids().get(source.key)


def source_for_content_type(ct_id) -> Source | None:
    key = next((k for k, v in _content_type_ids().items() if v == ct_id), None)
    return source_by_key(key) if key else None


# --- one change, field by field --------------------------------------------------------------


def value_perm(source: Source, record) -> str:
    custom = getattr(source.tracked, "audit_value_perm", None)
    if callable(custom):
        return custom(record)
    if isinstance(custom, str):
        return custom
    return "view_clinical" if source.clinical else "view_youth"


def is_others_draft(record, user) -> bool:
    """True when the history row is of a draft (a model with ``DRAFT_AUTHOR_FIELD``: notes,
    plans, assessments) that ``user`` did not write: its contents are its author's alone."""
    field = getattr(record.instance_type, "DRAFT_AUTHOR_FIELD", None)
    if field is None or record.status != record.instance_type.Status.DRAFT:
        return False
    return getattr(record, f"{field}_id") != user.pk


_BEFORE = object()


def may_see_values(user, source: Source, record, youth, previous=_BEFORE) -> bool:
    """Field values need the same right as the record itself: deny unless the viewer has it.
    Another's draft stays hidden, in this change and as the 'before' of the change after it
    (``previous``: the row the change is told against; by default the one before ``record``)."""
    if record is not None:
        if previous is _BEFORE:
            previous = record_before(record)
        if is_others_draft(record, user) or (
            previous is not None and is_others_draft(previous, user)
        ):
            return False
    if youth is None:
        tracked = source.tracked._meta
        return user.has_perm(f"{tracked.app_label}.view_{tracked.model_name}")
    return holds(user, youth.pk, value_perm(source, record))


# An encrypted column (a home's address or phone) is never shown in the trail: that it changed
# is enough; its value is read only through placements.addresses.home_contact_for.
SEALED = _("(changed; confidential)")
NOTHING = "—"


def local_text(value) -> str:
    """A moment in the program's time zone, to the minute, as the rest of the app writes it."""
    return date_format(timezone.localtime(value), "Y-m-d H:i")


def _display(field, value, related) -> str:
    if value is None or value == "":
        return NOTHING
    if isinstance(field, EncryptedTextField):
        return str(SEALED)
    if field.is_relation and field.many_to_one:
        return related.get((field.name, value), _("#%(id)s (deleted)") % {"id": value})
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return local_text(value) if timezone.is_aware(value) else date_format(value, "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "Y-m-d")
    return str(value)


def record_before(record):
    """The history row of the same record before ``record``, by id: the rows one action wrote
    share their time, so ``prev_record`` (by time) would skip the action's own earlier rows."""
    return (
        type(record)
        .objects.filter(id=record.id, history_id__lt=record.history_id)
        .order_by("-history_id")
        .first()
    )


def field_changes(record, previous=None) -> list[dict]:
    """old → new for each field changed from ``previous`` (the record's history row before the
    action; None when the action created it) to ``record``, with the fields' labels, choices by
    their names, related records by name, times local, sealed fields never in clear."""
    tracked = record.instance_type
    if previous is not None:
        delta = record.diff_against(previous)
        changes = [(c.field, c.old, c.new) for c in delta.changes]
    else:
        names = [f.name for f in _compared_fields(type(record))]
        changes = [(n, None, getattr(record, tracked._meta.get_field(n).attname)) for n in names]
        changes = [c for c in changes if c[2] not in (None, "")]
    order = {f.name: i for i, f in enumerate(tracked._meta.get_fields())}
    changes.sort(key=lambda c: order.get(c[0], len(order)))
    related = {}
    m2m = {}
    for name, old, new in changes:
        field = tracked._meta.get_field(name)
        if field.many_to_many:
            reverse = get_m2m_reverse_field_name(field)
            ids = {row[reverse] for rows in (old or [], new or []) for row in rows}
            names = {obj.pk: str(obj) for obj in field.related_model.objects.filter(pk__in=ids)}
            for key, rows in (("old", old), ("new", new)):
                m2m[(name, key)] = (
                    ", ".join(sorted(names.get(r[reverse], f"#{r[reverse]}") for r in rows or []))
                    or NOTHING
                )
        elif field.is_relation and field.many_to_one:
            ids = {v for v in (old, new) if v is not None}
            for obj in field.related_model._base_manager.filter(pk__in=ids):
                related[(name, obj.pk)] = str(obj)
    rows = []
    for name, old, new in changes:
        field = tracked._meta.get_field(name)
        if field.many_to_many:
            old_text, new_text = m2m[(name, "old")], m2m[(name, "new")]
        else:
            old_text = _display(field, old, related) if previous is not None else NOTHING
            new_text = _display(field, new, related)
        rows.append({"field": field_label(field), "old": old_text, "new": new_text})
    return rows


def youth_id_of(source: Source, record) -> int | None:
    if source.youth_field is None:
        return None
    if "__" in source.youth_field:
        return (
            source.model.objects.filter(pk=record.pk)
            .values_list(source.youth_field, flat=True)
            .first()
        )
    return getattr(record, source.youth_field)


def youth_of(youth_id):
    return youth_model().objects.filter(pk=youth_id).first() if youth_id else None


# --- the change page: every record one user action changed -----------------------------------


def action_events(scope: Scope, record) -> list[dict]:
    """The events of the user action that wrote history row ``record`` (same user, same moment),
    as far as ``scope`` may see them: one UNION query. A row without a user stands alone."""
    if record.history_user_id is None:
        return []
    at = record.history_date
    moment = Filters(
        user_id=record.history_user_id,
        since=at,
        until=at + datetime.timedelta(microseconds=1),
    )
    return events(scope, moment, limit=PAGE_SIZE)


@dataclass
class RecordChange:
    """One record's net change in one action: its state before the action's first row of it
    against its state after the last (a save and the list updates after it read as one)."""

    source: Source
    record: object  # the action's last history row of the record
    action_label: str
    changes: list
    youth_id: int | None
    values_visible: bool

    @property
    def hidden_label(self):
        return CLINICAL_HIDDEN if self.source.clinical else HIDDEN

    @property
    def deleted(self):
        return self.record.history_type == "-"


def record_changes(user, history_events) -> list[RecordChange]:
    """Field-by-field changes of each record among ``history_events``, in their order; values
    only where ``user`` may see them (``may_see_values``), field names always."""
    by_record = {}
    for e in history_events:
        by_record.setdefault((e["ev_src"], e["ev_object"]), []).append(e["ev_pk"])
    found = []
    for (key, _object_id), ids in by_record.items():
        source = source_by_key(key)
        if source is None:
            continue
        rows = list(
            source.model.objects.select_related("history_user")
            .filter(history_id__in=ids)
            .order_by("history_id")
        )
        if not rows:
            continue
        first, last = rows[0], rows[-1]
        previous = None if first.history_type == "+" else record_before(first)
        youth_id = youth_id_of(source, last)
        visible = may_see_values(user, source, last, youth_of(youth_id), previous)
        changes = field_changes(last, previous)
        if not visible:
            hidden = str(CLINICAL_HIDDEN if source.clinical else HIDDEN)
            changes = [{"field": c["field"], "old": hidden, "new": hidden} for c in changes]
        types = distinct(r.history_type for r in rows)
        found.append(
            RecordChange(
                source=source,
                record=last,
                action_label=", ".join(str(HISTORY_LABELS.get(t, t)) for t in types),
                changes=changes,
                youth_id=youth_id,
                values_visible=visible,
            )
        )
    return found
