"""The sweep: every rule's open work becomes reminders, with set-based SQL and no row loops.

For each rule, three ``INSERT … SELECT … ON CONFLICT DO NOTHING`` statements add the levels that
have been reached (due soon, overdue, escalated), and one ``UPDATE`` resolves reminders whose work
was done or whose due date moved. The unique key makes running it twice, or in two workers at
once, create nothing new.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from .models import Reminder
from .registry import Rule, all_rules

COLUMNS = ("r_target", "r_due", "r_youth", "r_record", "r_recipient", "r_supervisor")


@dataclass
class SweepResult:
    created: int = 0
    resolved: int = 0


def _candidates(rule: Rule, now):
    return (
        rule.open_work(now)
        .annotate(
            r_target=F("pk"),
            r_due=F("reminder_due_at"),
            r_youth=F("reminder_youth_id"),
            r_record=F("reminder_record_number"),
            r_recipient=F("reminder_recipient_id"),
            r_supervisor=F("reminder_supervisor_id"),
        )
        .values(*COLUMNS)
        .order_by()
    )


def _insert_level(rule, content_type_id, candidates, *, level, recipient_column, now) -> int:
    try:
        sql, params = candidates.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:  # the rule has no open work at all
        return 0
    table = Reminder._meta.db_table
    statement = (
        f"INSERT INTO {table} (rule, target_type_id, target_id, youth_id, record_number, "  # noqa: S608
        "recipient_id, due_at, level, created_at, snooze_reason) "
        f"SELECT %s, %s, c.r_target, c.r_youth, COALESCE(c.r_record, ''), c.{recipient_column}, "
        f"c.r_due, %s, %s, '' FROM ({sql}) c WHERE c.{recipient_column} IS NOT NULL "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        created_at = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(statement, [rule.name, content_type_id, level, created_at, *params])
        return max(cursor.rowcount, 0)


def sweep_rule(rule: Rule, now=None) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    open_work = rule.open_work(now)
    content_type_id = ContentType.objects.get_for_model(open_work.model).pk
    # Each level reached: who is told, and which due dates have reached it.
    levels = (
        (
            Reminder.Level.DUE_SOON,
            "r_recipient",
            Q(r_due__gt=now, r_due__lte=now + rule.due_soon_window),
        ),
        (Reminder.Level.OVERDUE, "r_recipient", Q(r_due__lte=now)),
        (Reminder.Level.ESCALATED, "r_supervisor", Q(r_due__lte=now - rule.escalation_delay)),
    )
    with transaction.atomic():
        for level, recipient_column, reached in levels:
            if level in rule.levels:
                result.created += _insert_level(
                    rule,
                    content_type_id,
                    _candidates(rule, now).filter(reached),
                    level=level,
                    recipient_column=recipient_column,
                    now=now,
                )
        still_open = open_work.filter(pk=OuterRef("target_id"), reminder_due_at=OuterRef("due_at"))
        result.resolved = (
            Reminder.objects.filter(
                rule=rule.name, target_type_id=content_type_id, resolved_at__isnull=True
            )
            .exclude(Exists(still_open))
            .update(resolved_at=now)
        )
    return result


def sweep(now=None) -> SweepResult:
    now = now or timezone.now()
    total = SweepResult()
    for rule in all_rules():
        one = sweep_rule(rule, now)
        total.created += one.created
        total.resolved += one.resolved
    return total
