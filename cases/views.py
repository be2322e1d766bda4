"""Screens for youths, referrals, lifecycle steps, case teams, contacts and safety alerts.

Each view: fetch with permission (``chance.access.youth_view`` for anything about one youth: it
logs the access and 404s outsiders), validate with a form, call one action, redirect with a message.
"""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chance.access import Need, access_for_request, youth_view
from chance.audit.access import note_access, note_export
from chance.audit.models import AccessLog
from chance.documents import download as documents_download
from chance.documents import give_version_forms, version_form_ids
from chance.forms import show_refusal
from chance.links import url_around_pk
from chance.reminders.selectors import next_due_by_youth
from chance.security.decorators import recent_auth_required

from . import actions, selectors
from .documents import kinds_added, may_add
from .forms import (
    AdmitFromWaitlistForm,
    ConfirmForm,
    ContactForm,
    CourtHearingForm,
    DischargeForm,
    DocumentForm,
    DocumentVersionForm,
    IntakeForm,
    ReReferralForm,
    ResolveAlertForm,
    SafetyAlertForm,
    ScreeningDecisionForm,
    TeamAddForm,
    TeamEndForm,
    TrackChangeForm,
    YouthIdentityForm,
)
from .glance import youth_glance
from .models import CaseAssignment, Contact, CourtHearing, SafetyAlert, Youth
from .youth_page import render_youth_page
from .youth_state import youth_states

LIST_PAGE_SIZE = 50
GET_POST = require_http_methods(["GET", "POST"])


def _bound(form_class, request, **kwargs):
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


def _apply(form, run):
    """Run the action; a rule it refuses is shown on the form. What the action returned (or
    True) when it went through, None when it was refused."""
    try:
        done = run()
    except ValidationError as exc:
        show_refusal(form, exc)
        return None
    return done if done is not None else True


def _youth_form_page(request, access, form, *, title, submit, intro="", tab="overview"):
    return render_youth_page(
        request,
        access,
        tab=tab,
        template="cases/youth_form.html",
        context={"form": form, "title": title, "submit": submit, "intro": intro},
        status=400 if form.errors else 200,  # the audit trail reads it as declined input
    )


# --- Lists ---------------------------------------------------------------------------------


@require_GET
def caseload(request):
    """The user's youths, each with the earliest work the reminder rules find open now (one
    query for them all), so a youth admitted today already shows her first assessment."""
    youths = selectors.youth_rows(selectors.caseload(request.user))
    next_due = next_due_by_youth(row["pk"] for row in youths)
    for row in youths:
        row["next_due"] = next_due.get(row["pk"])
    return render(
        request,
        "cases/caseload.html",
        {"youths": youths, "detail_url": url_around_pk("cases:detail"), "show_next_due": True},
    )


@require_GET
def youth_list(request):
    if not request.user.has_perm("cases.view_youth"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    track = request.GET.get("track", "")
    status = status if status in Youth.Status.values else ""
    track = track if track in Youth.Track.values else ""
    q = request.GET.get("q", "")[:100]
    youths = selectors.search_youths(request.user, q=q, status=status, track=track)
    page = Paginator(youths, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "youths": selectors.youth_rows(page.object_list),
            "q": q,
            "status": status,
            "track": track,
            "statuses": Youth.Status.choices,
            "tracks": Youth.Track.choices,
            "detail_url": url_around_pk("cases:detail"),
        },
    )


@require_GET
def waitlist(request):
    if not request.user.has_perm("cases.view_referral"):
        raise PermissionDenied
    page = Paginator(selectors.stfc_waitlist(request.user), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cases/waitlist.html", {"page": page, "youths": page.object_list})


# --- Intake and re-referral ----------------------------------------------------------------


@GET_POST
def intake(request):
    """A new referral. Possible duplicates are shown, ranked and with their reasons, before a
    second record is created; creating one anyway takes an explicit confirmation, which the new
    record's history and the access log keep (``cases.duplicates``)."""
    user = request.user
    if not (user.has_perm("cases.add_youth") and user.has_perm("cases.add_referral")):
        raise PermissionDenied
    form = _bound(IntakeForm, request)
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidates = form.possible_duplicates(user)
        shown = {c.youth.pk for c in candidates}
        rerefer = request.POST.get("rerefer")
        if rerefer:
            youth = access_for_request(request, rerefer, Need.REFER).youth
            if _apply(
                form,
                lambda: actions.referral_receive(by=user, youth=youth, **form.referral_fields()),
            ):
                messages.success(
                    request,
                    _("%(record)s re-referred; screening is due.")
                    % {"record": youth.record_number},
                )
                return redirect("cases:detail", youth.pk)
        elif candidates and not (data["confirm_new"] and shown <= data["shown_matches"]):
            # Not confirmed, or confirmed for another list than this one: show it and ask.
            _ask_about_matches(request, form, candidates)
        else:
            referral = _apply(
                form,
                lambda: actions.referral_receive(
                    by=user,
                    youth_fields=form.youth_fields(),
                    matches_set_aside=[c.youth for c in candidates],
                    **form.referral_fields(),
                ),
            )
            if referral:
                youth = referral.youth
                if candidates:
                    _log_matches_set_aside(request, youth, candidates)
                messages.success(
                    request,
                    _("Referral recorded as %(record)s.") % {"record": youth.record_number},
                )
                return redirect("cases:detail", youth.pk)
    if not candidates:
        del form.fields["confirm_new"]  # nothing to confirm
    return render(
        request,
        "cases/intake.html",
        {"form": form, "candidates": candidates},
        # Asking about possible matches is a question, not invalid input (the trail's word).
        status=400 if set(form.errors) - {"confirm_new"} else 200,
    )


def _ask_about_matches(request, form, candidates):
    """Show the possible matches (each shown identity is an access-log row) and ask again."""
    for c in candidates:
        note_access(
            request,
            c.youth.pk,
            action=AccessLog.Action.VIEWED,
            reason=f"Shown as a possible duplicate at intake (score {c.score})",
        )
    form.data = form.data.copy()
    form.data["shown_matches"] = ",".join(str(c.youth.pk) for c in candidates)
    form.data.pop("confirm_new", None)
    form.add_error(
        "confirm_new",
        _(
            "Possible matches are listed above. Open a record to check it, re-refer a "
            "discharged youth, or confirm that none of these is the same youth."
        ),
    )


def _log_matches_set_aside(request, youth, candidates):
    """The new record and each match set aside get an access-log row naming the other (record
    numbers and scores only: the rows are the audit trail, never the application log)."""
    listed = ", ".join(f"{c.youth.record_number} (score {c.score})" for c in candidates)
    note_access(
        request,
        youth.pk,
        action=AccessLog.Action.SUBMITTED,
        reason=f"Created at intake; possible duplicates confirmed not the same youth: {listed}",
    )
    for c in candidates:
        note_access(
            request,
            c.youth.pk,
            action=AccessLog.Action.VIEWED,
            reason=(
                f"Set aside at intake as not the same youth as the new record "
                f"{youth.record_number} (score {c.score})"
            ),
        )


@GET_POST
@youth_view(Need.REFER)
def rerefer(request, access):
    youth = access.youth
    form = _bound(ReReferralForm, request)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: actions.referral_receive(by=request.user, youth=youth, **form.cleaned_data),
        )
    ):
        messages.success(
            request,
            _("%(record)s re-referred; screening is due.") % {"record": youth.record_number},
        )
        return redirect("cases:detail", youth.pk)
    return _youth_form_page(
        request,
        access,
        form,
        title=_("Re-refer"),
        submit=_("Record the new referral"),
        intro=_("A discharged youth returns on the same record with a new referral."),
    )


# --- One youth -----------------------------------------------------------------------------


@require_GET
@youth_view()
def youth_detail(request, access):
    youth = access.youth
    context = selectors.youth_overview(youth)
    context["states"] = youth_states([youth.pk]).get(youth.pk, [])
    context["glance"] = youth_glance(
        access,
        request.user,
        team=context["team"],
        alerts=context["alerts"],
        states=context["states"],
    )
    context["timeline"] = selectors.youth_timeline(youth)
    return render_youth_page(
        request, access, tab="overview", template="cases/youth_detail.html", context=context
    )


@GET_POST
@youth_view(Need.EDIT)
def youth_edit(request, access):
    youth = access.youth
    # The form edits a copy, so a rejected edit never shows in the page header.
    form = _bound(YouthIdentityForm, request, instance=copy.deepcopy(youth))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        if _apply(
            form, lambda: actions.youth_update(youth=youth, by=request.user, changes=changes)
        ):
            messages.success(request, _("Record updated."))
            return redirect("cases:detail", youth.pk)
    return _youth_form_page(
        request, access, form, title=_("Edit identity and profile"), submit=_("Save")
    )


def _lifecycle_step(request, pk, *, form_class, title, submit, intro, run, done=None):
    """``done(result)``, if given, says what the step did (the default: "<title>: done.")."""
    access = access_for_request(request, pk, Need.MANAGE_LIFECYCLE)
    youth = access.youth
    form = _bound(form_class, request)
    result = None
    if request.method == "POST" and form.is_valid():
        result = _apply(form, lambda: run(youth, form.cleaned_data, request.user))
    if result:
        messages.success(request, done(result) if done else _("%(step)s: done.") % {"step": title})
        return redirect("cases:detail", youth.pk)
    return _youth_form_page(request, access, form, title=title, submit=submit, intro=intro)


@GET_POST
def screening_start(request, pk):
    return _lifecycle_step(
        request,
        pk,
        form_class=ConfirmForm,
        title=_("Start screening"),
        submit=_("Start screening now"),
        intro=_("Records that the CSEC screening of this referral has started."),
        run=lambda youth, data, by: actions.youth_screening_start(youth=youth, by=by),
    )


@GET_POST
def screening_decide(request, pk):
    return _lifecycle_step(
        request,
        pk,
        form_class=ScreeningDecisionForm,
        title=_("Screening decision"),
        submit=_("Record the decision"),
        intro=_(
            "Admit to a track, waitlist for an STFC home, or decline. This closes the referral."
        ),
        run=lambda youth, data, by: actions.youth_screening_decide(youth=youth, by=by, **data),
    )


@GET_POST
def admit_from_waitlist(request, pk):
    return _lifecycle_step(
        request,
        pk,
        form_class=AdmitFromWaitlistForm,
        title=_("Admit from the waitlist"),
        submit=_("Admit to STFC"),
        intro=_("Usually recorded by placing the youth in an STFC home."),
        run=lambda youth, data, by: actions.youth_admit_from_waitlist(youth=youth, by=by, **data),
    )


@GET_POST
def track_change(request, pk):
    return _lifecycle_step(
        request,
        pk,
        form_class=TrackChangeForm,
        title=_("Change track"),
        submit=_("Change track"),
        intro=_(
            "A CRT youth moving to STFC stays active on CRT and joins the STFC waitlist until "
            "placed in a home."
        ),
        run=lambda youth, data, by: actions.youth_track_change(youth=youth, by=by, **data),
    )


@GET_POST
def discharge(request, pk):
    return _lifecycle_step(
        request,
        pk,
        form_class=DischargeForm,
        title=_("Discharge"),
        submit=_("Discharge"),
        intro=_("The record stays; the youth can be re-referred later."),
        run=lambda youth, data, by: actions.youth_discharge(youth=youth, by=by, **data),
        done=_discharged,
    )


def _discharged(youth) -> str:
    closed = youth.closed_at_discharge
    if not closed:
        return _("Discharged. Nothing else was open.")
    return _("Discharged. Also closed: %(closed)s.") % {"closed": "; ".join(closed)}


# --- Case team -----------------------------------------------------------------------------


@GET_POST
@youth_view(Need.IDENTITY, post=Need.MANAGE_TEAM)
def team(request, access):
    youth = access.youth
    can_manage = access.allows(Need.MANAGE_TEAM)
    form = _bound(TeamAddForm, request) if can_manage else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = CaseAssignment.Role(data["role"])
        if _apply(
            form,
            lambda: actions.case_assignment_create(
                youth=youth,
                user=data["user"],
                role=role,
                by=request.user,
                started_on=data["started_on"],
            ),
        ):
            messages.success(
                request,
                _("%(name)s joined the team as %(role)s.")
                % {"name": data["user"], "role": actions.label_in_sentence(role.label)},
            )
            return redirect("cases:team", youth.pk)
    team, past_team = selectors.youth_team(youth)
    return render_youth_page(
        request,
        access,
        tab="team",
        template="cases/team.html",
        context={
            "team": team,
            "past_team": past_team,
            "form": form,
            "can_manage": can_manage,
            "lacks_primary_clinician": selectors.lacks_primary_clinician(youth, team),
        },
    )


@GET_POST
@youth_view(Need.MANAGE_TEAM)
def team_end(request, access, assignment_pk):
    youth = access.youth
    assignment = get_object_or_404(
        CaseAssignment.objects.select_related("user"),
        youth=youth,
        pk=assignment_pk,
        ended_on__isnull=True,
    )
    form = _bound(TeamEndForm, request)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: actions.case_assignment_end(
                assignment=assignment,
                by=request.user,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            ),
        )
    ):
        messages.success(
            request,
            _("%(name)s left the team; their access has ended.") % {"name": assignment.user},
        )
        return redirect("cases:team", youth.pk)
    return _youth_form_page(
        request,
        access,
        form,
        tab="team",
        title=_("End assignment: %(name)s (%(role)s)")
        % {"name": assignment.user, "role": assignment.get_role_display()},
        submit=_("End assignment"),
        intro=_("Their access to this youth ends in the same step."),
    )


# --- Contacts and safety alerts ------------------------------------------------------------


@GET_POST
@youth_view(Need.EDIT)
def contact_add(request, access):
    youth = access.youth
    form = _bound(ContactForm, request)
    if "active" in form.fields:
        del form.fields["active"]
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: actions.contact_create(youth=youth, by=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, _("Contact added."))
        return redirect("cases:detail", youth.pk)
    return _youth_form_page(
        request, access, form, title=_("Add a contact"), submit=_("Add contact")
    )


@GET_POST
@youth_view(Need.EDIT)
def contact_edit(request, access, contact_pk):
    youth = access.youth
    contact = get_object_or_404(Contact, youth=youth, pk=contact_pk)
    form = _bound(ContactForm, request, instance=Contact.objects.get(pk=contact.pk))
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: actions.contact_update(
                contact=contact, by=request.user, changes=dict(form.cleaned_data)
            ),
        )
    ):
        messages.success(request, _("Contact updated."))
        return redirect("cases:detail", youth.pk)
    return _youth_form_page(
        request, access, form, title=_("Edit contact"), submit=_("Save contact")
    )


@GET_POST
@youth_view(Need.EDIT)
def alert_add(request, access):
    youth = access.youth
    form = _bound(SafetyAlertForm, request)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: actions.safety_alert_create(youth=youth, by=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, _("Safety alert raised; it shows on every page of this youth."))
        return redirect("cases:detail", youth.pk)
    return _youth_form_page(
        request, access, form, title=_("Raise a safety alert"), submit=_("Raise alert")
    )


def _active_alert(youth, alert_pk):
    return get_object_or_404(SafetyAlert, youth=youth, pk=alert_pk, active=True)


@GET_POST
@youth_view(Need.EDIT)
def alert_edit(request, access, alert_pk):
    youth = access.youth
    alert = _active_alert(youth, alert_pk)
    form = _bound(SafetyAlertForm, request, instance=SafetyAlert.objects.get(pk=alert.pk))
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: actions.safety_alert_update(
                alert=alert, by=request.user, changes=dict(form.cleaned_data)
            ),
        )
    ):
        messages.success(request, _("Safety alert updated."))
        return redirect("cases:detail", youth.pk)
    return _youth_form_page(
        request, access, form, title=_("Edit safety alert"), submit=_("Save alert")
    )


@GET_POST
@youth_view(Need.EDIT)
def alert_resolve(request, access, alert_pk):
    youth = access.youth
    alert = _active_alert(youth, alert_pk)
    form = _bound(ResolveAlertForm, request)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: actions.safety_alert_resolve(
                alert=alert, by=request.user, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, _("Safety alert resolved."))
        return redirect("cases:detail", youth.pk)
    return _youth_form_page(
        request,
        access,
        form,
        title=_("Resolve alert: %(kind)s") % {"kind": alert.get_kind_display()},
        submit=_("Resolve alert"),
        intro=alert.summary,
    )


# --- Documents -----------------------------------------------------------------------------


def _documents_page(request, access, form=None, version_form=None, failed=None):
    kinds = kinds_added(access)
    documents = list(selectors.youth_documents(access))
    adds = may_add(access)
    if adds:
        give_version_forms(documents, DocumentVersionForm, failed=failed, version_form=version_form)
    return render_youth_page(
        request,
        access,
        tab="documents",
        template="cases/documents.html",
        context={
            "documents": documents,
            "form": form if form is not None else (DocumentForm(kinds=kinds) if kinds else None),
            "may_add": adds,
            "failed": failed,
        },
        status=400 if (form is not None and form.errors) or version_form is not None else 200,
    )


# --- Court hearings ------------------------------------------------------------------------

# The dates, type and court of a hearing are for everyone who sees the youth (IDENTITY: the
# team, the coordinators, a home's support worker who drives the youth to court). What the
# judge decided is for those who act on it: the case managers (EDIT) and the clinical team.
COURT_OUTCOME_NEEDS = (Need.EDIT, Need.CLINICAL)
COURT_WRITE_NEEDS = (Need.EDIT, Need.WRITE_CLINICAL)


@require_GET
@youth_view(Need.IDENTITY)
def court(request, access):
    youth = access.youth
    return render_youth_page(
        request,
        access,
        tab="court",
        template="cases/court.html",
        context={
            "hearings": list(youth.court_hearings.all()),
            "show_outcome": access.allows_any(*COURT_OUTCOME_NEEDS),
            "can_write": access.allows_any(*COURT_WRITE_NEEDS),
            "show_report": Need.CLINICAL in access.grants,
            "review": CourtHearing.Kind.JUDICIAL_REVIEW,
        },
    )


def _court_form_page(request, access, form, *, title, submit):
    return render_youth_page(
        request,
        access,
        tab="court",
        template="cases/court_form.html",
        context={"form": form, "title": title, "submit": submit},
        status=400 if form.errors else 200,
    )


@GET_POST
@youth_view(Need.IDENTITY)
def documents(request, access):
    """The youth's documents, and the form adding one (multipart)."""
    if request.method == "GET":
        return _documents_page(request, access)
    form = DocumentForm(request.POST, request.FILES, kinds=kinds_added(access))
    if form.is_valid():
        content, content_type = form.cleaned_data["file"]
        data = {k: form.cleaned_data[k] for k in ("kind", "date", "description")}
        run = lambda: actions.document_add(  # noqa: E731
            access=access, by=request.user, content=content, content_type=content_type, **data
        )
        if _apply(form, run):
            messages.success(request, _("Document added."))
            return redirect("cases:documents", access.youth.pk)
    return _documents_page(request, access, form=form)


@require_POST
@youth_view(Need.IDENTITY)
def document_version(request, access, document):
    """A new version of a document; the earlier ones are kept."""
    previous = selectors.youth_document(access, document)
    if previous is None or not may_add(access):
        raise Http404("No such document")
    form = DocumentVersionForm(
        request.POST, request.FILES, auto_id=version_form_ids(previous.series)
    )
    if form.is_valid():
        content, content_type = form.cleaned_data["file"]
        run = lambda: actions.document_new_version(  # noqa: E731
            access=access,
            previous=previous,
            by=request.user,
            content=content,
            content_type=content_type,
        )
        if _apply(form, run):
            messages.success(request, _("New version added; the earlier ones are kept."))
            return redirect("cases:documents", access.youth.pk)
    return _documents_page(request, access, version_form=form, failed=previous.series)


@require_GET
@recent_auth_required
@youth_view(Need.IDENTITY)
def document_download(request, access, version):
    """The file of one version, as an attachment: logged as an export, never cached."""
    document = selectors.youth_document(access, version)
    if document is None:
        raise Http404("No such document")
    note_export(request, access.youth.pk, "Document downloaded")
    return documents_download(document)


@GET_POST
@youth_view(Need.IDENTITY)
def court_hearing_add(request, access):
    if not access.allows_any(*COURT_WRITE_NEEDS):
        raise PermissionDenied
    youth = access.youth
    form = _bound(CourtHearingForm, request)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: actions.court_hearing_save(youth=youth, by=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, _("Court hearing recorded."))
        return redirect("cases:court", youth.pk)
    return _court_form_page(
        request, access, form, title=_("Record a court hearing"), submit=_("Save hearing")
    )


@GET_POST
@youth_view(Need.IDENTITY)
def court_hearing_edit(request, access, hearing_pk):
    if not access.allows_any(*COURT_WRITE_NEEDS):
        raise PermissionDenied
    youth = access.youth
    hearing = get_object_or_404(CourtHearing, youth=youth, pk=hearing_pk)
    form = _bound(CourtHearingForm, request, instance=CourtHearing.objects.get(pk=hearing.pk))
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: actions.court_hearing_save(
                youth=youth, by=request.user, hearing=hearing, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Court hearing updated."))
        return redirect("cases:court", youth.pk)
    return _court_form_page(
        request, access, form, title=_("Edit court hearing"), submit=_("Save hearing")
    )
