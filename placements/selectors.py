"""Reads about homes, placements and missing episodes that already apply permissions.

Who sees a home's address (DESIGN.md): coordinators and supervisors (all homes), the team of the
youth living there now, and the home's own support staff. Everyone else sees the code only.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from cases.models import CaseAssignment, Youth
from cases.selectors import object_perms, youth_for, youth_perms
from chance.audit.access import note_access, note_denied

from .models import AlarmEvent, Caregiver, Home, MissingEpisode, Placement, SupportAssignment

ALL_HOMES = "placements.view_all_homes"


def open_placement_prefetch():
    return Prefetch(
        "placements",
        queryset=Placement.objects.filter(ended_on__isnull=True).select_related("youth"),
        to_attr="open_placements",
    )


def current_placement(home):
    """The open placement in ``home`` (uses the ``open_placements`` prefetch when present)."""
    if hasattr(home, "open_placements"):
        return home.open_placements[0] if home.open_placements else None
    return home.placements.filter(ended_on__isnull=True).select_related("youth").first()


def supports_home(user, home) -> bool:
    return SupportAssignment.objects.filter(home=home, user=user, ended_on__isnull=True).exists()


def can_see_home_address(user, home) -> bool:
    """Coordinators and supervisors; the current youth's team; the home's support staff."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(ALL_HOMES):
        return True
    if supports_home(user, home):
        return True
    return CaseAssignment.objects.filter(
        user=user,
        ended_on__isnull=True,
        youth__placements__home=home,
        youth__placements__ended_on__isnull=True,
    ).exists()


def visible_homes(user):
    """Homes the user may see (as codes): all for coordinators and supervisors; otherwise the
    homes they support and the current homes of youths on their team."""
    if user.has_perm(ALL_HOMES):
        return Home.objects.all()
    if not user.has_perm("placements.view_home"):
        return Home.objects.none()
    team_youths = CaseAssignment.objects.filter(user=user, ended_on__isnull=True).values("youth_id")
    return Home.objects.filter(
        Q(support_assignments__user=user, support_assignments__ended_on__isnull=True)
        | Q(placements__ended_on__isnull=True, placements__youth_id__in=team_youths)
    ).distinct()


def home_for(request, pk) -> Home:
    home = visible_homes(request.user).filter(pk=pk).first() if str(pk).isdigit() else None
    if home is None:
        raise Http404("No such home")
    return home


def homes_for_board():
    """Every home with what its readiness needs, in a constant number of queries. The current
    youth comes with only what the board shows of them (record number and first name), and the
    encrypted phones and addresses, which it never shows, stay in the database undecrypted."""
    return (
        Home.objects.exclude(status=Home.Status.CLOSED)
        .defer("address", "phone")
        .prefetch_related(
            Prefetch(
                "caregivers",
                queryset=Caregiver.objects.filter(active=True)
                .defer("phone")
                .prefetch_related("training"),
            ),
            Prefetch(
                "placements",
                queryset=Placement.objects.filter(ended_on__isnull=True)
                .select_related("youth")
                .only(*BOARD_PLACEMENT_FIELDS),
                to_attr="open_placements",
            ),
        )
    )


BOARD_PLACEMENT_FIELDS = (
    "id",
    "home_id",
    "youth_id",
    "started_on",
    "youth__id",
    "youth__record_number",
    "youth__preferred_name",
    "youth__legal_first_name",
)
BOARD_WAITLIST_FIELDS = (
    "id",
    "record_number",
    "preferred_name",
    "legal_first_name",
    "waitlist_priority",
    "waitlisted_at",
)


def waitlist_top(limit) -> tuple[list, int]:
    """The ``limit`` most urgent on the waitlist (only the fields the board shows) and how
    many are waiting in all: the board shows the top, the waitlist page shows everyone."""
    top = list(waitlist().only(*BOARD_WAITLIST_FIELDS)[:limit])
    total = len(top) if len(top) < limit else waitlist().count()
    return top, total


def waitlist():
    """Youths waiting for an STFC home, most urgent first (WAITLISTED, or active on CRT with a
    waitlist entry: ``Youth.on_stfc_waitlist``)."""
    return Youth.objects.filter(waitlisted_at__isnull=False).order_by(
        "waitlist_priority", "waitlisted_at", "id"
    )


def placeable_youths():
    """Youths a coordinator may place in an STFC home: the waitlist and active STFC youths
    not already in one."""
    in_home = Placement.objects.filter(
        youth=OuterRef("pk"), ended_on__isnull=True, setting=Placement.Setting.STFC
    )
    return (
        Youth.objects.filter(
            Q(
                waitlisted_at__isnull=False,
                status__in=[Youth.Status.WAITLISTED, Youth.Status.ACTIVE],
            )
            | Q(status=Youth.Status.ACTIVE, track=Youth.Track.STFC)
        )
        .exclude(Exists(in_home))
        .order_by("waitlist_priority", "waitlisted_at", "record_number")
    )


def youth_placements(youth):
    return list(
        Placement.objects.filter(youth=youth).select_related("home").order_by("-started_on", "-id")
    )


def youth_missing_episodes(youth):
    return list(
        MissingEpisode.objects.filter(youth=youth)
        .select_related("placement")
        .order_by("-last_seen_at", "-id")
    )


def can_open_missing_episode(user, youth) -> bool:
    """Coordinators (any youth), on-call clinicians (any active youth), support staff (youths
    living in a home they support)."""
    if not user.has_perm("placements.add_missingepisode"):
        return False
    if user.has_perm("cases.view_all_youths"):
        return True
    if youth.status != Youth.Status.ACTIVE:
        return False
    if user.has_perm("placements.open_missing_any_active"):
        return True
    return SupportAssignment.objects.filter(
        user=user,
        ended_on__isnull=True,
        home__placements__youth=youth,
        home__placements__ended_on__isnull=True,
    ).exists()


def can_update_missing_episode(user, youth) -> bool:
    """Those who may open one, and the youth's team members who may change the record."""
    return can_open_missing_episode(user, youth) or "change_youth" in object_perms(user, youth)


def youth_for_missing_report(request, pk) -> Youth:
    """The youth if the user may open a missing episode for them, else 404 (and logged)."""
    youth = Youth.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if youth is None:
        raise Http404("No such youth")
    if can_open_missing_episode(request.user, youth):
        note_access(request, youth.pk)
        return youth
    note_denied(request, youth.pk)
    raise Http404("No such youth")


def episode_for(request, pk) -> MissingEpisode:
    """The episode if the user may see its youth or report on it (404 otherwise; logged).

    On-call clinicians and home support staff may follow a missing youth's reports without
    being on the team: they see the episode page only, with no tabs into the record."""
    episode = (
        MissingEpisode.objects.filter(pk=pk).select_related("placement__home", "youth").first()
        if str(pk).isdigit()
        else None
    )
    if episode is None:
        raise Http404("No such episode")
    user, youth = request.user, episode.youth
    if "view_youth" not in youth_perms(user, youth) and can_open_missing_episode(user, youth):
        note_access(request, youth.pk, reason="Missing-youth report")
        request.youth_perms = set()
    else:
        episode.youth = youth_for(request, youth.pk)
    return episode


def open_missing_episodes():
    return MissingEpisode.objects.filter(returned_at__isnull=True).select_related("youth")


def alarm_events_for(home, limit=20):
    return list(AlarmEvent.objects.filter(home=home).select_related("youth")[:limit])


def today():
    return timezone.localdate()
