"""Thin views: fetch with permission, validate with a form, call one action, redirect.

Every page about one youth is reached through ``chance.access.youth_view`` (404 for outsiders,
access logged) and renders through ``render_youth_page``. Writes need ``change_clinical``;
plan approval needs ``approve_clinical``; on-call pages need a shift covering now.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.youth_page import render_youth_page
from chance.access import Need, access_for_request, youth_view
from chance.forms import show_refusal

from . import actions, consents, scoring, selectors
from .forms import (
    AssessmentAmendmentForm,
    AssessmentForm,
    CrisisCallForm,
    FollowUpForm,
    MedicationForm,
    MedicationStopForm,
    MonitoringContactForm,
    NoteAmendmentForm,
    OnCallShiftForm,
    PlanApproveForm,
    PlanEditor,
    PlanReturnForm,
    ProgressNoteForm,
    PsychiatricEvaluationForm,
    ReleaseConsentForm,
    SafetyPlanForm,
    SignedFormForm,
)
from .models import (
    Medication,
    MonitoringContact,
    SafetyPlan,
    ServiceType,
)

READ, WRITE, APPROVE = Need.CLINICAL, Need.WRITE_CLINICAL, Need.APPROVE


def _refused(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


# --- Assessments ---------------------------------------------------------------------------


@require_GET
@youth_view(READ)
def assessments(request, access):
    youth = access.youth
    return render_youth_page(
        request,
        access,
        tab="assessments",
        template="services/assessments.html",
        context={
            "groups": selectors.assessment_overview(youth, viewer=request.user),
            "instruments": selectors.active_instruments() if access.allows(WRITE) else [],
        },
    )


def _asked(request):
    """The language asked for by the links above an assessment's questions (?lang=es)."""
    return request.GET.get("lang")


def _assessment_page(request, access, form, *, assessment=None, status=200):
    return render_youth_page(
        request,
        access,
        tab="assessments",
        template="services/assessment_form.html",
        context={"form": form, "instrument": form.instrument, "assessment": assessment},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@youth_view(WRITE)
def assessment_new(request, access, instrument_pk):
    youth = access.youth
    instrument = get_object_or_404(selectors.active_instruments(), pk=instrument_pk)
    form = AssessmentForm(request.POST or None, instrument=instrument, language=_asked(request))
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.assessment_save(
                youth=youth,
                instrument=instrument,
                responses=form.responses(),
                administered_on=form.cleaned_data["administered_on"],
                comments=form.cleaned_data["comments"],
                finalize=form.finalizing,
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request, _("Assessment finalized.") if form.finalizing else _("Draft saved.")
            )
            return redirect("services:assessment_detail", youth.pk, assessment.pk)
    return _assessment_page(request, access, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@youth_view(READ)
def assessment_detail(request, access, assessment_pk):
    youth = access.youth
    assessment = selectors.assessment_for(youth, assessment_pk, viewer=request.user)
    editable = (
        not assessment.is_final
        and assessment.administered_by_id == request.user.pk
        and access.allows(WRITE)
    )
    if request.method == "POST":
        if not editable:
            messages.error(
                request,
                _("A final assessment cannot be changed; add an amendment instead.")
                if assessment.is_final
                else _("Only the author can change this draft."),
            )
            return redirect("services:assessment_detail", youth.pk, assessment.pk)
        form = AssessmentForm(request.POST, instrument=assessment.instrument)
        if form.is_valid():
            try:
                actions.assessment_save(
                    youth=youth,
                    instrument=assessment.instrument,
                    responses=form.responses(),
                    administered_on=form.cleaned_data["administered_on"],
                    comments=form.cleaned_data["comments"],
                    finalize=form.finalizing,
                    assessment=assessment,
                    language=form.cleaned_data["language"],
                    by=request.user,
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(
                    request, _("Assessment finalized.") if form.finalizing else _("Draft saved.")
                )
                return redirect("services:assessment_detail", youth.pk, assessment.pk)
        return _assessment_page(request, access, form, assessment=assessment, status=400)
    if editable:
        form = AssessmentForm(
            instrument=assessment.instrument,
            responses=assessment.responses,
            language=_asked(request) or assessment.language,
            initial={
                "administered_on": assessment.administered_on,
                "comments": assessment.comments,
            },
        )
        return _assessment_page(request, access, form, assessment=assessment)
    defn = assessment.instrument.in_reader_language()
    return render_youth_page(
        request,
        access,
        tab="assessments",
        template="services/assessment_detail.html",
        context={
            "assessment": assessment,
            "answers": scoring.answer_rows(defn, assessment.responses),
            "score_rows": [(label, assessment.scores.get(key)) for key, label in _labels(defn)],
            "level": assessment.instrument.level_text(assessment.level),
            "amendments": [
                {
                    "amendment": a,
                    "scores": [(label, a.scores.get(key)) for key, label in _labels(defn)],
                    "level": assessment.instrument.level_text(a.level),
                    "changed": selectors.changed_answers(defn, assessment.responses, a.responses),
                }
                for a in assessment.amendments.all()
            ],
            "can_amend": assessment.is_final and access.allows(WRITE),
        },
    )


def _labels(defn):
    return scoring.subscale_labels(defn)


@require_http_methods(["GET", "POST"])
@youth_view(WRITE)
def assessment_amend(request, access, assessment_pk):
    youth = access.youth
    assessment = selectors.assessment_for(youth, assessment_pk, viewer=request.user)
    if not assessment.is_final:
        raise Http404("Only final assessments are amended")
    latest = selectors.effective(assessment)
    form = AssessmentAmendmentForm(
        request.POST or None,
        instrument=assessment.instrument,
        responses=latest.responses,
        language=assessment.language,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.assessment_amend(
                assessment=assessment,
                responses=form.responses(),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Amendment added; the corrected scores now count."))
            return redirect("services:assessment_detail", youth.pk, assessment.pk)
    return render_youth_page(
        request,
        access,
        tab="assessments",
        template="services/assessment_amend.html",
        context={"form": form, "assessment": assessment, "instrument": assessment.instrument},
        status=400 if form.errors else 200,
    )


# --- Treatment plans -----------------------------------------------------------------------


@require_GET
@youth_view(READ)
def plans(request, access):
    youth = access.youth
    plan_list = list(selectors.plans_for_youth(youth, viewer=request.user))
    return render_youth_page(
        request,
        access,
        tab="plans",
        template="services/plans.html",
        context={
            "plans": plan_list,
            "current": next((p for p in plan_list if p.status == "approved"), None),
            "can_write": access.allows(WRITE),
        },
    )


@require_POST
@youth_view(WRITE)
def plan_new(request, access):
    youth = access.youth
    copy_from = actions.current_plan(youth) if request.POST.get("copy") else None
    try:
        plan = actions.plan_create(youth=youth, by=request.user, copy_from=copy_from)
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("services:plans", youth.pk)
    messages.success(request, _("Draft plan started."))
    return redirect("services:plan_detail", youth.pk, plan.pk)


def _team(youth):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True, case_assignments__youth=youth, case_assignments__ended_on__isnull=True
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def _plan_editor(request, access, plan, data=None):
    return PlanEditor(
        plan,
        data,
        service_types=ServiceType.objects.filter(active=True),
        team=_team(access.youth),
    )


def _plan_page(request, access, plan, *, editor=None, approve_form=None, return_form=None,
               status=200):  # fmt: skip
    """The plan as one page: its author edits a draft in one form (``editor``); the youth's
    supervisor approves or returns a pending plan. A bound form comes back with its errors."""
    editable = plan.is_draft and plan.author_id == request.user.pk and access.allows(WRITE)
    may_decide = (
        plan.status == "pending" and access.allows(APPROVE) and plan.author_id != request.user.pk
    )
    if editor is not None and not editable:  # a plan no longer the user's draft: say why
        for message in editor.non_field_errors():
            messages.error(request, message)
    context = {
        "plan": plan,
        "goals": plan.goals.all(),
        "editable": editable,
        "may_decide": may_decide,
        "editor": (editor or _plan_editor(request, access, plan)) if editable else None,
        "approve_form": (approve_form or PlanApproveForm()) if may_decide else None,
        "return_form": (return_form or PlanReturnForm()) if may_decide else None,
    }
    return render_youth_page(
        request,
        access,
        tab="plans",
        template="services/plan_detail.html",
        context=context,
        status=status,
    )


@require_GET
@youth_view(READ)
def plan_detail(request, access, plan_pk):
    youth = access.youth
    return _plan_page(request, access, selectors.plan_for(youth, plan_pk, viewer=request.user))


PLAN_SAVED = {
    "save": gettext_lazy("Draft plan saved."),
    "add_goal": gettext_lazy("Draft plan saved; write the next goal."),
    "submit": gettext_lazy("Plan saved and sent to the supervisor for approval."),
}


@require_POST
@youth_view(WRITE)
def plan_edit(request, access, plan_pk):
    """The author's one form for a draft plan: every button saves everything typed."""
    youth = access.youth
    plan = selectors.plan_for(youth, plan_pk, viewer=request.user)
    intent = request.POST.get("action") if request.POST.get("action") in PLAN_SAVED else "save"
    editor = _plan_editor(request, access, plan, request.POST)
    if editor.is_valid():
        try:
            actions.plan_draft_save(
                plan=plan, by=request.user, submit=intent == "submit", **editor.changes()
            )
        except ValidationError as exc:
            editor.show_refusal(exc)
        else:
            messages.success(request, PLAN_SAVED[intent])
            anchor = "#new-goal" if intent == "add_goal" else ""
            return redirect(reverse("services:plan_detail", args=[youth.pk, plan.pk]) + anchor)
    return _plan_page(request, access, plan, editor=editor, status=400)


@require_POST
def plan_transition(request, pk, plan_pk, step):
    """The supervisor's decision on a pending plan: approve (asked once) or return."""
    access = access_for_request(request, pk, WRITE if step == "submit" else APPROVE)
    youth = access.youth
    plan = selectors.plan_for(youth, plan_pk, viewer=request.user)
    try:
        if step == "submit":
            actions.plan_submit(plan=plan, by=request.user)
            messages.success(request, _("Plan sent to the supervisor for approval."))
        elif step == "approve":
            form = PlanApproveForm(request.POST)
            if not form.is_valid():
                return _plan_page(request, access, plan, approve_form=form, status=400)
            actions.plan_approve(plan=plan, by=request.user)
            messages.success(request, _("Plan approved; the previous plan is superseded."))
        elif step == "return":
            form = PlanReturnForm(request.POST)
            if not form.is_valid():
                return _plan_page(request, access, plan, return_form=form, status=400)
            actions.plan_return(plan=plan, by=request.user, note=form.cleaned_data["return_note"])
            messages.success(request, _("Plan returned to its author."))
            # A returned plan is a draft again, its author's alone: the page is gone for us.
            return redirect("services:plans", youth.pk)
        else:
            raise Http404("Unknown step")
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("services:plan_detail", youth.pk, plan.pk)


# --- Progress notes ------------------------------------------------------------------------


@require_GET
@youth_view(READ)
def notes(request, access):
    youth = access.youth
    return render_youth_page(
        request,
        access,
        tab="notes",
        template="services/notes.html",
        context={
            "notes": selectors.notes_for_youth(youth, access.grants, viewer=request.user),
            "can_write": access.allows(WRITE),
            "can_part2": access.allows(Need.PART2),
        },
    )


def _note_page(request, access, form, *, note=None, status=200):
    return render_youth_page(
        request,
        access,
        tab="notes",
        template="services/note_form.html",
        context={"form": form, "note": note},
        status=status,
    )


def _save_note(request, youth, form, note=None):
    sign = request.POST.get("action") == "sign"
    try:
        note = actions.note_save(
            youth=youth, by=request.user, note=note, sign=sign, **form.cleaned_data
        )
    except ValidationError as exc:
        show_refusal(form, exc)
        return None
    messages.success(request, _("Note signed.") if sign else _("Draft saved."))
    return redirect("services:note_detail", youth.pk, note.pk)


@require_http_methods(["GET", "POST"])
@youth_view(WRITE)
def note_new(request, access):
    youth = access.youth
    types = actions.service_types_for(request.user, youth)
    form = ProgressNoteForm(request.POST or None, service_types=types)
    if request.method == "POST" and form.is_valid():
        response = _save_note(request, youth, form)
        if response:
            return response
    return _note_page(request, access, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@youth_view(READ)
def note_detail(request, access, note_pk):
    youth = access.youth
    note = selectors.note_for(youth, access.grants, note_pk, viewer=request.user)
    editable = not note.is_signed and note.author_id == request.user.pk and access.allows(WRITE)
    if request.method == "POST":
        if not editable:
            messages.error(
                request,
                _("A signed note cannot be changed; add an amendment instead.")
                if note.is_signed
                else _("Only the author can change this draft."),
            )
            return redirect("services:note_detail", youth.pk, note.pk)
        form = ProgressNoteForm(
            request.POST, service_types=actions.service_types_for(request.user, youth)
        )
        if form.is_valid():
            response = _save_note(request, youth, form, note=note)
            if response:
                return response
        return _note_page(request, access, form, note=note, status=400)
    if editable:
        form = ProgressNoteForm(
            instance=note, service_types=actions.service_types_for(request.user, youth)
        )
        return _note_page(request, access, form, note=note)
    return render_youth_page(
        request,
        access,
        tab="notes",
        template="services/note_detail.html",
        context={
            "note": note,
            "amend_form": NoteAmendmentForm() if note.is_signed and access.allows(WRITE) else None,
        },
    )


@require_POST
@youth_view(WRITE)
def note_amend(request, access, note_pk):
    youth = access.youth
    note = selectors.note_for(youth, access.grants, note_pk, viewer=request.user)
    form = NoteAmendmentForm(request.POST)
    if form.is_valid():
        try:
            actions.note_amend(note=note, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Amendment added."))
            return redirect("services:note_detail", youth.pk, note.pk)
    return render_youth_page(
        request,
        access,
        tab="notes",
        template="services/note_detail.html",
        context={"note": note, "amend_form": form},
        status=400,
    )


def _consent_form_ids(consent):
    return f"id_c{consent.pk}_%s"


def _consents_page(request, access, form=None, attach_form=None, failed=None):
    """The youth's releases of information (those ``access`` may see), the form recording one,
    and on each release still without its signed form, a form filing it."""
    today = timezone.localdate()
    rows = list(consents.visible(access).select_related("recorded_by", "signed_form"))
    for consent in rows:
        consent.in_force = consent.is_active(today)
        consent.may_change = consents.may_record(access, covers_part2=consent.covers_part2)
        if consent.may_change and consent.signed_form_id is None:
            consent.attach_form = (
                attach_form
                if failed == consent.pk
                else SignedFormForm(auto_id=_consent_form_ids(consent))
            )
    may_add = consents.may_record(access)
    if form is None and may_add:
        form = ReleaseConsentForm(part2=consents.may_record_part2(access))
    return render_youth_page(
        request,
        access,
        tab="documents",
        template="services/consents.html",
        context={"consents": rows, "form": form if may_add else None, "failed": failed},
        status=400 if (form is not None and form.errors) or attach_form is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@youth_view(Need.IDENTITY)
def consents_page(request, access):
    if not consents.may_see(access):
        raise Http404("No such youth")
    if request.method == "GET":
        return _consents_page(request, access)
    if not consents.may_record(access):
        raise Http404("No such youth")
    form = ReleaseConsentForm(request.POST, request.FILES, part2=consents.may_record_part2(access))
    if form.is_valid():
        try:
            actions.consent_record(access=access, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Release of information recorded."))
            return redirect("services:consents", access.youth.pk)
    return _consents_page(request, access, form=form)


def _visible_consent(access, consent_pk):
    consent = consents.visible(access).filter(pk=consent_pk).first()
    if consent is None:
        raise Http404("No such consent")
    return consent


@require_POST
@youth_view(Need.IDENTITY)
def consent_attach_form(request, access, consent_pk):
    consent = _visible_consent(access, consent_pk)
    form = SignedFormForm(request.POST, request.FILES, auto_id=_consent_form_ids(consent))
    if form.is_valid():
        try:
            actions.consent_attach_form(
                access=access,
                consent=consent,
                by=request.user,
                signed_form=form.cleaned_data["signed_form"],
            )
        except ValidationError as exc:  # filed already, or no longer theirs to change
            _refused(request, exc)
        else:
            messages.success(request, _("Signed form filed."))
        return redirect("services:consents", access.youth.pk)
    return _consents_page(request, access, attach_form=form, failed=consent.pk)


@require_POST
@youth_view(Need.IDENTITY)
def consent_revoke(request, access, consent_pk):
    consent = _visible_consent(access, consent_pk)
    try:
        actions.consent_revoke(access=access, consent=consent, by=request.user)
        messages.success(request, _("Consent revoked."))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("services:consents", access.youth.pk)


# --- Monitoring ----------------------------------------------------------------------------


@require_GET
@youth_view(READ)
def monitoring(request, access):
    youth = access.youth
    return render_youth_page(
        request,
        access,
        tab="monitoring",
        template="services/monitoring.html",
        context={
            "contacts": selectors.monitoring_for_youth(youth),
            "can_write": access.allows(WRITE),
            "can_resolve": access.allows(APPROVE),
        },
    )


@require_http_methods(["GET", "POST"])
@youth_view(WRITE)
def monitoring_new(request, access):
    youth = access.youth
    plan, objectives = selectors.current_plan_objectives(youth)
    form = MonitoringContactForm(request.POST or None, objectives=objectives)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.monitoring_contact_record(
                youth=youth,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                summary=data["summary"],
                needs_adjustment=data["needs_adjustment"],
                adjustment_reason=data["adjustment_reason"],
                reviews=form.reviews(),
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Monitoring contact recorded."))
            return redirect("services:monitoring", youth.pk)
    return render_youth_page(
        request,
        access,
        tab="monitoring",
        template="services/monitoring_form.html",
        context={"form": form, "plan": plan},
        status=400 if form.errors else 200,
    )


@require_POST
@youth_view(APPROVE)
def monitoring_resolve(request, access, contact_pk):
    youth = access.youth
    contact = get_object_or_404(MonitoringContact, pk=contact_pk, youth=youth)
    try:
        actions.monitoring_flag_resolve(contact=contact, by=request.user)
        messages.success(request, _("Adjustment flag resolved."))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("services:monitoring", youth.pk)


# --- Safety plan ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@youth_view(READ, post=WRITE)
def safety_plan(request, access):
    youth = access.youth
    current = SafetyPlan.objects.filter(youth=youth).select_related("updated_by").first()
    form = None
    if access.allows(WRITE):
        form = SafetyPlanForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.safety_plan_save(youth=youth, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Safety plan saved."))
            return redirect("services:safety_plan", youth.pk)
    return render_youth_page(
        request,
        access,
        tab="safety",
        template="services/safety_plan.html",
        context={"plan": current, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


# --- Psychiatric ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@youth_view(READ, post=WRITE)
def psychiatric(request, access):
    youth = access.youth
    can_write = access.allows(WRITE)
    which = request.POST.get("part")
    med_form = MedicationForm(request.POST if which == "medication" else None, prefix="m")
    eval_form = PsychiatricEvaluationForm(
        request.POST if which == "evaluation" else None, prefix="e"
    )
    if request.method == "POST":
        form = {"medication": med_form, "evaluation": eval_form}.get(which)
        if form is None:
            raise Http404("Unknown form")
        if form.is_valid():
            try:
                if which == "medication":
                    actions.medication_add(youth=youth, by=request.user, **form.cleaned_data)
                else:
                    actions.psychiatric_evaluation_add(
                        youth=youth, by=request.user, **form.cleaned_data
                    )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("services:psychiatric", youth.pk)
    return render_youth_page(
        request,
        access,
        tab="psychiatric",
        template="services/psychiatric.html",
        context={
            "medications": youth.medications.all(),
            "evaluations": youth.psychiatric_evaluations.select_related("recorded_by"),
            "med_form": med_form if can_write else None,
            "eval_form": eval_form if can_write else None,
            "stop_form": MedicationStopForm() if can_write else None,
        },
        status=400 if (med_form.errors or eval_form.errors) else 200,
    )


@require_POST
@youth_view(WRITE)
def medication_stop(request, access, medication_pk):
    youth = access.youth
    medication = get_object_or_404(Medication, pk=medication_pk, youth=youth)
    form = MedicationStopForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("services:psychiatric", youth.pk)
    try:
        actions.medication_stop(
            medication=medication,
            stopped_on=form.cleaned_data["stopped_on"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, _("Medication stopped."))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("services:psychiatric", youth.pk)


# --- On-call -------------------------------------------------------------------------------


@require_GET
def oncall_rota(request):
    if not request.user.has_perm("services.view_oncallshift"):
        raise Http404("No rota")
    form = OnCallShiftForm() if request.user.has_perm("services.add_oncallshift") else None
    return render(
        request,
        "services/oncall_rota.html",
        {"rota": selectors.rota(), "form": form, "my_shift": selectors.shift_now(request.user)},
    )


@require_POST
def oncall_shift_new(request):
    if not request.user.has_perm("services.add_oncallshift"):
        raise Http404("No rota")
    form = OnCallShiftForm(request.POST)
    if form.is_valid():
        try:
            actions.oncall_shift_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Shift added to the rota."))
            return redirect("services:oncall_rota")
    return render(
        request,
        "services/oncall_rota.html",
        {"rota": selectors.rota(), "form": form, "my_shift": selectors.shift_now(request.user)},
        status=400,
    )


def _require_shift(request):
    shift = selectors.shift_now(request.user)
    if shift is None:
        raise Http404("Not on shift")
    return shift


@require_GET
def oncall_essentials(request):
    shift = _require_shift(request)
    return render(
        request,
        "services/oncall_essentials.html",
        {
            "shift": shift,
            "youths": selectors.essentials_phones(
                request, selectors.essentials_for_active_youths(request.user)
            ),
        },
    )


@require_GET
@youth_view(Need.SAFETY, queryset=selectors.with_essentials)
def oncall_youth(request, access):
    """One youth's safety essentials, for whoever holds them: the on-call clinician in shift,
    the youth's team and supervisors, the home's support staff."""
    return render_youth_page(
        request,
        access,
        tab="oncall",
        template="services/oncall_youth.html",
        context={
            "y": selectors.essentials_phones(request, [access.youth])[0],
            # Only someone on shift logs crisis calls or lists every active youth's essentials;
            # a team member or the home's support staff reads this one youth's.
            "on_shift": selectors.shift_now(request.user) is not None,
        },
    )


@require_http_methods(["GET", "POST"])
def crisis_call_new(request):
    _require_shift(request)
    if not request.user.has_perm("services.add_crisiscall"):
        raise Http404("Not on shift")
    initial = {}
    if request.GET.get("youth", "").isdigit():
        initial["youth"] = request.GET["youth"]
    form = CrisisCallForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            call = actions.crisis_call_log(by=request.user, **data)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request,
                _("Crisis call logged and missing episode opened.")
                if data["open_missing_episode"]
                else _("Crisis call logged."),
            )
            if data["open_missing_episode"]:
                # The 24-hour reporting clock has started: show it to the person who started it
                # (an on-call clinician off the team has no other way to the episode).
                episode = call.youth.missing_episodes.filter(returned_at__isnull=True).latest("pk")
                return redirect("placements:episode_detail", episode.pk)
            return redirect(reverse("services:crisis_calls") + f"#call-{call.pk}")
    return render(
        request,
        "services/crisis_call_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_GET
def crisis_calls(request):
    if not selectors.may_see_crisis_calls(request.user):
        raise Http404("No crisis calls")
    return render(
        request,
        "services/crisis_calls.html",
        {"calls": selectors.crisis_calls(request.user), "follow_up_form": FollowUpForm()},
    )


@require_POST
def crisis_call_follow_up(request, call_pk):
    if not selectors.may_see_crisis_calls(request.user):
        raise Http404("No crisis calls")
    call = get_object_or_404(selectors.visible_crisis_calls(request.user), pk=call_pk)
    access_for_request(request, call.youth_id)  # logged as a submission about the youth
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            actions.crisis_call_follow_up_done(
                call=call, by=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Follow-up recorded."))
        except ValidationError as exc:
            _refused(request, exc)
    else:
        messages.error(request, _("The follow-up note is too long (1000 characters at most)."))
    return redirect("services:crisis_calls")
