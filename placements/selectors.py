"""Reads about homes, placements and missing episodes that already apply permissions.

Who sees a home's address (DESIGN.md): coordinators and supervisors (all homes), the team of the
youth living there now, and the home's own support staff. Everyone else sees the code only.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from cases.models import CaseAssignment, Youth
from cases.youth_state import YouthState
from chance.access import Need, access_for_request, visible_youths
from chance.accounts import roles
from chance.documents import grouped_by_series
from chance.links import url_around_pk, url_for_pk

from .models import (
    AlarmEvent,
    Caregiver,
    Home,
    HomeDocument,
    MissingEpisode,
    Placement,
    SupportAssignment,
    TrainingRecord,
    missing_since,
)
from .rules import home_readiness, staff_training_due

ALL_HOMES = "placements.view_all_homes"


def open_placement_prefetch():
    return Prefetch(
        "placements",
        queryset=Placement.objects.filter(ended_on__isnull=True).select_related("youth"),
        to_attr="open_placements",
    )


def current_placement(home):
    """The open placement in ``home``, with its youth (at most one: the single-child rule)."""
    return home.placements.filter(ended_on__isnull=True).select_related("youth").first()


def caregivers_of(home):
    """The caregivers of ``home`` as its pages show them: the phone left encrypted in the
    database (deferred), only whether one is on file (``phone_on_file``, read on the column: an
    empty phone is stored empty). The number is read only by ``placements.addresses``."""
    return (
        Caregiver.objects.filter(home=home)
        .defer("_phone")
        .annotate(phone_on_file=ExpressionWrapper(~Q(_phone=""), output_field=BooleanField()))
    )


def supports_home(user, home) -> bool:
    return SupportAssignment.objects.filter(home=home, user=user, ended_on__isnull=True).exists()


def can_see_home_address(user, home, *, access=None) -> bool:
    """Coordinators and supervisors; the home's support staff; whoever the access policy gives
    the address of the youth living there now (their team). ``access``: the policy's answer for
    that youth, when the caller already holds it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(ALL_HOMES):
        return True
    if supports_home(user, home):
        return True
    if access is not None:
        return access.allows(Need.ADDRESS)
    living_here = Placement.objects.filter(home=home, ended_on__isnull=True).values("youth_id")
    return visible_youths(user, Need.ADDRESS).filter(pk__in=living_here).exists()


def visible_homes(user):
    """Homes the user may see (as codes): all for coordinators and supervisors; otherwise the
    homes they support and the current homes of the youths they may see."""
    if user.has_perm(ALL_HOMES):
        return Home.objects.all()
    if not user.has_perm("placements.view_home"):
        return Home.objects.none()
    seen = visible_youths(user).values("pk")
    return Home.objects.filter(
        Q(support_assignments__user=user, support_assignments__ended_on__isnull=True)
        | Q(placements__ended_on__isnull=True, placements__youth_id__in=seen)
    ).distinct()


def home_for(request, pk) -> Home:
    home = visible_homes(request.user).filter(pk=pk).first() if str(pk).isdigit() else None
    if home is None:
        raise Http404("No such home")
    return home


# The board's filters: what a coordinator looking for a home for a child narrows by.
BOARD_OCCUPANCY = (
    ("", gettext_lazy("Vacant or occupied")),
    ("vacant", gettext_lazy("Vacant")),
    ("occupied", gettext_lazy("Occupied")),
)
BOARD_STATUSES = [(v, label) for v, label in Home.Status.choices if v != Home.Status.CLOSED]


def board_filter(*, occupancy="", status=""):
    """Open (not closed) homes, optionally only the vacant (or occupied) ones or those of one
    status: what the board counts, with nothing joined that would not change the count."""
    homes = Home.objects.exclude(status=Home.Status.CLOSED)
    if status:
        homes = homes.filter(status=status)
    if occupancy:
        open_here = Exists(Placement.objects.filter(home=OuterRef("pk"), ended_on__isnull=True))
        homes = homes.filter(open_here if occupancy == "occupied" else ~open_here)
    return homes


def board_homes(*, user, occupancy="", status=""):
    """``board_filter``'s homes by code, for the board to slice a page off.

    Each home carries its open placement (at most one: the single-child rule) joined in as
    ``placement_id`` and ``placed_on``; when ``user`` may see the youth placed there
    (``youth_visible``), also ``youth_pk``, ``youth_record_number`` and ``youth_first_name``
    (preferred, else legal first name: all the board shows of a youth). Otherwise those are
    empty: the board says "occupied" and names no one. ``youth_missing_since``: when the youth
    placed there has an open missing episode, its last sighting (shown, without a name, to
    everyone the board shows the home to: the home is empty tonight).
    Phones and addresses stay undecrypted in the database. Readiness needs the caregivers too:
    ``board_caregivers`` of the homes of a page."""
    return (
        board_filter(occupancy=occupancy, status=status)
        .alias(
            open_placement=FilteredRelation(
                "placements", condition=Q(placements__ended_on__isnull=True)
            )
        )
        .annotate(
            placement_id=F("open_placement__id"),
            placed_on=F("open_placement__started_on"),
            youth_visible=ExpressionWrapper(
                Q(open_placement__youth_id__in=visible_youths(user).values("pk")),
                output_field=BooleanField(),
            ),
            youth_pk=F("open_placement__youth_id"),
            youth_record_number=F("open_placement__youth__record_number"),
            youth_first_name=Coalesce(
                NullIf("open_placement__youth__preferred_name", Value("")),
                "open_placement__youth__legal_first_name",
            ),
            youth_missing_since=Subquery(
                MissingEpisode.objects.filter(
                    youth_id=OuterRef("youth_pk"), returned_at__isnull=True
                ).values("last_seen_at")[:1]
            ),
        )
        .defer("_address", "_phone", "license_number", "created_at")
        .order_by("code")
    )


class BoardTraining(NamedTuple):
    """One training record as the readiness rules read it: a plain row, not a model."""

    category: str
    hours: Decimal
    completed_on: date
    expires_on: date | None

    counts_on = TrainingRecord.counts_on


@dataclass(slots=True)
class BoardCaregiver:
    """An active caregiver as the readiness rules read them: a plain row, not a model."""

    first_name: str
    last_name: str
    available_24_7: bool
    training: list = field(default_factory=list)

    __str__ = Caregiver.__str__


def board_caregivers(home_ids) -> dict[int, list[BoardCaregiver]]:
    """The active caregivers of ``home_ids`` with their training, by home id, in one query of
    plain rows (no model instances: a page of the board has hundreds of training records)."""
    rows = (
        Caregiver.objects.filter(home_id__in=home_ids, active=True)
        .order_by("home_id", "last_name", "first_name", "id")
        .values_list(
            "home_id",
            "id",
            "first_name",
            "last_name",
            "available_24_7",
            "training__category",
            "training__hours",
            "training__completed_on",
            "training__expires_on",
        )
    )
    by_home: dict[int, list[BoardCaregiver]] = {}
    last_id, caregiver = None, None
    for home_id, pk, first, last, available, category, hours, completed, expires in rows:
        if pk != last_id:
            last_id, caregiver = pk, BoardCaregiver(first, last, available)
            by_home.setdefault(home_id, []).append(caregiver)
        if category is not None:
            caregiver.training.append(BoardTraining(category, hours, completed, expires))
    return by_home


def with_readiness(homes, *, on) -> list[tuple]:
    """(home, readiness on ``on``) for rows of ``board_homes``: one more query for all of them
    (their caregivers and training, ``board_caregivers``), the rules in Python."""
    caregivers = board_caregivers([home.pk for home in homes])
    return [
        (home, home_readiness(home, on=on, caregivers=caregivers.get(home.pk, [])))
        for home in homes
    ]


def waitlist_top(user, limit) -> tuple[list[dict], int]:
    """The ``limit`` most urgent on the waitlist, as plain rows of what the board shows (id,
    record number, first name, priority, waiting since), and how many are waiting in all, in
    one query: the board shows the top, the waitlist page shows everyone."""
    top = list(
        waitlist(user)
        .annotate(
            first_name=Coalesce(NullIf("preferred_name", Value("")), "legal_first_name"),
            waiting=Window(Count("id")),
        )
        .values(
            "id", "record_number", "first_name", "waitlist_priority", "waitlisted_at", "waiting"
        )[:limit]
    )
    return top, (top[0]["waiting"] if top else 0)


def waitlist(user):
    """Youths the user may see who wait for an STFC home, most urgent first (WAITLISTED, or
    active on CRT with a waitlist entry: ``Youth.on_stfc_waitlist``)."""
    return (
        visible_youths(user)
        .filter(waitlisted_at__isnull=False)
        .order_by("waitlist_priority", "waitlisted_at", "id")
    )


def placeable_youths(user):
    """Youths the user may place (change) in an STFC home: the waitlist and active STFC youths
    not already in one."""
    in_home = Placement.objects.filter(
        youth=OuterRef("pk"), ended_on__isnull=True, setting=Placement.Setting.STFC
    )
    return (
        visible_youths(user, Need.EDIT)
        .filter(
            Q(
                waitlisted_at__isnull=False,
                status__in=[Youth.Status.WAITLISTED, Youth.Status.ACTIVE],
            )
            | Q(status=Youth.Status.ACTIVE, track=Youth.Track.STFC)
        )
        .exclude(Exists(in_home))
        # The waitlist first, in its order; then active STFC youths not on it (no priority).
        .order_by(
            F("waitlist_priority").asc(nulls_last=True),
            F("waitlisted_at").asc(nulls_last=True),
            "record_number",
        )
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


def may_update_missing_episode(access) -> bool:
    """Those who may report the youth missing, and those who may change the youth's record."""
    return access.allows_any(Need.REPORT_MISSING, Need.EDIT)


def episode_for(request, pk):
    """(episode, access to its youth) if the user may see the youth (404 otherwise; logged)."""
    episode = (
        MissingEpisode.objects.filter(pk=pk).select_related("placement__home").first()
        if str(pk).isdigit()
        else None
    )
    if episode is None:
        raise Http404("No such episode")
    access = access_for_request(request, episode.youth_id)
    episode.youth = access.youth
    return episode, access


def open_missing_episodes(user, need=Need.IDENTITY):
    """Missing youths not yet back, of the youths the user holds ``need`` on (the supervisor's
    home page: those they supervise, ``Need.APPROVE``), longest missing first."""
    return (
        MissingEpisode.objects.filter(
            returned_at__isnull=True, youth__in=visible_youths(user, need).values("pk")
        )
        .select_related("youth")
        .order_by("last_seen_at", "id")
    )


def alarm_events_for(home, limit=20):
    return list(AlarmEvent.objects.filter(home=home).select_related("youth")[:limit])


def today():
    return timezone.localdate()


# Staff training (Fla. Admin. Code 65C-43.005) ---------------------------------------------------


def program_staff():
    """Active users holding one of the staff roles: whose training the ledger keeps (foster
    caregivers are trained on their home's ledger)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles.STAFF_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def staff_member_for(request, pk):
    """A member of the program staff by id, or 404 (callers check the permission first)."""
    member = program_staff().filter(pk=pk).first() if str(pk).isdigit() else None
    if member is None:
        raise Http404("No such staff member")
    return member


def first_case_dates(user_ids=None) -> dict[int, date]:
    """The day each staff member joined the earliest case team they are still on, by user id:
    when their initial training fell due (what the staff-training reminder counts from)."""
    assignments = CaseAssignment.objects.filter(ended_on__isnull=True)
    if user_ids is not None:
        assignments = assignments.filter(user_id__in=user_ids)
    return dict(
        assignments.order_by()
        .values("user_id")
        .annotate(first=Min("started_on"))
        .values_list("user_id", "first")
    )


@dataclass
class StaffTrainingDue:
    """What a staff member owes, in words a coordinator reads at a glance."""

    due_on: date | None
    first_case_on: date | None
    today: date

    @property
    def up_to_date(self) -> bool:
        return self.due_on is None

    @property
    def initial_owed(self) -> bool:
        # ``staff_training_due`` answers the first-case day (never after today) for the initial
        # hours and the end of the current quarter (always after today) for the refresher.
        return self.due_on is not None and self.due_on <= self.today

    @property
    def overdue(self) -> bool:
        return self.initial_owed and self.first_case_on is not None


def staff_training_due_for(records, *, first_case_on, on) -> StaffTrainingDue:
    """``rules.staff_training_due`` for one member; off every case team the initial hours are
    owed before their first case (counted as due today, never as overdue)."""
    due_on = staff_training_due(records, first_case_on=first_case_on or on, on=on)
    return StaffTrainingDue(due_on=due_on, first_case_on=first_case_on, today=on)


def staff_training_records(user_ids) -> dict[int, list[TrainingRecord]]:
    """The training records of these staff members, by user id, in one query."""
    records: dict[int, list[TrainingRecord]] = {}
    for record in TrainingRecord.objects.filter(staff_id__in=user_ids):
        records.setdefault(record.staff_id, []).append(record)
    return records


def staff_training_rows(members, *, on):
    """Each member with what they owe, in two queries however many they are."""
    ids = [m.pk for m in members]
    records = staff_training_records(ids)
    first = first_case_dates(ids)
    return [
        (
            member,
            staff_training_due_for(
                records.get(member.pk, []), first_case_on=first.get(member.pk), on=on
            ),
        )
        for member in members
    ]


def missing_states(youth_ids):
    """The "missing" state of those of ``youth_ids`` with an open episode, in one query: the
    provider ``cases.youth_state`` asks for the youth header and every table of youths."""
    rows = MissingEpisode.objects.filter(
        returned_at__isnull=True, youth_id__in=youth_ids
    ).values_list("youth_id", "last_seen_at")
    around = url_around_pk("placements:youth_missing")
    return {
        youth_id: [
            YouthState(
                key="missing",
                label=missing_since(last_seen_at),
                status=gettext("Missing"),
                url=url_for_pk(around, youth_id),
                action=gettext("Reports and return"),
            )
        ]
        for youth_id, last_seen_at in rows
    }


# --- Home documents ------------------------------------------------------------------------

# A home's license, its caregivers' screenings and certificates are for the people who keep the
# home: the coordinators and supervisors (every home) and its own support staff. A youth's team
# sees the address of the home the youth lives in, not the foster parents' papers.


def may_see_home_documents(user, home) -> bool:
    return user.has_perm(ALL_HOMES) or (
        user.has_perm("placements.view_home") and supports_home(user, home)
    )


def may_add_home_documents(user, home) -> bool:
    return user.has_perm("placements.change_home") and may_see_home_documents(user, home)


def home_documents(home):
    """The documents of ``home``, each series as its newest version with the earlier ones in
    ``older``. One query."""
    return grouped_by_series(
        HomeDocument.objects.filter(home=home)
        .select_related("uploaded_by", "caregiver")
        .order_by("-date", "series", "-version")
    )


def home_document(home, public_id):
    return HomeDocument.objects.filter(home=home, public_id=public_id).first()
