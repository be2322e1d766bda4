"""Reminder rules about referrals, and the team look-ups other apps' rules reuse."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chance.reminders.registry import Rule, register, reminder_setting

from .models import CaseAssignment, Referral
from .permissions import PART2_GLOBAL


def team_member(youth_ref: str, role: str):
    """Subquery: the user id holding an open ``role`` on the team of the youth at ``youth_ref``."""
    return Subquery(
        CaseAssignment.objects.filter(
            youth_id=OuterRef(youth_ref), role=role, ended_on__isnull=True
        )
        .order_by("started_on", "id")
        .values("user_id")[:1]
    )


def part2_reader(youth_ref="youth_id", prefer_ref=None):
    """Subquery: a clinician on the open team of the youth at ``youth_ref`` who holds the
    role-wide Part 2 permission (``permissions.PART2_GLOBAL``, given to the user or a group),
    so may read and renew Part 2 records; the user at ``prefer_ref`` first, when they still
    are one. None when no one on the team is."""
    app_label, codename = PART2_GLOBAL.split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    holders = get_user_model().objects.filter(
        Q(user_permissions__in=perm) | Q(groups__permissions__in=perm), is_active=True
    )
    readers = CaseAssignment.objects.filter(
        youth_id=OuterRef(youth_ref),
        ended_on__isnull=True,
        role__in=[CaseAssignment.Role.PRIMARY_CLINICIAN, CaseAssignment.Role.CLINICIAN],
        user_id__in=holders.values("pk"),
    ).values("user_id")
    first = Subquery(readers.order_by("started_on", "id")[:1])
    if prefer_ref is None:
        return first
    # Two look-ups, not one ordered by "is it them": SQLite cannot order a subquery by a
    # column of the outer query.
    preferred = Subquery(readers.filter(user_id=OuterRef(prefer_ref))[:1])
    return Coalesce(preferred, first, output_field=IntegerField())


def primary_clinician(youth_ref="youth_id"):
    return team_member(youth_ref, CaseAssignment.Role.PRIMARY_CLINICIAN)


def team_supervisor(youth_ref="youth_id"):
    """Who is told on escalation: a supervisor assigned to the team in their own right, else
    the primary clinician's supervisor (``User.supervisor``, read at sweep time)."""
    of_primary = Subquery(
        CaseAssignment.objects.filter(
            youth_id=OuterRef(youth_ref),
            role=CaseAssignment.Role.PRIMARY_CLINICIAN,
            ended_on__isnull=True,
        )
        .order_by("started_on", "id")
        .values("user__supervisor_id")[:1]
    )
    return Coalesce(
        team_member(youth_ref, CaseAssignment.Role.SUPERVISOR),
        of_primary,
        output_field=IntegerField(),
    )


def youth_url(youth_id, target_id):
    return reverse("cases:detail", args=[youth_id])


def _open_screenings(now):
    return Referral.objects.filter(
        screening_done_at__isnull=True, decided_at__isnull=True
    ).annotate(
        reminder_due_at=F("screening_due_at"),
        reminder_youth_id=F("youth_id"),
        reminder_record_number=F("youth__record_number"),
        reminder_recipient_id=F("received_by_id"),
        reminder_supervisor_id=F("received_by__supervisor_id"),
    )


SCREENING = register(
    Rule(
        name="cases.screening",
        label=_("CSEC screening"),
        source="Fla. Admin. Code 65C-43.001 (screening within 24 hours)",
        open_work=_open_screenings,
        url=youth_url,
        # The 24-hour clock is short: tell the coordinator at once, and the supervisor a day late.
        due_soon=timedelta(hours=reminder_setting("SCREENING_HOURS")),
        escalate_after=timedelta(hours=24),
    )
)
