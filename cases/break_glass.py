"""Access to a youth's record from outside the case team: break-the-glass, and who viewed.

Break-the-glass: a clinician or on-call worker who is not on a youth's team states a reason and
gets time-limited viewing access (settings.CHANCE["BREAK_GLASS_HOURS"]). It is logged with the
reason and the youth's supervisors are told at once. Anyone else gets the same 404 whether the
record number exists or not. "Who viewed" shows a youth's access log to the supervisors.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from chance.access import Need, visible_youths, youth_view
from chance.accounts.languages import in_language_of
from chance.audit import log
from chance.audit.models import AccessLog
from chance.dates import moment
from chance.history import save_audited
from chance.notifications import notify

from .access import may_break_glass
from .models import BreakGlassGrant, Youth
from .selectors import youth_supervisors
from .youth_page import render_youth_page

MIN_REASON_LENGTH = 20
MIN_REASON_WORDS = 4
REASON_TOO_SHORT = gettext_lazy(
    "State the reason in at least a sentence: what you need and why it cannot wait."
)
VIEWERS_PAGE_SIZE = 50


def _supervisors_to_tell(youth, by):
    supervisors = list(youth_supervisors(youth))
    if not supervisors and by.supervisor is not None and by.supervisor.is_active:
        supervisors = [by.supervisor]  # no one supervises the team: the requester's own
    return supervisors


@transaction.atomic
def break_glass_open(*, youth, by, reason, request=None) -> BreakGlassGrant:
    """Open a youth's record to someone off the team, for a limited time, for a stated reason.

    Only clinicians and on-call workers may; the reason must be at least a sentence. The grant,
    the access-log row (with the reason) and the supervisors' notifications commit together.
    """
    if not may_break_glass(by):
        raise PermissionError(_("Only clinicians and on-call workers may break the glass."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH or len(reason.split()) < MIN_REASON_WORDS:
        raise forms.ValidationError(REASON_TOO_SHORT)
    now = timezone.now()
    grant = BreakGlassGrant(
        youth=youth,
        user=by,
        reason=reason,
        granted_at=now,
        expires_at=now + timedelta(hours=settings.CHANCE["BREAK_GLASS_HOURS"]),
    )
    grant.full_clean()
    save_audited(grant, by=by, reason="Break-the-glass")
    log.append(
        action=AccessLog.Action.BREAK_GLASS,
        user=by,
        youth_id=youth.pk,
        what="cases:break_glass",
        request=request,
        reason=reason,
    )
    for supervisor in _supervisors_to_tell(youth, by):
        # No names or reason in the message: the record number and a link to the access log.
        # Each supervisor reads it in their own language.
        with in_language_of(supervisor):
            notify(
                user=supervisor,
                subject=_("Break-the-glass access to a youth's record"),
                body=_(
                    "%(name)s opened record %(record)s by break-the-glass until %(until)s. "
                    "Review the stated reason."
                )
                % {"name": by, "record": youth.record_number, "until": moment(grant.expires_at)},
                url=reverse("cases:viewers", args=[youth.pk]),
            )
    return grant


class BreakGlassForm(forms.Form):
    record_number = forms.CharField(
        label=gettext_lazy("Youth record number"),
        max_length=20,
        help_text=gettext_lazy("For example CH-00012."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "At least a sentence: what you need and why it cannot wait. Your supervisor and the "
            "youth's supervisor will see it."
        ),
    )

    def clean_record_number(self):
        number = self.cleaned_data["record_number"].strip().upper()
        self.youth = Youth.objects.filter(record_number=number).first()
        if self.youth is None:
            raise forms.ValidationError(_("No youth has that record number."))
        return number

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < MIN_REASON_LENGTH or len(reason.split()) < MIN_REASON_WORDS:
            raise forms.ValidationError(REASON_TOO_SHORT)
        return reason


@require_http_methods(["GET", "POST"])
def break_glass(request):
    # Refused roles get the same 404 for every record number, known or not.
    if not may_break_glass(request.user):
        raise Http404("No such page")
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        youth = form.youth
        if visible_youths(request.user).filter(pk=youth.pk).exists():
            messages.info(request, _("You are on this youth's team: no break-the-glass needed."))
            return redirect("cases:detail", pk=youth.pk)
        try:
            grant = break_glass_open(
                youth=youth, by=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except forms.ValidationError as exc:
            form.add_error("reason", exc)
        else:
            messages.warning(
                request,
                _(
                    "Break-the-glass access recorded until %(until)s. The supervisors have been "
                    "told."
                )
                % {"until": f"{timezone.localtime(grant.expires_at):%H:%M}"},
            )
            return redirect("cases:detail", pk=youth.pk)
    return render(
        request,
        "cases/break_glass.html",
        {"form": form, "hours": settings.CHANCE["BREAK_GLASS_HOURS"]},
        status=400 if form.is_bound else 200,
    )


@require_GET
@youth_view(Need.APPROVE)
def youth_viewers(request, access):
    """Who viewed this youth, newest first (supervisors: approve_clinical on the youth)."""
    youth = access.youth
    before = request.GET.get("before", "")
    rows = AccessLog.objects.filter(youth_id=youth.pk).select_related("user").order_by("-id")
    if before.isdigit():
        rows = rows.filter(id__lt=int(before))
    rows = list(rows[: VIEWERS_PAGE_SIZE + 1])
    older = rows[VIEWERS_PAGE_SIZE - 1].pk if len(rows) > VIEWERS_PAGE_SIZE else None
    return render_youth_page(
        request,
        access,
        tab="viewers",
        template="cases/youth_viewers.html",
        context={"rows": rows[:VIEWERS_PAGE_SIZE], "older": older, "is_first_page": not before},
    )


urlpatterns = [
    path("break-the-glass/", break_glass, name="break_glass"),
    path("<int:pk>/viewers/", youth_viewers, name="viewers"),
]
