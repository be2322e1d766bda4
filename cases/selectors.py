"""Reads about youths that already apply permissions. Every youth view goes through youth_for."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from chance.audit.access import note_access, note_denied
from chance.audit.models import AccessLog

from .models import BreakGlassGrant, SafetyAlert, Youth, YouthUserObjectPermission

GLOBAL_IDENTITY_PERMS = {"view_youth", "change_youth"}


def object_perms(user, youth) -> set[str]:
    """The youth-level permissions the user holds through case-team grants."""
    return set(
        YouthUserObjectPermission.objects.filter(user=user, content_object=youth).values_list(
            "permission__codename", flat=True
        )
    )


def active_break_glass(user, youth):
    return (
        BreakGlassGrant.objects.filter(user=user, youth=youth, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def youth_perms(user, youth) -> set[str]:
    """Everything the user may do to this youth, from role-wide and team-level grants."""
    perms = object_perms(user, youth)
    if user.has_perm("cases.view_all_youths"):
        perms.add("view_youth")
        if user.has_perm("cases.change_youth"):
            perms.add("change_youth")
    return perms


def youth_for(request, pk, *, perm="view_youth") -> Youth:
    """The youth with this id if the user may ``perm`` it, else 404 (existence is not confirmed).

    Records the access (or the refusal) in the access log. A live break-the-glass grant opens
    viewing of identity and clinical records, never changes.
    """
    user = request.user
    youth = Youth.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if youth is None:
        raise Http404("No such youth")
    perms = youth_perms(user, youth)
    if perm in perms:
        request.youth_perms = perms
        note_access(request, youth.pk)
        return youth
    if perm in ("view_youth", "view_clinical"):
        grant = active_break_glass(user, youth)
        if grant is not None:
            request.youth_perms = perms | {"view_youth", "view_clinical"}
            note_access(
                request,
                youth.pk,
                action=AccessLog.Action.VIEWED,
                reason=f"Break-the-glass until {grant.expires_at:%Y-%m-%d %H:%M}",
            )
            return youth
    note_denied(request, youth.pk)
    raise Http404("No such youth")


def visible_youths(user, perm="view_youth"):
    """Youths the user may ``perm``, as a queryset (one query; no per-row checks)."""
    if perm in GLOBAL_IDENTITY_PERMS and user.has_perm("cases.view_all_youths"):
        return Youth.objects.all()
    return get_objects_for_user(
        user, f"cases.{perm}", klass=Youth, accept_global_perms=False, with_superuser=False
    )


def active_alerts_prefetch():
    return Prefetch(
        "safety_alerts",
        queryset=SafetyAlert.objects.filter(active=True).order_by("kind"),
        to_attr="active_alerts",
    )
