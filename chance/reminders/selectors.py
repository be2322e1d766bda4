from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from .models import Reminder


def open_reminders_for(user):
    return Reminder.objects.filter(recipient=user, resolved_at__isnull=True).order_by(
        "due_at", "id"
    )


def due_work_by_day(user):
    """The user's open reminders, grouped by local due date (snoozed ones apart)."""
    now = timezone.now()
    reminders = list(open_reminders_for(user))
    active = [r for r in reminders if not r.snoozed_until or r.snoozed_until <= now]
    snoozed = [r for r in reminders if r.snoozed_until and r.snoozed_until > now]
    days = [
        (day, list(items))
        for day, items in groupby(active, key=lambda r: timezone.localtime(r.due_at).date())
    ]
    return days, snoozed


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
