from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chance.accounts import roles
from chance.forms import show_refusal
from chance.links import url_around_pk, url_for_pk

from . import actions, selectors
from .forms import SnoozeForm
from .models import Reminder


def _my_reminder(request, pk):
    return get_object_or_404(Reminder, pk=pk, recipient=request.user)


@require_GET
def due_work(request):
    days, snoozed, more = selectors.due_work_by_day(request.user)
    links = {
        "youth": url_around_pk("cases:detail"),
        "read": url_around_pk("reminders:mark_read"),
        "snooze": url_around_pk("reminders:snooze"),
    }
    return render(
        request,
        "reminders/due_work.html",
        {
            "days": [
                (_day_heading(day), [_due_row(r, links) for r in items]) for day, items in days
            ],
            "snoozed": snoozed,
            "more": more,
            "horizon_days": selectors.DUE_WORK_DAYS,
            "limit": selectors.DUE_WORK_LIMIT,
        },
    )


def _day_heading(day) -> str:
    """A day of My due work as its heading writes it, in the active language: "Monday, December 1,
    2026", "lunes, 1 de diciembre de 2026"."""
    return dateformat.format(day, pgettext("date format: weekday and full date", "l, F j, Y"))


def _due_row(reminder, links) -> dict:
    """What a row of My due work shows, worked out once here: a list of up to 200 rows costs
    the template little more than printing these strings."""
    return {
        "time": timezone.localtime(reminder.due_at).strftime("%H:%M"),
        "label": reminder.label,
        "href": reminder.work_url,
        "new": reminder.read_at is None,
        "level": reminder.get_level_display(),
        "urgent": reminder.level != Reminder.Level.DUE_SOON,
        "record_number": reminder.record_number,
        "youth_href": url_for_pk(links["youth"], reminder.youth_id) if reminder.youth_id else "",
        "read_action": url_for_pk(links["read"], reminder.pk),
        "snooze_href": (
            url_for_pk(links["snooze"], reminder.pk)
            if reminder.level != Reminder.Level.ESCALATED
            else ""
        ),
    }


@require_GET
def team_overdue(request):
    if not request.user.has_role(roles.SUPERVISOR):
        raise PermissionDenied
    reminders = selectors.team_overdue(request.user)[:500]
    return render(request, "reminders/team_overdue.html", {"reminders": reminders})


@require_POST
def mark_read(request, pk):
    actions.reminder_mark_read(reminder=_my_reminder(request, pk), by=request.user)
    return redirect("reminders:due_work")


@require_http_methods(["GET", "POST"])
def snooze(request, pk):
    reminder = _my_reminder(request, pk)
    form = SnoozeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reminder_snooze(
                reminder=reminder,
                by=request.user,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Reminder snoozed."))
            return redirect("reminders:due_work")
    return render(request, "reminders/snooze.html", {"form": form, "reminder": reminder})
