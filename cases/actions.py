"""Writes about youths, referrals and case teams. Each enforces a rule and records who and why."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chance.history import save_audited

from .models import (
    CaseAssignment,
    LifecycleEvent,
    Referral,
    Sequence,
    Youth,
    YouthUserObjectPermission,
)
from .permissions import PART2_GLOBAL, TEAM_ROLE_PERMISSIONS

SCREENING_WINDOW = timedelta(hours=24)


def _next_record_number() -> str:
    seq, _ = Sequence.objects.select_for_update().get_or_create(name="youth")
    seq.value += 1
    seq.save(update_fields=["value"])
    return f"CH-{seq.value:05d}"


def _record_event(youth, *, by, from_status="", from_track="", reason="", at=None):
    return LifecycleEvent.objects.create(
        youth=youth,
        at=at or timezone.now(),
        by=by,
        from_status=from_status,
        to_status=youth.status,
        from_track=from_track,
        to_track=youth.track,
        reason=reason,
    )


@transaction.atomic
def referral_receive(
    *, by, source, received_at, youth=None, youth_fields=None, source_agency="", reason=""
) -> Referral:
    """Take a referral: a new youth record, or re-entry of a discharged youth on the same record.

    The screening is due 24 hours after the referral was received (Fla. Admin. Code 65C-43.001).
    """
    if youth is None:
        youth = Youth(**(youth_fields or {}))
        youth.record_number = _next_record_number()
        youth.status = Youth.Status.REFERRED
        youth.full_clean()
        save_audited(youth, by=by, reason="Referral received")
        from_status = ""
    else:
        youth = Youth.objects.select_for_update().get(pk=youth.pk)
        if youth.status != Youth.Status.DISCHARGED:
            raise ValidationError(
                f"{youth.record_number} already has an open episode "
                f"({youth.get_status_display().lower()}); a new referral is only for re-entry "
                "after discharge."
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
        screening_due_at=received_at + SCREENING_WINDOW,
        received_by=by,
    )
    referral.full_clean()
    save_audited(referral, by=by, reason="Referral received")
    _record_event(youth, by=by, from_status=from_status, reason="Referral received")
    return referral


def _sync_object_permissions(youth, user):
    """Grant exactly what the user's open assignments on this youth allow; revoke the rest."""
    roles = CaseAssignment.objects.filter(
        youth=youth, user=user, ended_on__isnull=True
    ).values_list("role", flat=True)
    wanted = {codename for role in roles for codename in TEAM_ROLE_PERMISSIONS[role]}
    if wanted and user.has_perm(PART2_GLOBAL) and "view_clinical" in wanted:
        wanted.add("view_part2")
    current = YouthUserObjectPermission.objects.filter(user=user, content_object=youth)
    current.exclude(permission__codename__in=wanted).delete()
    have = set(current.values_list("permission__codename", flat=True))
    missing = wanted - have
    if missing:
        perms = Permission.objects.filter(content_type__app_label="cases", codename__in=missing)
        YouthUserObjectPermission.objects.bulk_create(
            YouthUserObjectPermission(user=user, content_object=youth, permission=p) for p in perms
        )


@transaction.atomic
def case_assignment_create(*, youth, user, role, by, started_on=None) -> CaseAssignment:
    """Put a staff member on the youth's case team and grant the access that role carries.

    A clinician's supervisor joins the team as supervisor, so supervision is visible and audited.
    """
    if not user.is_active:
        raise ValidationError("Only active staff can join a case team.")
    if CaseAssignment.objects.filter(
        youth=youth, user=user, role=role, ended_on__isnull=True
    ).exists():
        raise ValidationError(f"{user} is already on this team as {role.label.lower()}.")
    if (
        role == CaseAssignment.Role.PRIMARY_CLINICIAN
        and CaseAssignment.objects.filter(youth=youth, role=role, ended_on__isnull=True).exists()
    ):
        raise ValidationError(
            "This youth already has a primary clinician; end that assignment first."
        )
    assignment = CaseAssignment(
        youth=youth,
        user=user,
        role=role,
        started_on=started_on or timezone.localdate(),
        assigned_by=by,
    )
    save_audited(assignment, by=by, reason=f"Assigned as {role.label}")
    _sync_object_permissions(youth, user)
    clinical = role in (CaseAssignment.Role.PRIMARY_CLINICIAN, CaseAssignment.Role.CLINICIAN)
    supervisor = user.supervisor
    if (
        clinical
        and supervisor is not None
        and supervisor.is_active
        and not CaseAssignment.objects.filter(
            youth=youth, user=supervisor, role=CaseAssignment.Role.SUPERVISOR, ended_on__isnull=True
        ).exists()
    ):
        case_assignment_create(
            youth=youth, user=supervisor, role=CaseAssignment.Role.SUPERVISOR, by=by
        )
    return assignment


@transaction.atomic
def case_assignment_end(*, assignment, by, ended_on=None, reason="") -> CaseAssignment:
    """Take a staff member off the team; their access ends in the same transaction."""
    assignment = CaseAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_on is not None:
        raise ValidationError("This assignment has already ended.")
    ended_on = ended_on or timezone.localdate()
    if ended_on < assignment.started_on:
        raise ValidationError("An assignment cannot end before it started.")
    assignment.ended_on = ended_on
    save_audited(assignment, by=by, reason=reason or "Assignment ended")
    _sync_object_permissions(assignment.youth, assignment.user)
    return assignment
