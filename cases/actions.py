"""Writes about youths, referrals and case teams. Each enforces a rule and records who and why."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from guardian.shortcuts import assign_perm, remove_perm

from chance import documents
from chance.accounts import roles
from chance.dates import CLOCK_SKEW, check_plausible, day
from chance.history import save_audited, stamp
from chance.reminders.actions import reminders_resolve_for_youth

from .discharge import DischargeContext, register_discharge_step, run_discharge_steps
from .models import (
    CaseAssignment,
    Contact,
    CourtHearing,
    LifecycleEvent,
    Referral,
    SafetyAlert,
    Sequence,
    Youth,
    YouthDocument,
)
from .permissions import TEAM_ROLE_PERMISSIONS


def label_in_sentence(label) -> str:
    """A choice label inside a sentence: "Primary clinician" becomes "primary clinician", but
    "STFC ..." (an acronym first) stays as it is."""
    label = str(label)
    if len(label) > 1 and label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


# Referral times typed by hand may run a little ahead of the server clock.


def screening_window() -> timedelta:
    """How long after a referral the CSEC screening is due (settings.REMINDERS)."""
    return timedelta(hours=settings.REMINDERS["SCREENING_HOURS"])


def _next_record_number() -> str:
    seq, _created = Sequence.objects.select_for_update().get_or_create(name="youth")
    seq.value += 1
    seq.save(update_fields=["value"])
    return f"CH-{seq.value:05d}"


def _record_event(
    youth, *, by, from_status="", from_track="", reason="", at=None, joined_waitlist=False
):
    return LifecycleEvent.objects.create(
        youth=youth,
        at=at or timezone.now(),
        by=by,
        from_status=from_status,
        to_status=youth.status,
        from_track=from_track,
        to_track=youth.track,
        reason=reason,
        joined_stfc_waitlist=joined_waitlist,
    )


@transaction.atomic
def referral_receive(
    *,
    by,
    source,
    received_at,
    youth=None,
    youth_fields=None,
    source_agency="",
    reason="",
    matches_set_aside=(),
) -> Referral:
    """Take a referral: a new youth record, or re-entry of a discharged youth on the same record.

    The screening is due 24 hours after the referral was received (Fla. Admin. Code 65C-43.001).
    ``matches_set_aside``: the possible duplicates intake showed and the user declared not the
    same youth; the new record's history says which (record numbers only).
    """
    born = youth.date_of_birth if youth is not None else (youth_fields or {}).get("date_of_birth")
    check_plausible(received_at, "received_at", born=born, skew=CLOCK_SKEW)
    if youth is None:
        youth = Youth(**(youth_fields or {}))
        youth.record_number = _next_record_number()
        youth.status = Youth.Status.REFERRED
        youth.full_clean()
        created_reason = "Referral received"
        if matches_set_aside:
            numbers = ", ".join(sorted(m.record_number for m in matches_set_aside))
            created_reason += (
                f"; created as a new youth: the possible matches shown ({numbers}) were "
                "confirmed not the same youth"
            )
        save_audited(youth, by=by, reason=created_reason)
        from_status = ""
    else:
        youth = Youth.objects.select_for_update().get(pk=youth.pk)
        if youth.status != Youth.Status.DISCHARGED:
            raise ValidationError(
                _(
                    "%(record)s already has an open episode (%(status)s); a new referral is only "
                    "for re-entry after discharge."
                )
                % {
                    "record": youth.record_number,
                    "status": label_in_sentence(youth.get_status_display()),
                }
            )
        from_status = youth.status
        youth.status = Youth.Status.REFERRED
        youth.track = ""
        youth.admitted_on = None
        youth.discharged_on = None
        youth.discharge_reason = ""
        save_audited(youth, by=by, reason="Re-referral after discharge")
    referral = Referral(
        youth=youth,
        source=source,
        source_agency=source_agency,
        received_at=received_at,
        reason=reason,
        screening_due_at=received_at + screening_window(),
        received_by=by,
    )
    referral.full_clean()
    save_audited(referral, by=by, reason="Referral received")
    _record_event(youth, by=by, from_status=from_status, reason="Referral received")
    return referral


def _team_permissions(youth, user) -> set[str]:
    """The object permissions the user's open assignments on this youth carry."""
    open_roles = CaseAssignment.objects.filter(
        youth=youth, user=user, ended_on__isnull=True
    ).values_list("role", flat=True)
    return {codename for role in open_roles for codename in TEAM_ROLE_PERMISSIONS[role]}


@transaction.atomic
def case_assignment_create(*, youth, user, role, by, started_on=None) -> CaseAssignment:
    """Put a staff member on the youth's case team and grant (django-guardian) the object
    permissions that role carries, in the same transaction.

    Only the decision is stored: the staff member's supervisor sees the youth through
    supervision (``cases.access``), and Part 2 rides with the role-wide permission, both read
    on every request."""
    if not user.is_active:
        raise ValidationError(_("Only active staff can join a case team."))
    # Read from the database, not the user object's cached grants (the caller's object may
    # outlive a role change, and caching here would pin its grants for the rest of its life).
    held_roles = set(user.groups.values_list("name", flat=True))
    if roles.CAREGIVER in held_roles and not held_roles & set(roles.STAFF_ROLES):
        raise ValidationError(
            _(
                "A foster caregiver sees the youth in their home through the placement, not "
                "the team."
            )
        )
    if role == CaseAssignment.Role.MENTOR and roles.MENTOR not in held_roles:
        raise ValidationError(_("Only someone with the survivor mentor role can mentor a youth."))
    if CaseAssignment.objects.filter(
        youth=youth, user=user, role=role, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            _("%(name)s is already on this team as %(role)s.")
            % {"name": user, "role": label_in_sentence(role.label)}
        )
    check_plausible(started_on, "started_on", born=youth.date_of_birth)
    if (
        role == CaseAssignment.Role.PRIMARY_CLINICIAN
        and CaseAssignment.objects.filter(youth=youth, role=role, ended_on__isnull=True).exists()
    ):
        raise ValidationError(
            _("This youth already has a primary clinician; end that assignment first.")
        )
    held = _team_permissions(youth, user)
    assignment = CaseAssignment(
        youth=youth,
        user=user,
        role=role,
        started_on=started_on or timezone.localdate(),
        assigned_by=by,
    )
    save_audited(assignment, by=by, reason=f"Assigned as {role.label}")
    for codename in set(TEAM_ROLE_PERMISSIONS[role]) - held:
        assign_perm(f"cases.{codename}", user, youth)
    return assignment


@transaction.atomic
def case_assignment_end(*, assignment, by, ended_on=None, reason="") -> CaseAssignment:
    """Take a staff member off the team; the object permissions it carried are revoked in the
    same transaction."""
    assignment = CaseAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_on is not None:
        raise ValidationError(_("This assignment has already ended."))
    ended_on = ended_on or timezone.localdate()
    check_plausible(ended_on, "ended_on", born=assignment.youth.date_of_birth)
    if ended_on < assignment.started_on:
        raise ValidationError(_("An assignment cannot end before it started."))
    assignment.ended_on = ended_on
    save_audited(assignment, by=by, reason=reason or "Assignment ended")
    youth, user = assignment.youth, assignment.user
    # What another open role of the same person on this team still carries stays granted.
    for codename in set(TEAM_ROLE_PERMISSIONS[assignment.role]) - _team_permissions(youth, user):
        remove_perm(f"cases.{codename}", user, youth)
    return assignment


# --- Lifecycle: REFERRED → SCREENING → WAITLISTED | ACTIVE → DISCHARGED ----------------------

Status = Youth.Status
Track = Youth.Track

# Program ages at admission (DESIGN.md): 9–17, or 18–22 in extended foster care.
ADMISSION_AGE = (9, 17)
EXTENDED_CARE_AGE = (18, 22)


def _locked(youth) -> Youth:
    """The youth row, locked for this transaction so two steps cannot race."""
    return Youth.objects.select_for_update().get(pk=youth.pk)


def _refresh_caller_copy(caller, locked):
    """Keep the caller's object in step with what was saved (they often reuse it)."""
    if caller is not locked:
        caller.refresh_from_db()


# What each lifecycle step is called in its refusal ("Cannot start screening: ...").
STEP_NAMES = {
    # Translators: completes "Cannot %(step)s: CH-00012 is referred; ...".
    "start screening": gettext_lazy("start screening"),
    # Translators: completes "Cannot %(step)s: CH-00012 is referred; ...".
    "record a screening decision": gettext_lazy("record a screening decision"),
    # Translators: completes "Cannot %(step)s: CH-00012 is referred; ...".
    "change track": gettext_lazy("change track"),
    # Translators: completes "Cannot %(step)s: CH-00012 is referred; ...".
    "discharge": gettext_lazy("discharge"),
}


def _either(labels) -> str:
    """The statuses a step is for, in a sentence: "referred", "active or waitlisted for STFC"."""
    labels = [label_in_sentence(label) for label in labels]
    said = labels[0]
    for label in labels[1:]:
        # Translators: two statuses, as in "active or waitlisted for STFC".
        said = _("%(first)s or %(second)s") % {"first": said, "second": label}
    return said


def _require_status(youth, allowed, step):
    if youth.status not in allowed:
        raise ValidationError(
            _(
                "Cannot %(step)s: %(record)s is %(status)s; this step is only for a youth who "
                "is %(allowed)s."
            )
            % {
                "step": STEP_NAMES.get(step, step),
                "record": youth.record_number,
                "status": label_in_sentence(youth.get_status_display()),
                "allowed": _either(Status(s).label for s in allowed),
            }
        )


def _open_referral(youth) -> Referral:
    referral = Referral.objects.select_for_update().filter(youth=youth, decided_at__isnull=True)
    referral = referral.first()
    if referral is None:
        raise ValidationError(
            _("%(record)s has no open referral; record the referral first.")
            % {"record": youth.record_number}
        )
    return referral


def age_on(date_of_birth, day) -> int:
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def _check_admission_age(youth, admitted_on):
    age = age_on(youth.date_of_birth, admitted_on)
    low, high = ADMISSION_AGE
    if youth.custody_status == Youth.Custody.EXTENDED:
        high = EXTENDED_CARE_AGE[1]
    if not low <= age <= high:
        raise ValidationError(
            _(
                "On %(day)s the youth would be %(age)s; the program admits ages %(low)s–%(high)s "
                "(up to %(extended)s in extended foster care). Check the date of birth and "
                "custody status."
            )
            % {
                "day": day(admitted_on),
                "age": age,
                "low": low,
                "high": ADMISSION_AGE[1],
                "extended": EXTENDED_CARE_AGE[1],
            }
        )


def _check_priority(priority):
    if priority is None or not 1 <= int(priority) <= 5:
        raise ValidationError(_("A waitlist priority from 1 (most urgent) to 5 is required."))
    return int(priority)


def _clear_waitlist(youth):
    youth.waitlisted_at = None
    youth.waitlist_priority = None


@transaction.atomic
def youth_screening_start(*, youth, by) -> Youth:
    """REFERRED → SCREENING; the open referral records when screening started."""
    locked = _locked(youth)
    _require_status(locked, [Status.REFERRED], "start screening")
    referral = _open_referral(locked)
    now = timezone.now()
    referral.screening_started_at = now
    save_audited(referral, by=by, reason="Screening started")
    locked.status = Status.SCREENING
    save_audited(locked, by=by, reason="Screening started")
    _record_event(locked, by=by, from_status=Status.REFERRED, reason="Screening started", at=now)
    _refresh_caller_copy(youth, locked)
    return locked


@transaction.atomic
def youth_screening_decide(
    *, youth, by, decision, priority=None, note="", admitted_on=None, not_placed_reason=""
) -> Youth:
    """Close the screening with a decision and close the open referral.

    - ``stfc`` / ``crt``: ACTIVE on that track from ``admitted_on`` (today if not given), if the
      youth is of program age on that day.
    - ``waitlist``: WAITLISTED for an STFC home (track STFC) with a priority 1–5.
    - ``declined``: DISCHARGED today with reason "declined"; the record stays for re-entry.

    ``not_placed_reason`` (optional, not with ``stfc``) says why the youth is not going to an
    STFC home; the 65C-43.002 monthly report counts it.
    """
    if decision not in Referral.Decision.values:
        raise ValidationError(
            _("Unknown screening decision %(decision)r.") % {"decision": decision}
        )
    not_placed_reason = not_placed_reason or ""
    if not_placed_reason and not_placed_reason not in Referral.NotPlacedReason.values:
        raise ValidationError(
            _("Unknown reason not placed %(reason)r.") % {"reason": not_placed_reason}
        )
    if not_placed_reason and decision == Referral.Decision.STFC:
        raise ValidationError(_("A youth admitted to STFC needs no reason for not being placed."))
    locked = _locked(youth)
    _require_status(locked, [Status.SCREENING], "record a screening decision")
    referral = _open_referral(locked)
    now = timezone.now()
    today = timezone.localdate()
    if decision in (Referral.Decision.STFC, Referral.Decision.CRT):
        admitted_on = admitted_on or today
        check_plausible(admitted_on, "admitted_on", born=locked.date_of_birth)
        if admitted_on < timezone.localtime(referral.received_at).date():
            raise ValidationError(
                _("The admission date cannot be before the referral was received.")
            )
        _check_admission_age(locked, admitted_on)
        locked.status = Status.ACTIVE
        locked.track = decision
        locked.admitted_on = admitted_on
        _clear_waitlist(locked)
    elif decision == Referral.Decision.WAITLIST:
        locked.waitlist_priority = _check_priority(priority)
        locked.status = Status.WAITLISTED
        locked.track = Track.STFC
        locked.waitlisted_at = now
    else:
        locked.status = Status.DISCHARGED
        locked.discharged_on = today
        locked.discharge_reason = Youth.DischargeReason.DECLINED
        _clear_waitlist(locked)
    label = Referral.Decision(decision).label
    referral.decision = decision
    referral.not_placed_reason = not_placed_reason
    referral.decision_note = note
    referral.decided_by = by
    referral.decided_at = now
    referral.screening_done_at = now
    referral.full_clean()
    save_audited(referral, by=by, reason=f"Screening decision: {label}")
    locked.full_clean()
    save_audited(locked, by=by, reason=f"Screening decision: {label}")
    _record_event(
        locked,
        by=by,
        from_status=Status.SCREENING,
        reason=f"Screening decision: {label}" + (f". {note}" if note else ""),
        at=now,
        joined_waitlist=locked.status == Status.WAITLISTED,
    )
    _refresh_caller_copy(youth, locked)
    return locked


@transaction.atomic
def youth_admit_from_waitlist(*, youth, by, admitted_on) -> Youth:
    """A youth waiting for an STFC home becomes ACTIVE on STFC (called when placed in a home).

    Waiting means WAITLISTED, or ACTIVE on CRT with a waitlist entry (see youth_track_change).
    A youth already admitted to CRT keeps the original admission date; the move is an event.
    """
    locked = _locked(youth)
    if not locked.on_stfc_waitlist:
        raise ValidationError(
            _(
                "Cannot admit from the waitlist: %(record)s is not on the STFC waitlist (status "
                "%(status)s)."
            )
            % {
                "record": locked.record_number,
                "status": label_in_sentence(locked.get_status_display()),
            }
        )
    check_plausible(admitted_on, "admitted_on", born=locked.date_of_birth)
    if locked.waitlisted_at and admitted_on < timezone.localtime(locked.waitlisted_at).date():
        raise ValidationError(_("The admission date cannot be before the youth was waitlisted."))
    from_status, from_track = locked.status, locked.track
    if locked.admitted_on is None:
        _check_admission_age(locked, admitted_on)
        locked.admitted_on = admitted_on
    locked.status = Status.ACTIVE
    locked.track = Track.STFC
    _clear_waitlist(locked)
    locked.full_clean()
    save_audited(locked, by=by, reason="Admitted to STFC from the waitlist")
    _record_event(
        locked,
        by=by,
        from_status=from_status,
        from_track=from_track,
        reason=f"Admitted to STFC from the waitlist on {admitted_on:%Y-%m-%d}",
    )
    _refresh_caller_copy(youth, locked)
    return locked


@transaction.atomic
def youth_track_change(*, youth, by, track, reason, priority=3) -> Youth:
    """Move a youth between CHANCE STFC and the Community Response Team (reason required).

    - ACTIVE STFC → CRT: the youth stays ACTIVE on CRT (ending any STFC placement is a
      placements step).
    - ACTIVE CRT → STFC: an STFC admission needs a home, which this app cannot know about, so
      the youth joins the STFC waitlist with ``priority`` but stays ACTIVE on CRT until placed:
      a child keeps CRT services (and on-call and monitoring coverage) while waiting, instead of
      dropping out of "active" over paperwork. Placing the youth calls youth_admit_from_waitlist.
    - A CRT youth already waiting for STFC → CRT again: leaves the waitlist.
    - WAITLISTED (for STFC) → CRT: admitted to CRT today and leaves the waitlist.
    Any other status: the track is decided at screening, so the change is refused.
    """
    if track not in Track.values:
        raise ValidationError(
            _("Unknown track %(track)r; choose CHANCE STFC or CRT.") % {"track": track}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the youth changes track."))
    locked = _locked(youth)
    _require_status(locked, [Status.ACTIVE, Status.WAITLISTED], "change track")
    from_status, from_track = locked.status, locked.track
    was_waiting = locked.on_stfc_waitlist
    label = Track(track).label
    if track == Track.CRT and locked.on_stfc_waitlist and from_status == Status.ACTIVE:
        _clear_waitlist(locked)
        note = "Left the STFC waitlist; stays on CRT"
    elif track == locked.track and not (track == Track.STFC and from_status == Status.WAITLISTED):
        raise ValidationError(
            _("%(record)s is already on %(track)s.")
            % {"record": locked.record_number, "track": label}
        )
    elif track == Track.CRT and from_status == Status.WAITLISTED:
        today = timezone.localdate()
        _check_admission_age(locked, today)
        locked.status = Status.ACTIVE
        locked.track = Track.CRT
        locked.admitted_on = locked.admitted_on or today
        _clear_waitlist(locked)
        note = "Admitted to CRT from the STFC waitlist"
    elif track == Track.CRT:
        locked.track = Track.CRT
        note = "Moved from STFC to CRT"
    elif from_status == Status.WAITLISTED:
        raise ValidationError(
            _("%(record)s is already waiting for an STFC home.") % {"record": locked.record_number}
        )
    else:
        if locked.on_stfc_waitlist:
            raise ValidationError(
                _("%(record)s is already waiting for an STFC home.")
                % {"record": locked.record_number}
            )
        locked.waitlist_priority = _check_priority(priority)
        locked.waitlisted_at = timezone.now()
        note = "Waitlisted for an STFC home; stays active on CRT until placed"
    locked.full_clean()
    save_audited(locked, by=by, reason=f"Track change: {note}")
    _record_event(
        locked,
        by=by,
        from_status=from_status,
        from_track=from_track,
        reason=f"{note}. {reason}",
        joined_waitlist=locked.on_stfc_waitlist and not was_waiting,
    )
    _refresh_caller_copy(youth, locked)
    return locked


@transaction.atomic
def youth_discharge(*, youth, by, discharged_on, reason, note="") -> Youth:
    """ACTIVE or WAITLISTED → DISCHARGED on a date not in the future and not before admission.

    Nothing stays open: the discharge steps other apps register (``cases.discharge``) run first,
    in this transaction (placements end on the discharge date, so the home is free and its
    support staff stop seeing the youth; an open missing episode refuses the discharge), then
    the team roles that do no discharge paperwork (home support staff, survivor mentor) end and
    the youth's due reminders are resolved. Any step's refusal undoes the whole discharge.

    "Declined" is a screening decision, not a discharge reason. The clinicians, care coordinator
    and supervisor on the team keep their access so the discharge paperwork (signing notes, the
    discharge summary) can be finished; end those assignments on the team page.
    """
    if reason not in Youth.DischargeReason.values or reason == Youth.DischargeReason.DECLINED:
        raise ValidationError(
            _("Choose a discharge reason from the list (not %(reason)r).") % {"reason": reason}
        )
    locked = _locked(youth)
    _require_status(locked, [Status.ACTIVE, Status.WAITLISTED], "discharge")
    check_plausible(discharged_on, "discharged_on", born=locked.date_of_birth)
    if locked.admitted_on and discharged_on < locked.admitted_on:
        raise ValidationError(
            _("The discharge date cannot be before admission (%(day)s).")
            % {"day": day(locked.admitted_on)}
        )
    label = str(Youth.DischargeReason(reason).label)
    context = DischargeContext(youth=locked, by=by, discharged_on=discharged_on, reason_label=label)
    run_discharge_steps(context)
    from_status = locked.status
    locked.status = Status.DISCHARGED
    locked.discharged_on = discharged_on
    locked.discharge_reason = reason
    _clear_waitlist(locked)
    locked.full_clean()
    save_audited(locked, by=by, reason=f"Discharged: {label}")
    _record_event(
        locked,
        by=by,
        from_status=from_status,
        from_track=locked.track,
        reason=f"Discharged: {label}"
        + (f". {note}" if note else "")
        + (f". {'; '.join(context.closed)}." if context.closed else ""),
    )
    _refresh_caller_copy(youth, locked)
    locked.closed_at_discharge = context.closed  # for the page that says what was ended
    return locked


# Team roles whose work is the youth's daily life, not the record: they end at discharge.
ENDED_AT_DISCHARGE = (CaseAssignment.Role.SUPPORT_STAFF, CaseAssignment.Role.MENTOR)


def _end_daily_life_roles(context: DischargeContext):
    """Home support staff and survivor mentors on the team leave it on the discharge day (they
    write none of the discharge paperwork); clinicians, care coordinator and supervisor stay."""
    ended = 0
    for assignment in CaseAssignment.objects.filter(
        youth=context.youth, ended_on__isnull=True, role__in=ENDED_AT_DISCHARGE
    ):
        case_assignment_end(
            assignment=assignment,
            by=context.by,
            ended_on=max(context.discharged_on, assignment.started_on),
            reason=context.reason,
        )
        ended += 1
    if ended:
        context.closed.append(
            ngettext(
                "%(n)d home support or mentor role on the team ended",
                "%(n)d home support and mentor roles on the team ended",
                ended,
            )
            % {"n": ended}
        )


def _resolve_reminders(context: DischargeContext):
    """Nobody is told about work due for a discharged youth. The sweep does not bring them
    back: every rule about a youth's work reads only youths who are not discharged."""
    resolved = reminders_resolve_for_youth(youth_id=context.youth.pk)
    if resolved:
        context.closed.append(
            ngettext("%(n)d due reminder resolved", "%(n)d due reminders resolved", resolved)
            % {"n": resolved}
        )


def register_discharge_steps():
    """The steps this app owns (``CasesConfig.ready``): the team, then the reminders last."""
    register_discharge_step("cases.team", _end_daily_life_roles, order=60)
    register_discharge_step("cases.reminders", _resolve_reminders, order=90)


# --- Identity, contacts and safety alerts ----------------------------------------------------

# Fields that only lifecycle actions may change.
LIFECYCLE_FIELDS = {
    "record_number",
    "status",
    "track",
    "waitlist_priority",
    "waitlisted_at",
    "admitted_on",
    "discharged_on",
    "discharge_reason",
}
YOUTH_M2M = {"exploitation_types", "recruitment_pathways", "vulnerability_factors"}


@transaction.atomic
def youth_update(*, youth, by, changes: dict, reason="Record updated") -> Youth:
    """Change identity and CSEC-profile fields; status, track and dates move only by lifecycle."""
    forbidden = LIFECYCLE_FIELDS.intersection(changes)
    if forbidden:
        raise ValidationError(
            _("%(fields)s change only through the lifecycle steps.")
            % {"fields": ", ".join(sorted(forbidden))}
        )
    locked = _locked(youth)
    m2m = {k: v for k, v in changes.items() if k in YOUTH_M2M}
    for field, value in changes.items():
        if field not in YOUTH_M2M:
            setattr(locked, field, value)
    locked.full_clean()
    save_audited(locked, by=by, reason=reason)
    for field, value in m2m.items():
        getattr(locked, field).set(value)
    _refresh_caller_copy(youth, locked)
    return locked


CONTACT_FIELDS = {"kind", "name", "organization", "phone", "email", "notes", "active"}


@transaction.atomic
def contact_create(*, youth, by, kind, name, organization="", phone="", email="", notes=""):
    """Add a person or agency who works with or for the youth."""
    contact = Contact(
        youth=youth,
        kind=kind,
        name=name,
        organization=organization,
        phone=phone,
        email=email,
        notes=notes,
    )
    contact.full_clean()
    return save_audited(contact, by=by, reason="Contact added")


@transaction.atomic
def contact_update(*, contact, by, changes: dict, reason="Contact updated"):
    unknown = set(changes) - CONTACT_FIELDS
    if unknown:
        raise ValidationError(
            _("Cannot change %(fields)s on a contact.") % {"fields": ", ".join(sorted(unknown))}
        )
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    for field, value in changes.items():
        setattr(contact, field, value)
    contact.full_clean()
    return save_audited(contact, by=by, reason=reason)


ALERT_FIELDS = {"kind", "summary", "details", "person_name"}


def _check_alert(alert):
    if alert.kind == SafetyAlert.Kind.NO_CONTACT and not alert.person_name.strip():
        raise ValidationError(
            {"person_name": _("Name the person (or street name) the youth must not contact.")}
        )


@transaction.atomic
def safety_alert_create(*, youth, by, kind, summary, details="", person_name=""):
    """Raise an alert that shows on the banner of every page about the youth."""
    alert = SafetyAlert(
        youth=youth,
        kind=kind,
        summary=summary,
        details=details,
        person_name=person_name,
        created_by=by,
    )
    alert.full_clean(exclude=["created_by"])
    _check_alert(alert)
    return save_audited(alert, by=by, reason="Safety alert raised")


@transaction.atomic
def safety_alert_update(*, alert, by, changes: dict, reason="Safety alert updated"):
    unknown = set(changes) - ALERT_FIELDS
    if unknown:
        raise ValidationError(
            _("Cannot change %(fields)s on an alert.") % {"fields": ", ".join(sorted(unknown))}
        )
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if not alert.active:
        raise ValidationError(_("This alert is resolved; raise a new one instead."))
    for field, value in changes.items():
        setattr(alert, field, value)
    alert.full_clean(exclude=["created_by"])
    _check_alert(alert)
    return save_audited(alert, by=by, reason=reason)


@transaction.atomic
def safety_alert_resolve(*, alert, by, reason):
    """Take an alert off the banner; the reason is kept in its history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the alert no longer applies."))
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if not alert.active:
        raise ValidationError(_("This alert is already resolved."))
    alert.active = False
    alert.resolved_at = timezone.now()
    return save_audited(alert, by=by, reason=f"Resolved: {reason}")


# --- Documents -----------------------------------------------------------------------------


def document_add(*, access, by, kind, date, description, content, content_type):
    """Add a document to the youth's file: the user must be allowed to add one of this kind
    (``cases.documents``). The bytes are stored encrypted under a random name."""
    from .documents import kinds_added

    if kind not in kinds_added(access):
        raise ValidationError(_("You may not add a document of this kind."))
    document = YouthDocument(
        youth=access.youth,
        kind=kind,
        date=date,
        description=description,
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
    )
    document.full_clean(exclude=["stored_name", "uploaded_by"])
    stamp(document, by=by, reason="Document added")
    return documents.save_with_file(document, content)


def document_new_version(*, access, previous, by, content, content_type):
    """A new version of a document: a new row of the same series with the next number; the
    earlier versions stay as they are (the database refuses two rows with one number)."""
    from .documents import kinds_added

    if previous.youth_id != access.youth.pk or previous.kind not in kinds_added(access):
        raise ValidationError(_("You may not add a document of this kind."))
    document = YouthDocument(
        youth=access.youth,
        series=previous.series,
        version=documents.next_version(YouthDocument, previous.series),
        kind=previous.kind,
        date=previous.date,
        description=previous.description,
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
    )
    stamp(document, by=by, reason="New version of a document")
    try:
        return documents.save_with_file(document, content)
    except IntegrityError as exc:  # another version got this number a moment earlier
        raise ValidationError(_("Another version was added just now; send yours again.")) from exc


# --- Court hearings ------------------------------------------------------------------------

# A hearing is set weeks or months ahead, never years: a date further out is a typo.
HEARING_HORIZON_DAYS = 2 * 366
HEARING_FIELDS = {"kind", "held_at", "court", "judge", "outcome", "next_hearing_on"}


def _check_hearing_dates(youth, held_at, next_hearing_on):
    """A hearing may be past or scheduled, but not before the youth was born or the program
    started, not years ahead, and the next hearing comes after this one."""
    check_plausible(held_at, "held_at", born=youth.date_of_birth, past=False)
    horizon = timezone.localdate() + timedelta(days=HEARING_HORIZON_DAYS)
    if timezone.localtime(held_at).date() > horizon:
        raise ValidationError({"held_at": _("This is more than two years ahead; check the year.")})
    if next_hearing_on is None:
        return
    check_plausible(next_hearing_on, "next_hearing_on", born=youth.date_of_birth, past=False)
    if next_hearing_on <= timezone.localtime(held_at).date():
        raise ValidationError(
            {"next_hearing_on": _("The next hearing comes after this hearing's date.")}
        )
    if next_hearing_on > horizon + timedelta(days=HEARING_HORIZON_DAYS):
        raise ValidationError(
            {"next_hearing_on": _("This is more than two years ahead; check the year.")}
        )


@transaction.atomic
def court_hearing_save(
    *,
    youth,
    by,
    kind,
    held_at,
    court,
    judge="",
    outcome="",
    next_hearing_on=None,
    hearing: CourtHearing | None = None,
) -> CourtHearing:
    """Record a hearing of the youth's court case (``hearing`` None) or correct one; every
    version is kept in its history with who changed it."""
    _check_hearing_dates(youth, held_at, next_hearing_on)
    if hearing is None:
        hearing = CourtHearing(youth=youth, recorded_by=by)
        reason = "Court hearing recorded"
    else:
        hearing = CourtHearing.objects.select_for_update().get(pk=hearing.pk, youth=youth)
        reason = "Court hearing updated"
    hearing.kind = kind
    hearing.held_at = held_at
    hearing.court = court
    hearing.judge = judge
    hearing.outcome = outcome
    hearing.next_hearing_on = next_hearing_on
    hearing.full_clean()
    return save_audited(hearing, by=by, reason=reason)
