"""Plausibility bounds on the dates and times people type (last seen, received, occurred, started).

One rule for every form and action: a past event is not in the future, not before the program
started (settings.CHANCE["PROGRAM_START"]) and, where the youth is known, not before the youth
was born. A typo such as "0001-01-01" would otherwise be stored and raise reminders that are
already decades overdue. Messages name dates, never the youth.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FUTURE = gettext_lazy("This cannot be in the future.")
# How far ahead of ours a phone's or a partner system's clock may run for a moment just past.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def day(value: datetime.date) -> str:
    """A calendar day as every page and message writes it, in the active language:
    "Dec 1, 2026", "1 de diciembre de 2026", "1 desanm 2026" (chance/formats)."""
    return date_format(value, "DATE_FORMAT")


def moment(value: datetime.datetime) -> str:
    """A moment in the program's local time, in the active language: "Dec 1, 2026 21:40"."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def program_start() -> datetime.date:
    """The first day the program could have recorded anything."""
    return settings.CHANCE["PROGRAM_START"]


def _local_day(value) -> datetime.date | None:
    """The local calendar day of a date or datetime; None if it cannot be placed on a calendar
    (an aware moment at the very edge of the year range overflows when converted)."""
    if not isinstance(value, datetime.datetime):
        return value
    if timezone.is_naive(value):
        return value.date()
    try:
        return timezone.localtime(value).date()
    except (OverflowError, ValueError):
        return None


def _in_future(value, skew) -> bool:
    if isinstance(value, datetime.datetime):
        now = timezone.now()
        if timezone.is_naive(value):
            now = timezone.make_naive(now)
        return value - skew > now
    return value > timezone.localdate()


def implausible(value, *, born=None, past=True, since_program=True, skew=datetime.timedelta(0)):
    """Why ``value`` (a date or datetime) cannot be right, or None if it can.

    ``born``: the youth's date of birth, when the value belongs to a youth. ``past``: the value
    is a past event, so not after now (``skew`` allows for a clock a little ahead of ours).
    ``since_program``: the value is something the program did, so not before it started.
    """
    if value is None:
        return None
    if past and _in_future(value, skew):
        return FUTURE
    on = _local_day(value)
    if on is None:
        return _("Check the year: this date is out of range.")
    start = program_start() if since_program else None
    if born is not None and on < born and (start is None or born >= start):
        return _("This is before the youth was born (%(day)s).") % {"day": born.isoformat()}
    if start is not None and on < start:
        return _("This is before the program started (%(day)s); check the year.") % {
            "day": start.isoformat()
        }
    return None


def check_plausible(value, field=None, **bounds):
    """Raise ``ValidationError({field: message})`` (plain when no field) if ``value`` is
    implausible; return the value otherwise. ``bounds`` are those of :func:`implausible`.
    In a form's ``clean_<field>`` pass no field; in an action, the field the form shows."""
    message = implausible(value, **bounds)
    if message is not None:
        raise ValidationError({field: message} if field else message)
    return value
