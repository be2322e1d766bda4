from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Reminder, ReminderSnooze

MAX_SNOOZE = timedelta(days=7)


def reminder_mark_read(*, reminder, by) -> Reminder:
    if reminder.recipient_id != by.pk:
        raise ValidationError(_("Only the person reminded can mark this as read."))
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])
    return reminder


@transaction.atomic
def reminder_snooze(*, reminder, by, until, reason) -> Reminder:
    """Quiet a reminder until a later time, with a reason that is kept (who, when, why).

    Escalations are not snoozed: the supervisor must act on them.
    """
    now = timezone.now()
    reason = (reason or "").strip()
    if reminder.recipient_id != by.pk:
        raise ValidationError(_("Only the person reminded can snooze this."))
    if reminder.level == Reminder.Level.ESCALATED:
        raise ValidationError(_("An escalated reminder cannot be snoozed; act on it or reassign."))
    if not reason:
        raise ValidationError({"reason": _("Say why this can wait.")})
    if until <= now:
        raise ValidationError({"until": _("Choose a time in the future.")})
    if until > now + MAX_SNOOZE:
        raise ValidationError({"until": _("A reminder can be snoozed for at most 7 days.")})
    ReminderSnooze.objects.create(reminder=reminder, by=by, until=until, reason=reason)
    reminder.snoozed_until = until
    reminder.snooze_reason = reason
    reminder.save(update_fields=["snoozed_until", "snooze_reason"])
    return reminder


def reminders_resolve_for_youth(*, youth_id, at=None) -> int:
    """Resolve every open reminder about the youth (on discharge: nobody is to be told about
    work due for a child who left the program). How many were resolved."""
    return Reminder.objects.filter(youth_id=youth_id, resolved_at__isnull=True).update(
        resolved_at=at or timezone.now()
    )
