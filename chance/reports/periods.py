"""Months as reporting periods, in the program's local time zone."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

MAX_MONTHS = 36
DEFAULT_MONTHS = 12
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_range(first, last):
    """First days of every month from ``first`` to ``last`` inclusive."""
    out, day = [], month_start(first)
    while day <= last:
        out.append(day)
        day = next_month(day)
    return out


def month_label(day):
    """A month as a page writes it, in the active language: "November 2026", "noviembre de
    2026", "novanm 2026". CSV files keep "2026-11" (see ``tables.csv_cell``)."""
    return date_format(day, "YEAR_MONTH_FORMAT")


def short_month_label(day):
    """A month under a chart's bars, where twelve must fit a phone: "Nov 2026", "Ene 2026"."""
    return date_format(day, "M Y")


def local_midnight(day):
    """The aware datetime at which ``day`` begins in the local time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def parse_month(value):
    match = _MONTH.match((value or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


class MonthField(forms.CharField):
    widget = forms.TextInput(
        attrs={"type": "month", "placeholder": pgettext_lazy("month input", "YYYY-MM")}
    )

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        day = parse_month(value)
        if day is None:
            raise forms.ValidationError(_("Give a month as YYYY-MM, for example 2025-03."))
        return day


class PeriodForm(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)

    def clean(self):
        cleaned = super().clean()
        this_month = month_start(timezone.localdate())
        end = cleaned.get("end") or this_month
        start = cleaned.get("start")
        if self.errors:
            return cleaned
        if end > this_month:
            self.add_error("end", _("The period cannot end in a future month."))
            return cleaned
        if start is None:
            start = month_range_back(end, DEFAULT_MONTHS)
        if start > end:
            self.add_error("start", _("The period must start before it ends."))
            return cleaned
        if len(month_range(start, end)) > MAX_MONTHS:
            self.add_error(
                "start",
                ngettext("Choose at most %(n)d month.", "Choose at most %(n)d months.", MAX_MONTHS)
                % {"n": MAX_MONTHS},
            )
            return cleaned
        cleaned["start"], cleaned["end"] = start, end
        cleaned["months"] = month_range(start, end)
        return cleaned


def month_range_back(end, count):
    day = end
    for _step in range(count - 1):
        day = month_start(day - datetime.timedelta(days=1))
    return day


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)

    def clean_month(self):
        this_month = month_start(timezone.localdate())
        month = self.cleaned_data.get("month")
        if month is None:
            # By default the last complete month: the one the state report is due for.
            return month_start(this_month - datetime.timedelta(days=1))
        if month > this_month:
            raise forms.ValidationError(_("Choose this month or an earlier one."))
        return month
