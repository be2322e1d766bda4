from datetime import timedelta
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from .models import Reminder


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
