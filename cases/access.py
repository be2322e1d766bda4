"""The grounds on which the cases app opens a youth's record (see ``chance.access``).

- The case team: the django-guardian rows ``case_assignment_create`` writes for the assignment's
  role (``permissions.TEAM_ROLE_PERMISSIONS``) and ``case_assignment_end`` removes.
- Supervision: a supervisor sees the youths whose open team includes someone they supervise,
  read through ``User.supervisor`` on every request, never copied into rows.
- The program role: coordinators see every youth's identity.
- Break-the-glass: a live ``BreakGlassGrant`` (its expiry is read at request time).

Part 2 (42 CFR Part 2) records ride with the team's and the supervisor's clinical access when the
user holds the role-wide ``cases.view_part2`` permission, read on every request.
"""

from functools import cache

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from chance.access import (
    EVERY_YOUTH,
    Ground,
    Need,
    RoleAction,
    clause,
    forget_compiled_queries,
    register_ground,
    register_role_action,
)
from chance.accounts import roles

from .models import BreakGlassGrant, CaseAssignment, Youth, YouthUserObjectPermission
from .permissions import PART2_GLOBAL, TEAM_ROLE_PERMISSIONS

Role = CaseAssignment.Role

# Team members who may see the address of the home the youth lives in now (after re-auth).
ADDRESS_ROLES = [r for r in Role if r != Role.MENTOR]


@cache
def _permission_ids() -> dict[str, int]:
    """The ids of the youth object permissions by codename, looked up once per process (they
    change only when the permissions table is rebuilt: ``clear_permission_ids`` on migrate)."""
    youth = ContentType.objects.get_for_model(Youth)
    return dict(Permission.objects.filter(content_type=youth).values_list("codename", "id"))


def clear_permission_ids(**kwargs):
    _permission_ids.cache_clear()
    forget_compiled_queries()


def _granted(user, codename):
    """Youth ids on which the user holds the team permission ``codename`` (guardian's direct
    table, on its (user, permission, object) index)."""
    return YouthUserObjectPermission.objects.filter(
        user_id=user.pk, permission_id=_permission_ids()[codename]
    ).values("content_object_id")


def _clinical_extras(user):
    """What rides with clinical access: the safety essentials, and Part 2 for its holders."""
    extras = [Need.SAFETY]
    if user.has_perm(PART2_GLOBAL):
        extras.append(Need.PART2)
    return extras


def team_clauses(user, now):
    codenames = {c for perms in TEAM_ROLE_PERMISSIONS.values() for c in perms}
    for codename in sorted(codenames):
        extras = _clinical_extras(user) if codename == Need.CLINICAL else []
        yield clause(_granted(user, codename), codename, *extras)
    address = CaseAssignment.objects.filter(
        user_id=user.pk, ended_on__isnull=True, role__in=ADDRESS_ROLES
    ).values("youth_id")
    yield clause(address, Need.ADDRESS)


def supervised_team_youths(user_id):
    """Youth ids whose open team includes someone ``user_id`` supervises (``User.supervisor``,
    read now; index-only on the open assignments by user)."""
    return CaseAssignment.objects.filter(ended_on__isnull=True, user__supervisor_id=user_id).values(
        "youth_id"
    )


def supervision_clauses(user, now):
    if not user.has_role(roles.SUPERVISOR):
        return
    yield clause(
        supervised_team_youths(user.pk),
        Need.IDENTITY,
        Need.CLINICAL,
        Need.APPROVE,
        Need.ADDRESS,
        *_clinical_extras(user),
    )


def program_role_clauses(user, now):
    if user.has_perm("cases.view_all_youths"):
        edit = [Need.EDIT] if user.has_perm("cases.change_youth") else []
        yield clause(EVERY_YOUTH, Need.IDENTITY, *edit)


def may_break_glass(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_role(roles.CLINICIAN, roles.ONCALL)


def break_glass_clauses(user, now):
    if not may_break_glass(user):
        return
    live = BreakGlassGrant.objects.filter(user_id=user.pk, expires_at__gt=now).values("youth_id")
    yield clause(live, Need.IDENTITY, Need.CLINICAL)


def register():
    register_ground(Ground("team", "Case team", team_clauses, order=10))
    register_ground(Ground("program", "Program role", program_role_clauses, order=20))
    register_ground(Ground("supervision", "Supervision", supervision_clauses, order=30))
    register_ground(Ground("break_glass", "Break-the-glass", break_glass_clauses, order=90))
    # Role-wide abilities, on the youths the user may see at all.
    register_role_action(RoleAction(Need.MANAGE_LIFECYCLE, "cases.manage_lifecycle"))
    register_role_action(RoleAction(Need.MANAGE_TEAM, "cases.add_caseassignment"))
    register_role_action(RoleAction(Need.REFER, "cases.add_referral"))
