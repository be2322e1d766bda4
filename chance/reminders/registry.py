"""The rule registry. A rule says what it watches, when it is due, who is told and why.

A rule's ``open_work(now)`` returns a queryset of its target model holding only the work that is
still to be done, annotated with:

- ``reminder_due_at``: when the work is due (a datetime expression),
- ``reminder_youth_id`` and ``reminder_record_number``: whose record it is about (or None),
- ``reminder_recipient_id``: who is responsible,
- ``reminder_supervisor_id``: who is told on escalation.

The engine turns that into reminders with set-based queries; rules never loop over rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import DateTimeField, Func
from django.utils import timezone

_RULES: dict[str, "Rule"] = {}


def reminder_setting(name):
    return settings.REMINDERS[name]


@dataclass(frozen=True)
class Rule:
    name: str
    label: str
    source: str
    open_work: Callable
    # The page where the work is done, from (youth id, target id); None when it has none of its
    # own (the reminder lists are where it is seen).
    url: Callable[[int | None, int], str] | None = None
    # None means "use the program default" (settings.REMINDERS).
    due_soon: timedelta | None = None
    escalate_after: timedelta | None = None
    levels: tuple[str, ...] = ("due_soon", "overdue", "escalated")
    # What a reader must hold on the youth (a ``chance.access.Need`` value) to be shown this
    # work on the youth's page: clinical work is not shown to a support worker.
    need: str = "view_youth"
    # False for work about homes and people, never a youth (alarm tests, licences, training):
    # the per-youth reads (``next_due_by_youth``) leave such a rule out instead of computing it.
    about_youth: bool = True

    @property
    def due_soon_window(self) -> timedelta:
        if self.due_soon is not None:
            return self.due_soon
        return timedelta(days=reminder_setting("DUE_SOON_DAYS"))

    @property
    def escalation_delay(self) -> timedelta:
        if self.escalate_after is not None:
            return self.escalate_after
        return timedelta(days=reminder_setting("ESCALATE_AFTER_DAYS"))


def register(rule: Rule) -> Rule:
    if rule.name in _RULES and _RULES[rule.name] is not rule:
        raise ValueError(f"Two reminder rules are named {rule.name!r}.")
    _RULES[rule.name] = rule
    return rule


def get_rule(name) -> Rule | None:
    return _RULES.get(name)


def all_rules() -> list[Rule]:
    return sorted(_RULES.values(), key=lambda r: r.name)


class StartOfDay(Func):
    """The moment a day (a date column: admission, last alarm test, licence expiry) begins in
    the program's time zone (``TIME_ZONE``). A plain cast makes it midnight UTC: in Miami that
    is 19:00 or 20:00 the evening before, so a rule counted from a date fell due hours early.
    SQLite has no time zones: there the zone's offset now is used (the embedded demo may be an
    hour off across a daylight-saving change)."""

    output_field = DateTimeField()

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL
        day, params = compiler.compile(self.get_source_expressions()[0])
        return f"(({day})::timestamp AT TIME ZONE %s)", (*params, settings.TIME_ZONE)

    def as_sqlite(self, compiler, connection, **extra_context):
        day, params = compiler.compile(self.get_source_expressions()[0])
        offset = timezone.localtime().utcoffset() or timedelta(0)
        minutes = -int(offset.total_seconds() // 60)
        return f"datetime({day}, '{minutes:+d} minutes')", params


class AddDays(Func):
    """A datetime ``expression`` plus ``days`` (an integer expression), in SQL on every backend.
    Django's integer × timedelta is PostgreSQL-only (SQLite refuses the operator), and a rule's
    due date must work in the embedded demo too."""

    output_field = DateTimeField()

    def _parts(self, compiler):
        when, days = (compiler.compile(e) for e in self.get_source_expressions())
        return when, days

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL
        (when, when_params), (days, days_params) = self._parts(compiler)
        return f"({when} + make_interval(days => ({days})::integer))", (*when_params, *days_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        (when, when_params), (days, days_params) = self._parts(compiler)
        return f"datetime({when}, '+' || ({days}) || ' days')", (*when_params, *days_params)
