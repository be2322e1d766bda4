"""Every write of the services app. Each action is atomic, records who and why through
simple-history, and refuses a rule violation with a ValidationError that says what to do.

Callers (views, demo, tests, other apps) have already checked that ``by`` may see the youth;
the actions enforce the clinical rules that hold whoever calls them: drafts belong to their
author, final assessments and signed notes never change, nobody approves their own plan.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import actions as case_actions
from cases.models import CourtHearing, Youth
from chance.access import Need, holds
from chance.dates import CLOCK_SKEW, check_plausible
from chance.documents import discard as discard_document
from chance.history import save_audited

from . import consents, instrument_text, scoring
from .models import (
    Assessment,
    AssessmentAmendment,
    CrisisCall,
    Goal,
    Instrument,
    Intervention,
    JudicialReviewReport,
    Medication,
    MonitoringContact,
    NoteAmendment,
    Objective,
    ObjectiveReview,
    OnCallShift,
    ProgressNote,
    PsychiatricEvaluation,
    ReleaseConsent,
    SafetyPlan,
    ServiceType,
    TreatmentPlan,
)

# A little slack for clocks that differ between a phone and the server.


def plan_review_days() -> int:
    return int(settings.CHANCE.get("PLAN_REVIEW_DAYS", 90))


def _plausible_moment(value, field, youth):
    """A past moment of the youth's care: not in the future (give or take the clock skew), not
    before the program started, not before the youth was born (chance.dates)."""
    check_plausible(value, field, born=youth.date_of_birth, skew=CLOCK_SKEW)


def _plausible_day(value, field, youth, *, since_program=True):
    """A past day of the youth's care; ``since_program=False`` for what may predate admission."""
    check_plausible(value, field, born=youth.date_of_birth, since_program=since_program)


_NOT_THE_AUTHOR = {
    "assessment": gettext_lazy("Only the author can change or sign this draft assessment."),
    "plan": gettext_lazy("Only the author can change or sign this draft plan."),
    "note": gettext_lazy("Only the author can change or sign this draft note."),
}


def _require_author(obj, author_id, by, what):
    if author_id != by.pk:
        raise ValidationError(_NOT_THE_AUTHOR[what])


def _clean(obj, *, exclude=None):
    obj.full_clean(exclude=exclude)
    return obj


# --- Assessments ---------------------------------------------------------------------------


def _checked_responses(instrument, responses, *, complete):
    errors = scoring.check_responses(instrument.definition, responses)
    if not complete:  # a draft may leave questions unanswered, but never holds a wrong answer
        errors = {key: msg for key, msg in errors.items() if key in responses}
    if errors:
        raise ValidationError(errors)
    return scoring.score(instrument.definition, responses)


def _apply_scores(obj, result):
    obj.scores = result.scores
    obj.primary_score = result.primary
    obj.level = result.level
    obj.severity = result.severity


@transaction.atomic
def assessment_save(
    *,
    youth,
    instrument,
    responses,
    administered_on,
    by,
    comments="",
    assessment=None,
    finalize=False,
    language=None,
) -> Assessment:
    """Create or update a draft assessment (scored on every save), optionally finalizing it.

    Only the author edits their draft; a final assessment is locked. Finalizing needs every
    required answer; the administration date may not be in the future. ``language`` is the one
    the questions were put in (one of the instrument's); None keeps a draft's, or English.
    """
    if assessment is None:
        if not instrument.active:
            raise ValidationError(_("This instrument version is retired; use the current one."))
        assessment = Assessment(youth=youth, instrument=instrument, administered_by=by)
    else:
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.is_final:
            raise ValidationError(
                _("This assessment is final and cannot be changed; add an amendment instead.")
            )
        _require_author(assessment, assessment.administered_by_id, by, "assessment")
    _plausible_day(administered_on, "administered_on", youth)
    if language is not None:
        if language not in instrument_text.languages(assessment.instrument.definition):
            raise ValidationError(
                {"language": _("This instrument is not available in that language.")}
            )
        assessment.language = language
    result = _checked_responses(assessment.instrument, responses, complete=finalize)
    assessment.responses = responses
    assessment.administered_on = administered_on
    assessment.comments = comments
    _apply_scores(assessment, result)
    if finalize:
        assessment.status = Assessment.Status.FINAL
        assessment.finalized_at = timezone.now()
    _clean(assessment)
    reason = "Assessment finalized" if finalize else "Assessment draft saved"
    return save_audited(assessment, by=by, reason=reason)


@transaction.atomic
def assessment_finalize(*, assessment, by) -> Assessment:
    """Lock a complete draft: from now on only amendments correct it."""
    assessment = Assessment.objects.select_related("instrument", "youth").get(pk=assessment.pk)
    return assessment_save(
        youth=assessment.youth,
        instrument=assessment.instrument,
        responses=assessment.responses,
        administered_on=assessment.administered_on,
        comments=assessment.comments,
        by=by,
        assessment=assessment,
        finalize=True,
    )


@transaction.atomic
def assessment_amend(*, assessment, responses, reason, by) -> AssessmentAmendment:
    """Correct a final assessment: the corrected answers are rescored and kept beside it."""
    assessment = Assessment.objects.select_related("instrument").get(pk=assessment.pk)
    if not assessment.is_final:
        raise ValidationError(_("A draft is corrected by editing it, not by an amendment."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the assessment is corrected.")})
    result = _checked_responses(assessment.instrument, responses, complete=True)
    amendment = AssessmentAmendment(assessment=assessment, author=by, reason=reason)
    amendment.responses = responses
    _apply_scores(amendment, result)
    _clean(amendment)
    return save_audited(amendment, by=by, reason="Assessment amended")


def instrument_for_new_assessment(pk) -> Instrument:
    return Instrument.objects.get(pk=pk, active=True)


# --- Treatment plans -----------------------------------------------------------------------


def _draft_plan(plan, by):
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_draft:
        raise ValidationError(
            _("This plan is %(status)s; only a draft can be edited.")
            % {"status": plan.get_status_display().lower()}
        )
    _require_author(plan, plan.author_id, by, "plan")
    return plan


@transaction.atomic
def plan_create(*, youth, by, copy_from=None) -> TreatmentPlan:
    """Start a draft plan, optionally copying the goals of the current plan for its review."""
    if TreatmentPlan.objects.filter(
        youth=youth,
        author=by,
        status__in=[TreatmentPlan.Status.DRAFT, TreatmentPlan.Status.PENDING],
    ).exists():
        raise ValidationError(_("You already have an open draft plan for this youth; finish it."))
    plan = TreatmentPlan(youth=youth, author=by)
    if copy_from is not None:
        plan.strengths, plan.needs = copy_from.strengths, copy_from.needs
    save_audited(plan, by=by, reason="Plan drafted")
    if copy_from is not None:
        for goal in copy_from.goals.prefetch_related("objectives__interventions"):
            new_goal = save_audited(
                Goal(plan=plan, order=goal.order, description=goal.description),
                by=by,
                reason="Copied from the previous plan",
            )
            for objective in goal.objectives.all():
                new_objective = save_audited(
                    Objective(
                        goal=new_goal,
                        order=objective.order,
                        description=objective.description,
                        target_date=objective.target_date,
                    ),
                    by=by,
                    reason="Copied from the previous plan",
                )
                for item in objective.interventions.all():
                    save_audited(
                        Intervention(
                            objective=new_objective,
                            service_type_id=item.service_type_id,
                            description=item.description,
                            frequency=item.frequency,
                            responsible_id=item.responsible_id,
                        ),
                        by=by,
                        reason="Copied from the previous plan",
                    )
    return plan


@transaction.atomic
def plan_update(*, plan, by, strengths, needs) -> TreatmentPlan:
    plan = _draft_plan(plan, by)
    plan.strengths, plan.needs = strengths, needs
    _clean(plan)
    return save_audited(plan, by=by, reason="Plan edited")


@transaction.atomic
def goal_add(*, plan, description, by) -> Goal:
    plan = _draft_plan(plan, by)
    goal = Goal(plan=plan, description=description, order=plan.goals.count() + 1)
    _clean(goal)
    return save_audited(goal, by=by, reason="Goal added")


@transaction.atomic
def objective_add(*, goal, description, by, target_date=None) -> Objective:
    _draft_plan(goal.plan, by)
    objective = Objective(
        goal=goal,
        description=description,
        target_date=target_date,
        order=goal.objectives.count() + 1,
    )
    _clean(objective)
    return save_audited(objective, by=by, reason="Objective added")


@transaction.atomic
def intervention_add(
    *, objective, service_type, frequency, responsible, by, description=""
) -> Intervention:
    _draft_plan(objective.goal.plan, by)
    if not responsible.is_active:
        raise ValidationError({"responsible": _("Choose an active staff member.")})
    intervention = Intervention(
        objective=objective,
        service_type=service_type,
        frequency=frequency,
        responsible=responsible,
        description=description,
    )
    _clean(intervention)
    return save_audited(intervention, by=by, reason="Intervention added")


@transaction.atomic
def plan_part_remove(*, part, by):
    """Remove a goal, objective or intervention (and what hangs below it) from a draft plan."""
    plan = {
        Goal: lambda p: p.plan,
        Objective: lambda p: p.goal.plan,
        Intervention: lambda p: p.objective.goal.plan,
    }[type(part)](part)
    _draft_plan(plan, by)
    part._history_user = by
    part._change_reason = "Removed from draft plan"
    part.delete()


def _plan_part_edit(part, by, **fields):
    changed = {name: value for name, value in fields.items() if getattr(part, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(part, name, value)
        _clean(part)
        save_audited(part, by=by, reason="Plan edited")
    return part


@transaction.atomic
def plan_draft_save(*, plan, by, strengths, needs, goals, submit=False) -> TreatmentPlan:
    """Save everything typed in a draft plan at once, all or nothing; ``submit`` then sends it
    for approval (plan_submit's rules hold).

    ``goals`` lists what the editor holds, each a dict: ``goal`` (None for a new one),
    ``description``, ``remove`` and ``objectives``; each objective likewise (``objective``,
    ``description``, ``target_date``, ``remove``, ``interventions``); each intervention
    ``intervention`` or the fields of intervention_add, and ``remove``. A removed part takes
    what hangs below it.
    """
    plan = plan_update(plan=plan, by=by, strengths=strengths, needs=needs)
    for g in goals:
        goal = g["goal"]
        if g["remove"]:
            if goal is not None:
                plan_part_remove(part=goal, by=by)
            continue
        if goal is None:
            goal = goal_add(plan=plan, description=g["description"], by=by)
        else:
            _plan_part_edit(goal, by, description=g["description"])
        for o in g["objectives"]:
            objective = o["objective"]
            if o["remove"]:
                if objective is not None:
                    plan_part_remove(part=objective, by=by)
                continue
            if objective is None:
                objective = objective_add(
                    goal=goal, description=o["description"], target_date=o["target_date"], by=by
                )
            else:
                _plan_part_edit(
                    objective, by, description=o["description"], target_date=o["target_date"]
                )
            for i in o["interventions"]:
                fields = {k: v for k, v in i.items() if k not in ("intervention", "remove")}
                if i["intervention"] is not None:
                    if i["remove"]:
                        plan_part_remove(part=i["intervention"], by=by)
                elif not i["remove"]:
                    intervention_add(objective=objective, by=by, **fields)
    if submit:
        plan = plan_submit(plan=plan, by=by)
    return plan


@transaction.atomic
def plan_submit(*, plan, by) -> TreatmentPlan:
    """Send a draft for approval; it needs at least one goal, each with an objective."""
    plan = _draft_plan(plan, by)
    goals = list(plan.goals.prefetch_related("objectives"))
    if not goals:
        raise ValidationError(_("Add at least one goal before sending the plan for approval."))
    if any(not goal.objectives.all() for goal in goals):
        raise ValidationError(_("Every goal needs at least one measurable objective."))
    plan.status = TreatmentPlan.Status.PENDING
    plan.submitted_at = timezone.now()
    plan.return_note = ""
    return save_audited(plan, by=by, reason="Plan sent for approval")


def _require_approver(plan, by):
    if plan.author_id == by.pk:
        raise ValidationError(_("The author of a plan cannot approve it; ask the supervisor."))
    if not holds(by, plan.youth_id, Need.APPROVE):
        raise ValidationError(_("Only the youth's supervisor can approve or return this plan."))


@transaction.atomic
def plan_approve(*, plan, by) -> TreatmentPlan:
    """Approve a pending plan (the youth's supervisor, never its author). The plan approved
    before it is superseded in the same transaction; the next review is due in 90 days."""
    youth = Youth.objects.select_for_update().get(pk=plan.youth_id)
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != TreatmentPlan.Status.PENDING:
        raise ValidationError(_("Only a plan pending approval can be approved."))
    _require_approver(plan, by)
    now = timezone.now()
    for old in TreatmentPlan.objects.select_for_update().filter(
        youth=youth, status=TreatmentPlan.Status.APPROVED
    ):
        old.status = TreatmentPlan.Status.SUPERSEDED
        old.superseded_at = now
        save_audited(old, by=by, reason=f"Superseded by plan #{plan.pk}")
    plan.status = TreatmentPlan.Status.APPROVED
    plan.approved_by = by
    plan.approved_at = now
    plan.effective_on = timezone.localdate()
    plan.next_review_on = plan.effective_on + timedelta(days=plan_review_days())
    return save_audited(plan, by=by, reason="Plan approved")


@transaction.atomic
def plan_return(*, plan, by, note) -> TreatmentPlan:
    """Send a pending plan back to its author with what needs to change."""
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != TreatmentPlan.Status.PENDING:
        raise ValidationError(_("Only a plan pending approval can be returned."))
    _require_approver(plan, by)
    if not note.strip():
        raise ValidationError({"return_note": _("Say what the author should change.")})
    plan.status = TreatmentPlan.Status.DRAFT
    plan.return_note = note
    _clean(plan)
    return save_audited(plan, by=by, reason="Plan returned to author")


# --- Progress notes ------------------------------------------------------------------------


def _check_part2_writer(youth, service_type, by):
    if service_type.part2 and not holds(by, youth.pk, Need.PART2):
        raise ValidationError(
            {"service_type": _("Substance-use (Part 2) notes need the Part 2 permission.")}
        )


@transaction.atomic
def note_save(
    *, youth, service_type, occurred_at, minutes, setting, text, by, note=None, sign=False
) -> ProgressNote:
    """Create or update a draft note (the author's own), optionally signing it.

    A signed note is never edited (add a NoteAmendment); occurred_at may not be in the future.
    """
    if note is None:
        note = ProgressNote(youth=youth, author=by)
    else:
        note = ProgressNote.objects.select_for_update().get(pk=note.pk)
        if note.is_signed:
            raise ValidationError(_("A signed note cannot be changed; add an amendment instead."))
        _require_author(note, note.author_id, by, "note")
    _plausible_moment(occurred_at, "occurred_at", youth)
    _check_part2_writer(youth, service_type, by)
    note.service_type = service_type
    note.occurred_at = occurred_at
    note.minutes = minutes
    note.setting = setting
    note.text = text
    if sign:
        note.status = ProgressNote.Status.SIGNED
        note.signed_at = timezone.now()
    _clean(note)
    return save_audited(note, by=by, reason="Note signed" if sign else "Note draft saved")


@transaction.atomic
def note_sign(*, note, by) -> ProgressNote:
    note = ProgressNote.objects.select_related("youth", "service_type").get(pk=note.pk)
    return note_save(
        youth=note.youth,
        service_type=note.service_type,
        occurred_at=note.occurred_at,
        minutes=note.minutes,
        setting=note.setting,
        text=note.text,
        by=by,
        note=note,
        sign=True,
    )


@transaction.atomic
def note_amend(*, note, text, by) -> NoteAmendment:
    """Append a correction or addition to a signed note; the note itself never changes."""
    note = ProgressNote.objects.select_related("service_type").get(pk=note.pk)
    if not note.is_signed:
        raise ValidationError(_("A draft note is corrected by editing it."))
    _check_part2_writer(note.youth, note.service_type, by)
    amendment = NoteAmendment(note=note, author=by, text=text)
    _clean(amendment)
    return save_audited(amendment, by=by, reason="Note amended")


# --- Releases of information --------------------------------------------------------------


def _save_with_form(access, consent, by, signed_form, *, reason):
    """Save the release, filing its signed form (``(bytes, content_type)``) first as a document
    of the youth's file, of the kind the release calls for (``consents.form_kind``). Should the
    release be refused after all, the stored file goes too: the caller's transaction takes the
    document row back, and nothing is left behind."""
    if signed_form is None:
        return save_audited(consent, by=by, reason=reason)
    consent.signed_form = _signed_form_document(access, consent, by, *signed_form)
    try:
        with transaction.atomic():
            return save_audited(consent, by=by, reason=reason)
    except BaseException:
        discard_document(consent.signed_form.stored_name)
        raise


def _signed_form_document(access, consent, by, content, content_type):
    return case_actions.document_add(
        access=access,
        by=by,
        kind=consents.form_kind(consent.covers_part2),
        date=consent.signed_on,
        description=_("Signed release of information: %(recipient)s")
        % {"recipient": consent.recipient[:160]},  # the description holds 200
        content=content,
        content_type=content_type,
    )


@transaction.atomic
def consent_record(
    *,
    access,
    by,
    recipient,
    information,
    purpose,
    signed_on,
    covers_part2=False,
    expires_on=None,
    signed_form=None,
) -> ReleaseConsent:
    """Record a signed release of information, with its signed form when it is to hand. A
    release covering Part 2 records needs the Part 2 grant (``consents.may_record``)."""
    if not consents.may_record(access, covers_part2=covers_part2):
        raise ValidationError(
            {"covers_part2": _("Only the clinical team with Part 2 access may record this.")}
            if covers_part2
            else _("You may not record a release of information for this youth.")
        )
    youth = access.youth
    _plausible_day(signed_on, "signed_on", youth)
    if expires_on is not None and expires_on < signed_on:
        raise ValidationError({"expires_on": _("A consent cannot expire before it was signed.")})
    consent = ReleaseConsent(
        youth=youth,
        recipient=recipient,
        information=information,
        covers_part2=covers_part2,
        purpose=purpose,
        signed_on=signed_on,
        expires_on=expires_on,
        recorded_by=by,
    )
    _clean(consent)
    return _save_with_form(
        access, consent, by, signed_form, reason="Release of information recorded"
    )


def _consent_for_change(access, consent):
    consent = consents.visible(access).select_for_update().filter(pk=consent.pk).first()
    if consent is None or not consents.may_record(access, covers_part2=consent.covers_part2):
        raise ValidationError(_("You may not change this release of information."))
    return consent


@transaction.atomic
def consent_attach_form(*, access, consent, by, signed_form) -> ReleaseConsent:
    """File the signed form of a release recorded without it."""
    consent = _consent_for_change(access, consent)
    if consent.signed_form_id is not None:
        raise ValidationError(_("This release already has its signed form."))
    return _save_with_form(
        access, consent, by, signed_form, reason="Signed form of a release filed"
    )


@transaction.atomic
def consent_revoke(*, access, consent, by, revoked_on=None) -> ReleaseConsent:
    """Record that the youth (or guardian) revoked the release: from that day it allows
    nothing, and a Part 2 release no longer lets Part 2 notes into exports."""
    consent = _consent_for_change(access, consent)
    if consent.revoked_on is not None:
        raise ValidationError(_("This consent has already been revoked."))
    consent.revoked_on = revoked_on or timezone.localdate()
    if consent.revoked_on < consent.signed_on:
        raise ValidationError(
            {"revoked_on": _("A consent cannot be revoked before it was signed.")}
        )
    return save_audited(consent, by=by, reason="Release of information revoked")


# --- Monitoring ----------------------------------------------------------------------------


def current_plan(youth):
    return TreatmentPlan.objects.filter(youth=youth, status=TreatmentPlan.Status.APPROVED).first()


@transaction.atomic
def monitoring_contact_record(
    *,
    youth,
    kind,
    occurred_at,
    summary,
    by,
    reviews=(),
    needs_adjustment=False,
    adjustment_reason="",
) -> MonitoringContact:
    """Record a monitoring contact with a progress rating for objectives of the current plan.

    ``reviews`` is a list of (objective, rating, comment). A flagged contact says why, and
    stays on the supervisor's list until they resolve it.
    """
    _plausible_moment(occurred_at, "occurred_at", youth)
    plan = current_plan(youth)
    if reviews and plan is None:
        raise ValidationError(_("This youth has no approved plan whose objectives could be rated."))
    allowed = set(Objective.objects.filter(goal__plan=plan).values_list("pk", flat=True))
    if any(objective.pk not in allowed for objective, _rating, _comment in reviews):
        raise ValidationError(_("Rate only objectives of the youth's current approved plan."))
    if needs_adjustment and not adjustment_reason.strip():
        raise ValidationError({"adjustment_reason": _("Say what about the plan needs to change.")})
    contact = MonitoringContact(
        youth=youth,
        plan=plan,
        kind=kind,
        occurred_at=occurred_at,
        by=by,
        summary=summary,
        needs_adjustment=needs_adjustment,
        adjustment_reason=adjustment_reason if needs_adjustment else "",
    )
    _clean(contact)
    save_audited(contact, by=by, reason="Monitoring contact recorded")
    for objective, rating, comment in reviews:
        review = ObjectiveReview(
            contact=contact, objective=objective, rating=rating, comment=comment
        )
        _clean(review, exclude=["contact"])
        save_audited(review, by=by, reason="Objective reviewed")
    return contact


@transaction.atomic
def monitoring_flag_resolve(*, contact, by) -> MonitoringContact:
    """The supervisor has acted on a "plan needs adjustment" flag."""
    contact = MonitoringContact.objects.select_for_update().get(pk=contact.pk)
    if not contact.needs_adjustment or contact.flag_resolved_at is not None:
        raise ValidationError(_("This contact has no open adjustment flag."))
    contact.flag_resolved_at = timezone.now()
    contact.flag_resolved_by = by
    return save_audited(contact, by=by, reason="Adjustment flag resolved")


# --- Safety plan, psychiatric --------------------------------------------------------------


@transaction.atomic
def safety_plan_save(
    *, youth, by, warning_signs, coping_steps, people_to_call, safe_places
) -> SafetyPlan:
    """Write the current safety plan; each version stays in the plan's history."""
    plan = SafetyPlan.objects.select_for_update().filter(youth=youth).first()
    plan = plan or SafetyPlan(youth=youth)
    plan.warning_signs = warning_signs
    plan.coping_steps = coping_steps
    plan.people_to_call = people_to_call
    plan.safe_places = safe_places
    plan.updated_by = by
    _clean(plan)
    return save_audited(plan, by=by, reason="Safety plan updated")


@transaction.atomic
def medication_add(*, youth, name, dose, prescriber, started_on, by) -> Medication:
    # A medication may have been started long before the youth came to the program.
    _plausible_day(started_on, "started_on", youth, since_program=False)
    medication = Medication(
        youth=youth,
        name=name,
        dose=dose,
        prescriber=prescriber,
        started_on=started_on,
        recorded_by=by,
    )
    _clean(medication)
    return save_audited(medication, by=by, reason="Medication added")


@transaction.atomic
def medication_stop(*, medication, stopped_on, by, reason="") -> Medication:
    medication = Medication.objects.select_for_update().get(pk=medication.pk)
    if medication.stopped_on is not None:
        raise ValidationError(_("This medication has already been stopped."))
    _plausible_day(stopped_on, "stopped_on", medication.youth, since_program=False)
    if stopped_on < medication.started_on:
        raise ValidationError({"stopped_on": _("A medication cannot stop before it started.")})
    medication.stopped_on = stopped_on
    medication.stop_reason = reason
    _clean(medication)
    return save_audited(medication, by=by, reason="Medication stopped")


@transaction.atomic
def psychiatric_evaluation_add(
    *, youth, evaluated_on, evaluator, findings, by, recommendations=""
) -> PsychiatricEvaluation:
    _plausible_day(evaluated_on, "evaluated_on", youth)
    evaluation = PsychiatricEvaluation(
        youth=youth,
        evaluated_on=evaluated_on,
        evaluator=evaluator,
        findings=findings,
        recommendations=recommendations,
        recorded_by=by,
    )
    _clean(evaluation)
    return save_audited(evaluation, by=by, reason="Psychiatric evaluation recorded")


# --- On-call -------------------------------------------------------------------------------


@transaction.atomic
def oncall_shift_create(*, user, role, starts_at, ends_at, by) -> OnCallShift:
    """Put someone on the rota. Two primaries never overlap, so a caller always reaches one."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A shift must end after it starts.")})
    if not user.is_active:
        raise ValidationError({"user": _("Only active staff can be on call.")})
    overlapping = OnCallShift.objects.select_for_update().filter(
        starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if overlapping.filter(user=user).exists():
        raise ValidationError(
            {"starts_at": _("%(person)s already has a shift in this period.") % {"person": user}}
        )
    if role == OnCallShift.Role.PRIMARY and overlapping.filter(role=role).exists():
        raise ValidationError({"starts_at": _("Another primary on-call shift overlaps this one.")})
    shift = OnCallShift(user=user, role=role, starts_at=starts_at, ends_at=ends_at, created_by=by)
    _clean(shift)
    return save_audited(shift, by=by, reason="On-call shift scheduled")


def _current_home(youth):
    try:
        from placements.models import Placement
    except ImportError:  # pragma: no cover
        return None
    placement = Placement.objects.filter(youth=youth, ended_on__isnull=True).first()
    return placement.home if placement else None


def _open_missing_episode(*, youth, by, last_seen_at, circumstances):
    try:
        from placements.actions import missing_episode_open
    except ImportError:
        raise ValidationError(
            _("Missing episodes cannot be opened from here yet; report it on the placements page.")
        )
    return missing_episode_open(
        youth=youth, by=by, last_seen_at=last_seen_at, circumstances=circumstances
    )


@transaction.atomic
def crisis_call_log(
    *,
    youth,
    received_at,
    caller_kind,
    category,
    description,
    response,
    disposition,
    by,
    caller_name="",
    follow_up_needed=False,
    open_missing_episode=False,
    last_seen_at=None,
) -> CrisisCall:
    """Log a crisis call about an active youth. A runaway call can open the missing episode in
    the same step (placements.actions.missing_episode_open), so the 24-hour reporting clock
    starts at once."""
    if youth.status != Youth.Status.ACTIVE:
        raise ValidationError({"youth": _("Crisis calls are logged for active youths.")})
    _plausible_moment(received_at, "received_at", youth)
    if open_missing_episode:
        if category != CrisisCall.Category.RUNAWAY:
            raise ValidationError(
                {"open_missing_episode": _("Only a runaway call opens a missing episode.")}
            )
        if last_seen_at is None:
            raise ValidationError({"last_seen_at": _("When was the youth last seen?")})
        _plausible_moment(last_seen_at, "last_seen_at", youth)
        disposition = CrisisCall.Disposition.MISSING
    call = CrisisCall(
        youth=youth,
        home=_current_home(youth),
        received_at=received_at,
        taken_by=by,
        caller_kind=caller_kind,
        caller_name=caller_name,
        category=category,
        description=description,
        response=response,
        disposition=disposition,
        follow_up_needed=follow_up_needed,
    )
    _clean(call)
    save_audited(call, by=by, reason="Crisis call logged")
    if open_missing_episode:
        _open_missing_episode(
            youth=youth, by=by, last_seen_at=last_seen_at, circumstances=description
        )
    return call


@transaction.atomic
def crisis_call_follow_up_done(*, call, by, note="") -> CrisisCall:
    call = CrisisCall.objects.select_for_update().get(pk=call.pk)
    if not call.follow_up_needed or call.follow_up_done_at is not None:
        raise ValidationError(_("This call has no open follow-up."))
    call.follow_up_done_at = timezone.now()
    call.follow_up_note = note
    _clean(call)
    return save_audited(call, by=by, reason="Crisis follow-up done")


def service_types_for(user, youth):
    """Service types ``user`` may write notes under (Part 2 ones need the Part 2 permission)."""
    qs = ServiceType.objects.filter(active=True)
    if not holds(user, youth.pk, Need.PART2):
        qs = qs.filter(part2=False)
    return qs


# --- Judicial review reports ---------------------------------------------------------------


@transaction.atomic
def judicial_review_report_save(*, hearing, recommendations, by) -> JudicialReviewReport:
    """The clinician's recommendations for a judicial-review hearing of the youth (one report
    per hearing; saving again corrects it, the history keeps the earlier text). Writing it
    resolves the report's reminder."""
    if hearing.kind != CourtHearing.Kind.JUDICIAL_REVIEW:
        raise ValidationError(_("A judicial review report is written for a judicial review."))
    report = JudicialReviewReport.objects.select_for_update().filter(
        hearing=hearing
    ).first() or JudicialReviewReport(youth_id=hearing.youth_id, hearing=hearing)
    created = report.pk is None
    report.recommendations = recommendations
    report.author = by
    _clean(report)
    return save_audited(
        report,
        by=by,
        reason="Judicial review report written" if created else "Judicial review report corrected",
    )
