from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from django.db.models import Min, Q, Value
from django.utils import timezone

from .models import Reminder
from .registry import all_rules


def open_reminders_for(user):
    return Reminder.objects.filter(recipient=user, resolved_at__isnull=True).order_by(
        "due_at", "id"
    )


# My due work shows what is overdue or due within this horizon, at most DUE_WORK_LIMIT rows.
DUE_WORK_DAYS = 14
DUE_WORK_LIMIT = 200


def due_work_by_day(user, *, days=DUE_WORK_DAYS, limit=DUE_WORK_LIMIT):
    """The user's open reminders overdue or due within ``days``, at most ``limit`` of them,
    grouped by local due date (snoozed ones apart), and how many other open reminders there are
    (due later, or past the limit). Both queries read the partial index
    ``reminder_open_by_recipient`` (recipient, due_at) WHERE resolved_at IS NULL."""
    now = timezone.now()
    open_ = open_reminders_for(user)
    reminders = list(open_.filter(due_at__lt=now + timedelta(days=days))[:limit])
    more = open_.count() - len(reminders)
    active = [r for r in reminders if not r.snoozed_until or r.snoozed_until <= now]
    snoozed = [r for r in reminders if r.snoozed_until and r.snoozed_until > now]
    days = [
        (day, list(items))
        for day, items in groupby(active, key=lambda r: timezone.localtime(r.due_at).date())
    ]
    return days, snoozed, more


def team_overdue(supervisor):
    """Overdue and escalated work of the people this supervisor supervises, and escalations
    addressed to the supervisor."""
    return (
        Reminder.objects.filter(resolved_at__isnull=True)
        .filter(
            Q(level=Reminder.Level.OVERDUE, recipient__supervisor=supervisor)
            | Q(level=Reminder.Level.ESCALATED, recipient=supervisor)
        )
        .select_related("recipient")
        .order_by("due_at", "id")
    )


@dataclass(frozen=True)
class NextDue:
    """The earliest piece of work a rule finds open for a youth now (not what a sweep wrote)."""

    rule: str
    label: str
    due_at: datetime
    overdue: bool

    @property
    def has_time(self) -> bool:
        """Whether the due moment is a time of day (a date-based rule falls due at midnight)."""
        local = timezone.localtime(self.due_at)
        return (local.hour, local.minute) != (0, 0)


def next_due_by_youth(youth_ids, now=None) -> dict[int, NextDue]:
    """For each of ``youth_ids``, the earliest open work any rule computes now, whoever it is
    addressed to: a youth admitted an hour ago already has her initial assessment due, before
    any sweep runs. One UNION ALL query over the rules (each part grouped by youth), whatever
    the number of youths; an empty dict when no rule has work for them."""
    ids = list(youth_ids)
    if not ids:
        return {}
    now = now or timezone.now()
    earliest: dict[int, tuple] = {}
    for youth_id, rule_name, due_at in _first_due_per_rule(all_rules(), ids, now):
        kept = earliest.get(youth_id)
        if kept is None or (due_at, rule_name) < kept:
            earliest[youth_id] = (due_at, rule_name)
    labels = {rule.name: rule.label for rule in all_rules()}
    return {
        youth_id: NextDue(rule_name, labels[rule_name], due_at, due_at <= now)
        for youth_id, (due_at, rule_name) in earliest.items()
    }


def due_work_for_youth(youth_id, *, grants, now=None) -> list[NextDue]:
    """The open work of one youth, earliest first, one item per rule: the rules whose ``need``
    is among ``grants`` (what the reader holds on the youth, ``YouthAccess.grants``), so a
    reader is told only of work on records they may open. One query."""
    now = now or timezone.now()
    rules = {rule.name: rule for rule in all_rules() if rule.need in grants}
    found = _first_due_per_rule(rules.values(), [youth_id], now)
    return [
        NextDue(rule_name, rules[rule_name].label, due_at, due_at <= now)
        for _youth, rule_name, due_at in sorted(found, key=lambda row: (row[2], row[1]))
    ]


def _first_due_per_rule(rules, ids, now) -> list[tuple]:
    """(youth id, rule name, first due) for each rule with open work for ``ids``: one UNION ALL
    query (none when no rule can match)."""
    parts = []
    for rule in rules:
        if not rule.about_youth:
            continue
        part = (
            rule.open_work(now)
            .filter(reminder_youth_id__in=ids)
            .order_by()
            .values("reminder_youth_id")
            .annotate(first_due=Min("reminder_due_at"), rule_name=Value(rule.name))
            .values_list("reminder_youth_id", "rule_name", "first_due")
        )
        parts.append(part)
    if not parts:
        return []
    # Compiled once, as one statement: a part whose work can match nothing (no SQL at all) is
    # left out of the UNION by Django itself, and an empty UNION reads as no rows.
    return [
        row
        for row in parts[0].union(*parts[1:], all=True)
        if row[0] is not None and row[2] is not None
    ]
