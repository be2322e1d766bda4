"""What each role's home page shows: one selector per role, each a fixed number of queries.

A role's section answers its one question (DESIGN.md): clinician — what do I owe whom today?
coordinator — which homes can take a child, who is waiting, who is missing? supervisor — what is
late and what waits for me? on-call — am I on shift, and what needs a follow-up? admin — who has
which role, what is in the catalogues? support staff, mentor, caregiver — who is in my home or
in my care, and what do I need to keep them safe? Every list comes from a selector that already
applies permissions, so a youth the user may not see never appears here.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, Min, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    BreakGlassGrant,
    ExploitationType,
    RecruitmentPathway,
    SafetyAlert,
    VulnerabilityFactor,
    Youth,
)
from cases.selectors import caseload, stfc_waitlist, youths_without_primary_clinician
from cases.youth_state import youth_states
from chance.access import Need, visible_youths
from chance.accounts import roles
from chance.reminders.models import Reminder
from chance.reminders.selectors import next_due_by_youth, team_overdue
from frontline.selectors import caregiver_home, mentor_home
from placements.clock import report_clock
from placements.models import Home, Placement
from placements.selectors import board_filter, board_homes, open_missing_episodes, with_readiness
from services.models import Instrument, OnCallShift, ServiceType, TreatmentPlan
from services.selectors import (
    may_see_crisis_calls,
    monitoring_flags_for_supervisor,
    shift_now,
    visible_crisis_calls,
)

LATEST_ALERTS = 3
BREAK_GLASS_DAYS = 14
HOME_LIST_LIMIT = 50

# --- Clinician -----------------------------------------------------------------------------


def _active_alerts():
    return {
        "queryset": SafetyAlert.objects.filter(active=True).order_by("-created_at", "-id"),
        "to_attr": "home_alerts",
    }


def _alerts_newest_first():
    return Prefetch("safety_alerts", **_active_alerts())


def clinician_home(user):
    """The caseload, each youth with the earliest work the reminder rules find open for them
    now (so a youth admitted today shows her first assessment at once, before any sweep) and
    their newest active alerts and states such as missing (4 queries whatever the caseload)."""
    youths = list(caseload(user).prefetch_related(_alerts_newest_first()))
    next_due = next_due_by_youth([y.pk for y in youths])
    states = youth_states(y.pk for y in youths)
    rows = [
        {
            "youth": y,
            "next_due": next_due.get(y.pk),
            "overdue": y.pk in next_due and next_due[y.pk].overdue,
            "alerts": y.home_alerts[:LATEST_ALERTS],
            "more_alerts": max(0, len(y.home_alerts) - LATEST_ALERTS),
            "states": states.get(y.pk, []),
        }
        for y in youths
    ]
    # What is due first comes first; youths with nothing due keep the caseload's name order.
    rows.sort(key=lambda r: (r["next_due"] is None, r["next_due"].due_at if r["next_due"] else 0))
    return {"rows": rows}


# --- Coordinator ---------------------------------------------------------------------------


def coordinator_home(user):
    """Homes ready to take a child, homes blocked (with every reason), occupied homes, the STFC
    waitlist and open missing episodes with their 24-hour clocks."""
    today = timezone.localdate()
    now = timezone.now()
    ready, blocked = [], []
    for home, readiness in with_readiness(
        list(board_homes(user=user, occupancy="vacant")), on=today
    ):
        (ready if readiness.ready else blocked).append({"home": home, "readiness": readiness})
    occupied = board_filter(occupancy="occupied").count()
    waitlist = [
        {"youth": y, "days": (today - timezone.localtime(y.waitlisted_at).date()).days}
        for y in stfc_waitlist(user)[:HOME_LIST_LIMIT]
    ]
    episodes = [{"episode": e, "clock": report_clock(e, now)} for e in open_missing_episodes(user)]
    return {
        "ready": ready,
        "blocked": blocked,
        "occupied": occupied,
        "waitlist": waitlist,
        "waitlist_total": stfc_waitlist(user).count(),
        "missing": episodes,
        "no_primary": _without_primary_clinician(user),
    }


def _without_primary_clinician(user):
    """Active youths whose team the user may build and that have no primary clinician: at most
    ``HOME_LIST_LIMIT`` of them, in one query (one more row tells there are more)."""
    youths = list(youths_without_primary_clinician(user)[: HOME_LIST_LIMIT + 1])
    return {"youths": youths[:HOME_LIST_LIMIT], "more": len(youths) > HOME_LIST_LIMIT}


# --- Supervisor ----------------------------------------------------------------------------


def supervisor_home(user):
    """Supervised youths who are missing now, overdue work by supervisee, plans waiting for
    approval, open monitoring flags, and break-the-glass openings of supervised youths in the
    last two weeks."""
    supervised = visible_youths(user, Need.APPROVE)
    late = {
        row["recipient"]: row
        for row in Reminder.objects.filter(
            resolved_at__isnull=True,
            level=Reminder.Level.OVERDUE,
            recipient__supervisor=user,
        )
        .values("recipient")
        .annotate(n=Count("id"), oldest=Min("due_at"))
    }
    staff = get_user_model().objects.filter(supervisor=user, is_active=True)
    overdue_by_person = sorted(
        (
            {
                "person": person,
                "count": late.get(person.pk, {}).get("n", 0),
                "oldest": late.get(person.pk, {}).get("oldest"),
            }
            for person in staff
        ),
        key=lambda r: (-r["count"], str(r["person"])),
    )
    escalated = [
        r for r in team_overdue(user)[:HOME_LIST_LIMIT] if r.level == Reminder.Level.ESCALATED
    ]
    since = timezone.now() - timedelta(days=BREAK_GLASS_DAYS)
    return {
        "overdue_by_person": overdue_by_person,
        "escalated": escalated,
        "pending_plans": list(
            TreatmentPlan.objects.filter(status=TreatmentPlan.Status.PENDING, youth__in=supervised)
            .select_related("youth", "author")
            .order_by("submitted_at", "id")[:HOME_LIST_LIMIT]
        ),
        "flags": list(monitoring_flags_for_supervisor(user)[:HOME_LIST_LIMIT]),
        "break_glass": list(
            BreakGlassGrant.objects.filter(youth__in=supervised, granted_at__gte=since)
            .select_related("youth", "user")
            .order_by("-granted_at", "-id")[:HOME_LIST_LIMIT]
        ),
        "break_glass_days": BREAK_GLASS_DAYS,
        "no_primary": _without_primary_clinician(user),
        "missing": list(open_missing_episodes(user, Need.APPROVE)[:HOME_LIST_LIMIT]),
    }


# --- On-call -------------------------------------------------------------------------------


def oncall_home(user):
    """The shift covering now (or the next one), how many youths are active, and the crisis calls
    whose follow-up is still open (only while the user may see crisis calls)."""
    now = timezone.now()
    shift = shift_now(user, now)
    next_shift = None
    if shift is None:
        next_shift = (
            OnCallShift.objects.filter(user=user, starts_at__gt=now).order_by("starts_at").first()
        )
    calls = []
    if may_see_crisis_calls(user):
        calls = list(
            visible_crisis_calls(user)
            .filter(follow_up_needed=True, follow_up_done_at__isnull=True)
            .select_related("youth", "taken_by")
            .order_by("received_at", "id")[:HOME_LIST_LIMIT]
        )
    return {
        "shift": shift,
        "next_shift": next_shift,
        "active_youths": visible_youths(user, Need.SAFETY)
        .filter(status=Youth.Status.ACTIVE)
        .count()
        if shift
        else None,
        "calls": calls,
    }


# --- Home support staff --------------------------------------------------------------------


def support_home(user):
    """The homes the user supports now, each with the youth placed in it and that youth's active
    alerts and states (missing), so the safety essentials are one tap away. The youths come
    through the access policy (``Need.SAFETY``), like every other list (3 queries)."""
    homes = list(
        Home.objects.filter(support_assignments__user=user, support_assignments__ended_on=None)
        .order_by("code")
        .distinct()
    )
    placed = {
        p.home_id: p.youth
        for p in Placement.objects.filter(home__in=homes, ended_on__isnull=True)
        .filter(youth__in=visible_youths(user, Need.SAFETY))
        .select_related("youth")
        .prefetch_related(Prefetch("youth__safety_alerts", **_active_alerts()))
    }
    states = youth_states(y.pk for y in placed.values())
    return {
        "homes": [
            {
                "home": home,
                "youth": placed.get(home.pk),
                "states": states.get(placed[home.pk].pk, []) if home.pk in placed else [],
            }
            for home in homes
        ]
    }


# --- Program admin -------------------------------------------------------------------------


@dataclass
class Catalogue:
    label: str
    count: int
    admin_url: str = ""


def _admin_url(model):
    if not admin.site.is_registered(model):
        return ""
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def admin_home(user):
    """Users, roles and catalogues as counts and links into Django admin; no clinical content."""
    User = get_user_model()
    users = User.objects.aggregate(
        active=Count("id", filter=Q(is_active=True)),
        inactive=Count("id", filter=Q(is_active=False)),
    )
    role_counts = dict(
        Group.objects.filter(name__in=roles.ALL_ROLES)
        .annotate(n=Count("user", filter=Q(user__is_active=True)))
        .values_list("name", "n")
    )
    catalogues = [
        Catalogue(label, model.objects.filter(active=True).count(), _admin_url(model))
        for model, label in (
            (ServiceType, _("Service types")),
            (Instrument, _("Assessment instruments (active versions)")),
            (ExploitationType, _("Exploitation types")),
            (RecruitmentPathway, _("Recruitment pathways")),
            (VulnerabilityFactor, _("Vulnerability factors")),
        )
    ]
    return {
        "users": users,
        "users_url": _admin_url(User),
        "groups_url": _admin_url(Group),
        "roles": [(roles.LABELS[name], role_counts.get(name, 0)) for name in roles.ALL_ROLES],
        "catalogues": catalogues,
    }


# --- All of it -----------------------------------------------------------------------------

SECTIONS = (
    (roles.CLINICIAN, "clinician", clinician_home),
    (roles.COORDINATOR, "coordinator", coordinator_home),
    (roles.SUPERVISOR, "supervisor", supervisor_home),
    (roles.ONCALL, "oncall", oncall_home),
    (roles.SUPPORT, "support", support_home),
    (roles.MENTOR, "mentor", mentor_home),
    (roles.CAREGIVER, "caregiver", caregiver_home),
    (roles.ADMIN, "admin", admin_home),
)


def home_sections(user) -> dict:
    """Every section the user's roles call for, keyed by section name."""
    return {key: build(user) for role, key, build in SECTIONS if user.has_role(role)}
