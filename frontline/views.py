"""The pages of the people around the youth: the foster caregiver's, the survivor mentor's and
home support staff's visit log, and the team's "At home" tab.

Every page is reached through ``chance.access.youth_view`` with the one grant its reader holds
(404 for anyone else, one access-log row either way). Caregiver and mentor pages never use the
youth record's frame: they show the preferred name and age, not the legal name or the record
number, and no tabs.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.youth_page import render_youth_page
from chance.access import Need, youth_view
from chance.forms import show_refusal
from placements.models import MissingEpisode

from . import actions, selectors
from .forms import AppointmentForm, HomeNoteForm, HomeVisitForm, IncidentForm, MentoringSessionForm


def _form_page(request, access, form, *, template, status=None, **context):
    status = status if status is not None else (400 if form.is_bound else 200)
    return render(
        request,
        template,
        {**selectors.person_frame(access.youth), "form": form, **context},
        status=status,
    )


def _save(request, form, write, done, level=lambda saved: messages.SUCCESS):
    """Run ``write(data)`` for a valid form; the refusal goes next to its field, nothing typed
    is lost. ``done(saved)`` is the message and ``level(saved)`` its tone. Returns what was
    written, or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = write(form.cleaned_data)
    except ValidationError as exc:
        show_refusal(form, exc)
        return None
    messages.add_message(request, level(saved), done(saved))
    return saved


# The foster caregiver -----------------------------------------------------------------------


@require_GET
@youth_view(Need.HOME_CARE)
def care(request, access):
    return render(request, "frontline/care.html", selectors.caregiver_page(access.youth))


@require_http_methods(["GET", "POST"])
@youth_view(Need.HOME_CARE)
def note_new(request, access):
    form = HomeNoteForm(request.POST or None)
    saved = _save(
        request,
        form,
        lambda data: actions.home_note_write(youth=access.youth, by=request.user, **data),
        lambda note: _("Daily note saved. The team can read it."),
    )
    if saved:
        return redirect("frontline:care", access.youth.pk)
    return _form_page(
        request, access, form, template="frontline/form.html", title=_("Today's note")
    )


@require_http_methods(["GET", "POST"])
@youth_view(Need.HOME_CARE)
def incident_new(request, access):
    form = IncidentForm(request.POST or None)
    if MissingEpisode.objects.filter(youth=access.youth, returned_at__isnull=True).exists():
        del form.fields["open_missing"]  # already reported missing: nothing to open

    def done(incident):
        if incident.missing_episode_id:
            # The page it lands on says the youth is missing and the team told; this says
            # what the caregiver still has to do.
            return _("Report sent. If you have not called the police yet, call 911 now.")
        return _("Incident reported. The clinician and the on-call clinician have been told.")

    saved = _save(
        request,
        form,
        lambda data: actions.incident_report(youth=access.youth, by=request.user, **data),
        done,
        level=lambda incident: (
            messages.WARNING if incident.missing_episode_id else messages.SUCCESS
        ),
    )
    if saved:
        return redirect("frontline:care", access.youth.pk)
    return _form_page(
        request,
        access,
        form,
        template="frontline/incident_form.html",
        title=_("Report an incident"),
        oncall_line=settings.ONCALL_PHONE,
    )


# The survivor mentor ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@youth_view(Need.MENTORING)
def mentoring(request, access):
    form = MentoringSessionForm(request.POST or None)
    saved = _save(
        request,
        form,
        lambda data: actions.mentoring_session_log(youth=access.youth, by=request.user, **data),
        lambda session: _("Session logged."),
    )
    if saved:
        return redirect("frontline:mentoring", access.youth.pk)
    return _form_page(
        request,
        access,
        form,
        template="frontline/mentoring.html",
        sessions=selectors.own_sessions(access.youth, request.user),
    )


# Home support staff -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@youth_view(Need.VISIT_HOME)
def visits(request, access):
    form = HomeVisitForm(request.POST or None)
    saved = _save(
        request,
        form,
        lambda data: actions.home_visit_log(youth=access.youth, by=request.user, **data),
        lambda visit: _("Visit logged."),
    )
    if saved:
        return redirect("frontline:visits", access.youth.pk)
    placement = selectors.open_placement(access.youth)
    return _form_page(
        request,
        access,
        form,
        template="frontline/visits.html",
        visits=selectors.home_visits(access.youth, placement.home_id if placement else None),
    )


# The team: the youth record's "At home" tab -------------------------------------------------


def _at_home_page(request, access, form=None, status=200):
    may_schedule = actions.may_schedule(access)
    if form is None and may_schedule:
        form = AppointmentForm()
    return render_youth_page(
        request,
        access,
        tab="at_home",
        template="frontline/at_home.html",
        context={**selectors.at_home(access), "form": form, "may_schedule": may_schedule},
        status=status,
    )


@require_GET
@youth_view(Need.SAFETY)
def at_home(request, access):
    return _at_home_page(request, access)


@require_POST
@youth_view(Need.SAFETY)
def appointment_new(request, access):
    if not actions.may_schedule(access):
        raise Http404("No such page")
    form = AppointmentForm(request.POST)
    saved = _save(
        request,
        form,
        lambda data: actions.appointment_add(access=access, by=request.user, **data),
        lambda appointment: _("Appointment added. The foster home sees it."),
    )
    if saved:
        return redirect("frontline:at_home", access.youth.pk)
    return _at_home_page(request, access, form, status=400)
