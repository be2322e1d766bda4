"""Writes about homes, placements and missing episodes; each enforces a rule, records who and why.

Addresses and phones never appear in messages or logs; homes are named by their code.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import actions as case_actions
from cases.models import Youth
from chance import documents
from chance.accounts import roles
from chance.dates import check_plausible
from chance.history import save_audited, stamp

from . import selectors
from .missing_notice import notify_missing_on_commit
from .models import (
    AlarmEvent,
    Caregiver,
    Home,
    HomeDocument,
    MissingEpisode,
    Placement,
    SupportAssignment,
    TrainingRecord,
)
from .rules import home_readiness

PLACEABLE = {Youth.Status.WAITLISTED, Youth.Status.ACTIVE}


def _clean(obj, exclude=None):
    obj.full_clean(exclude=exclude, validate_constraints=False)


# Homes ----------------------------------------------------------------------------------------


@transaction.atomic
def home_save(*, home: Home, by, reason="") -> Home:
    """Create or change a home. A certified home needs its certification and license dates."""
    _clean(home)
    if home.status == Home.Status.CERTIFIED and not (home.certified_on and home.license_expires_on):
        raise ValidationError(
            _("A certified home needs its certification date and license expiry.")
        )
    creating = home.pk is None
    return save_audited(
        home, by=by, reason=reason or ("Home added" if creating else "Home changed")
    )


@transaction.atomic
def caregiver_save(*, caregiver: Caregiver, by, new_phone: str = "", reason="") -> Caregiver:
    """Add or change a caregiver; attesting 24/7 availability stamps today's date if none given.

    ``new_phone``: a number typed in, which replaces the one on file (empty keeps it; the edit
    form never shows the number). The history row's reason says the phone was replaced, never
    what it is (the trail shows the encrypted column as sealed)."""
    if caregiver.available_24_7 and caregiver.attested_on is None:
        caregiver.attested_on = timezone.localdate()
    creating = caregiver.pk is None
    if (
        caregiver.user is not None
        and not caregiver.user.groups.filter(name=roles.CAREGIVER).exists()
    ):
        raise ValidationError(
            {
                "user": _(
                    "This login does not hold the Foster caregiver role; give it the role first."
                )
            }
        )
    if new_phone:
        caregiver.phone = new_phone
    _clean(caregiver)
    if not reason:
        reason = "Caregiver added" if creating else "Caregiver changed"
        if new_phone and not creating:
            reason += "; phone number replaced"
    return save_audited(caregiver, by=by, reason=reason)


@transaction.atomic
def training_record_add(
    *, by, course, category, hours, completed_on, caregiver=None, staff=None, expires_on=None
) -> TrainingRecord:
    """Add a line to a caregiver's or a staff member's training ledger."""
    if (caregiver is None) == (staff is None):
        raise ValidationError(_("A training record belongs to one caregiver or one staff member."))
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("Training cannot be completed in the future.")})
    check_plausible(completed_on, "completed_on")
    record = TrainingRecord(
        caregiver=caregiver,
        staff=staff,
        course=course,
        category=category,
        hours=hours,
        completed_on=completed_on,
        expires_on=expires_on,
        recorded_by=by,
    )
    _clean(record)
    return save_audited(record, by=by, reason="Training recorded")


@transaction.atomic
def support_assignment_create(*, home, user, by, started_on=None) -> SupportAssignment:
    """Assign home support staff. They see the youth living in the home while the youth lives
    there (``placements.access``): nothing else is written."""
    if not user.is_active:
        raise ValidationError(_("Only active staff can support a home."))
    if SupportAssignment.objects.filter(home=home, user=user, ended_on__isnull=True).exists():
        raise ValidationError(
            _("%(user)s already supports %(home)s.") % {"user": user, "home": home.code}
        )
    check_plausible(started_on, "started_on")
    assignment = SupportAssignment(
        home=home, user=user, started_on=started_on or timezone.localdate(), assigned_by=by
    )
    save_audited(assignment, by=by, reason=f"Support staff for {home.code}")
    return assignment


@transaction.atomic
def support_assignment_end(*, assignment, by, ended_on=None, reason="") -> SupportAssignment:
    """End a support assignment: from then on the staff member no longer sees the home's
    address nor the youth living there (``placements.access``). The reason, if given, is
    kept in the assignment's history (the model has no column for it)."""
    assignment = SupportAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_on is not None:
        raise ValidationError(_("This support assignment has already ended."))
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("Support cannot end in the future.")})
    check_plausible(ended_on, "ended_on")
    if ended_on < assignment.started_on:
        raise ValidationError(
            {
                "ended_on": _("The support started on %(day)s.")
                % {"day": f"{assignment.started_on:%Y-%m-%d}"}
            }
        )
    assignment.ended_on = ended_on
    reason = reason.strip()
    save_audited(
        assignment,
        by=by,
        reason=f"Support assignment ended: {reason}" if reason else "Support assignment ended",
    )
    return assignment


@transaction.atomic
def alarm_event_record(
    *,
    home,
    kind,
    occurred_at,
    by,
    youth=None,
    test_passed=None,
    notes="",
    source="",
    external_id="",
) -> AlarmEvent:
    """Record an alarm event or test. A passed test moves the home's last-tested date.
    ``source`` and ``external_id`` name an event a machine sent (see :func:`alarm_event_receive`);
    the database takes each pair once."""
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_at": _("An alarm event cannot be in the future.")})
    check_plausible(occurred_at, "occurred_at", born=youth.date_of_birth if youth else None)
    if kind == AlarmEvent.Kind.TEST and test_passed is None:
        raise ValidationError({"test_passed": _("Say whether the test passed.")})
    event = AlarmEvent(
        home=home,
        kind=kind,
        occurred_at=occurred_at,
        youth=youth,
        test_passed=test_passed if kind == AlarmEvent.Kind.TEST else None,
        notes=notes,
        recorded_by=by,
        source=source,
        external_id=external_id,
    )
    _clean(event)
    save_audited(event, by=by, reason=f"Alarm {kind} recorded")
    if kind == AlarmEvent.Kind.TEST and test_passed:
        home = Home.objects.select_for_update().get(pk=home.pk)
        tested_on = timezone.localdate(occurred_at)
        if home.alarm_last_tested_on is None or tested_on > home.alarm_last_tested_on:
            home.alarm_last_tested_on = tested_on
            save_audited(home, by=by, reason="Alarm test passed")
    return event


@dataclass(frozen=True)
class AlarmDelivery:
    """What a delivery from an alarm company did: the event (new, or the one an earlier delivery
    of the same event id recorded) and the missing episode it opened, if any."""

    event: AlarmEvent
    created: bool

    @property
    def missing_episode_id(self):
        return self.event.missing_episode_id


def _delivered(source, external_id):
    return (
        AlarmEvent.objects.filter(source=source, external_id=external_id)
        .only("pk", "missing_episode_id", "youth_id")
        .first()
    )


def _opens_an_episode(kind, placement) -> bool:
    """An unauthorized exit opens an episode for the youth placed in the home, if she is in care
    and not already missing (then the event is recorded on its own: the episode is open)."""
    if kind != AlarmEvent.Kind.UNAUTHORIZED_EXIT or placement is None:
        return False
    youth = placement.youth
    return (
        youth.status == Youth.Status.ACTIVE
        and not MissingEpisode.objects.filter(youth=youth, returned_at__isnull=True).exists()
    )


def _open_from_delivery(event, by):
    try:
        with transaction.atomic():
            missing_episode_open_from_alarm(
                alarm_event=event,
                by=by,
                circumstances="Opened by the alarm company's unauthorized-exit event.",
            )
    except ValidationError:
        # Reported missing by someone else a moment ago: that episode stands, the event with it.
        if not MissingEpisode.objects.filter(
            youth=event.youth_id, returned_at__isnull=True
        ).exists():
            raise
    event.refresh_from_db(fields=["missing_episode"])


@transaction.atomic
def alarm_event_receive(
    *, source, external_id, home, kind, occurred_at, by, test_passed=None
) -> AlarmDelivery:
    """Record an event an alarm company sent, once per (``source``, ``external_id``): a repeated
    delivery returns the event the first recorded and changes nothing. An unauthorized exit while
    a youth is placed in the home opens her missing episode in the same transaction (whoever must
    act is told once it commits); at a vacant home the event is recorded alone. A passed test
    moves the home's alarm test date (:func:`alarm_event_record`).

    Two deliveries at the same moment: both miss the first look-up, the database's unique
    constraint makes the second insert wait for the first transaction and then fail; its
    savepoint rolls back (no second event, no second episode) and it returns the first's."""
    if not external_id:
        raise ValidationError({"external_id": _("The sender's event id is missing.")})
    earlier = _delivered(source, external_id)
    if earlier is not None:
        return AlarmDelivery(event=earlier, created=False)
    placement = (
        Placement.objects.filter(home=home, ended_on__isnull=True).select_related("youth").first()
    )
    try:
        with transaction.atomic():
            event = alarm_event_record(
                home=home,
                kind=kind,
                occurred_at=occurred_at,
                test_passed=test_passed,
                youth=placement.youth if placement else None,
                by=by,
                source=source,
                external_id=external_id,
            )
            if _opens_an_episode(kind, placement):
                _open_from_delivery(event, by)
    except IntegrityError:
        earlier = _delivered(source, external_id)
        if earlier is None:
            raise  # another rule of the database refused it: not a repeated delivery
        return AlarmDelivery(event=earlier, created=False)
    return AlarmDelivery(event=event, created=True)


# Placements -----------------------------------------------------------------------------------


def _waiting_for_stfc(youth) -> bool:
    return youth.waitlisted_at is not None


def _lock_youth(youth) -> Youth:
    """Lock order, everywhere a placement changes: the youth, then its placement, then the home
    (discharge takes the youth then its placements), so two writers never wait on each other."""
    return Youth.objects.select_for_update().get(pk=youth.pk)


def _check_date(youth, started_on, setting):
    """What the user typed first: the date. In the future, before the program started, before
    the youth was born or was waitlisted, or over an earlier placement is refused next to the
    date field, before the youth's status or the home's readiness is looked at."""
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("A placement cannot start in the future.")})
    check_plausible(started_on, "started_on", born=youth.date_of_birth)
    if setting == Placement.Setting.STFC and _waiting_for_stfc(youth):
        waitlisted_on = timezone.localtime(youth.waitlisted_at).date()
        if started_on < waitlisted_on:
            raise ValidationError(
                {
                    "started_on": _(
                        "The youth joined the STFC waitlist on %(day)s; the placement cannot "
                        "start before."
                    )
                    % {"day": f"{waitlisted_on:%Y-%m-%d}"}
                }
            )
    last_end = (
        Placement.objects.filter(youth=youth, ended_on__gt=started_on)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    if last_end is not None:
        raise ValidationError(
            {
                "started_on": _("Overlaps an earlier placement that ended on %(day)s.")
                % {"day": f"{last_end:%Y-%m-%d}"}
            }
        )


def _check_youth(youth, setting):
    """Waitlisted youths may live anywhere while they wait; an STFC home is for STFC youths
    (or for a youth on the STFC waitlist, whom the placement admits)."""
    if youth.status not in PLACEABLE:
        raise ValidationError(
            {
                "youth": _(
                    "%(record)s is %(status)s; only waitlisted or active youths can be placed."
                )
                % {"record": youth.record_number, "status": youth.get_status_display().lower()}
            }
        )
    if (
        setting == Placement.Setting.STFC
        and youth.track != Youth.Track.STFC
        and not _waiting_for_stfc(youth)
    ):
        raise ValidationError(
            {
                "youth": _(
                    "%(record)s is on the %(track)s track and not on the STFC waitlist; a CHANCE "
                    "STFC home is for STFC youths."
                )
                % {"record": youth.record_number, "track": youth.get_track_display()}
            }
        )
    current = Placement.objects.filter(youth=youth, ended_on__isnull=True).first()
    if current is not None:
        raise ValidationError(
            {
                "youth": _(
                    "%(record)s already has an open placement (%(current)s); end or move it."
                )
                % {
                    "record": youth.record_number,
                    "current": _("%(setting)s from %(day)s")
                    % {
                        "setting": current.get_setting_display(),
                        "day": f"{current.started_on:%Y-%m-%d}",
                    },
                }
            }
        )


def _check_home(home, on):
    """Refuse with every reason the home cannot take a child on ``on`` (checked last: the date
    it is judged on must be right first)."""
    if home.placements.filter(ended_on__isnull=True).exists():
        raise ValidationError(
            {
                "home": _("%(home)s already has a youth placed; the single-child rule allows one.")
                % {"home": home.code}
            }
        )
    caregivers = list(Caregiver.objects.filter(home=home, active=True).prefetch_related("training"))
    readiness = home_readiness(home, on=on, caregivers=caregivers)
    if not readiness.ready:
        raise ValidationError(
            {
                "home": [
                    _("%(home)s cannot take a child on %(day)s:")
                    % {"home": home.code, "day": f"{on:%Y-%m-%d}"}
                ]
                + readiness.blockers
            }
        )


def _start(*, youth, setting, home, provider, started_on, by, reason, skip_reason=""):
    """Checks in the order the user reads them: the date typed, the youth chosen, the home."""
    youth = _lock_youth(youth)
    _check_date(youth, started_on, setting)
    _check_youth(youth, setting)
    if setting == Placement.Setting.STFC and home is None:
        raise ValidationError({"home": _("Choose the STFC home.")})
    if home is not None:
        # Serialise every start in this home: the second coordinator waits here, then sees the
        # first placement and gets the clear refusal instead of an IntegrityError.
        home = Home.objects.select_for_update().get(pk=home.pk)
        _check_home(home, started_on)
    if setting == Placement.Setting.STFC and _waiting_for_stfc(youth):
        case_actions.youth_admit_from_waitlist(youth=youth, by=by, admitted_on=started_on)
        youth.refresh_from_db()
    placement = Placement(
        youth=youth,
        setting=setting,
        home=home,
        provider=provider,
        started_on=started_on,
        assigned_by=by,
        waitlist_skip_reason=skip_reason,
    )
    _clean(placement)
    try:
        with transaction.atomic():
            save_audited(placement, by=by, reason=reason or "Placement started")
    except IntegrityError:
        # Only reachable if a writer bypassed the lock; the database kept the rule.
        raise ValidationError(
            _("Another placement was recorded at the same time; reload and retry.")
        )
    return placement


def _end(*, placement, ended_on, by, reason):
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.ended_on is not None:
        raise ValidationError(_("This placement has already ended."))
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("A placement cannot end in the future.")})
    check_plausible(ended_on, "ended_on", born=placement.youth.date_of_birth)
    if ended_on < placement.started_on:
        raise ValidationError(
            {
                "ended_on": _("The placement started on %(day)s.")
                % {"day": f"{placement.started_on:%Y-%m-%d}"}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the placement ends.")})
    placement.ended_on = ended_on
    placement.end_reason = reason
    placement.ended_by = by
    save_audited(placement, by=by, reason=f"Placement ended: {reason}")
    return placement


@transaction.atomic
def placement_start(
    *, youth, setting, by, started_on=None, home=None, provider="", reason=""
) -> Placement:
    """Place a youth. Refused unless the youth is waitlisted or active and has no open placement;
    an STFC placement also needs an STFC youth and a home that is free, certified with a current
    license, alarm-tested within 30 days, with every caregiver STFC-ready and attesting 24/7
    availability, and no other foster child. Placing a waitlisted youth admits them. The home's
    support staff see the youth while the placement is open (``placements.access``)."""
    return _start(
        youth=youth,
        setting=setting,
        home=home,
        provider=provider,
        started_on=started_on or timezone.localdate(),
        by=by,
        reason=reason,
    )


@transaction.atomic
def placement_end(*, placement, by, reason, ended_on=None) -> Placement:
    """End a placement with the reason; the home's support staff stop seeing the youth."""
    _lock_youth(placement.youth)
    return _end(
        placement=placement, ended_on=ended_on or timezone.localdate(), by=by, reason=reason
    )


def _check_move_date(placement, on):
    """The move's date is the "Move on" field (``started_on``): refuse it there, before the
    current placement is touched or the next home looked at."""
    if on > timezone.localdate():
        raise ValidationError({"started_on": _("A placement cannot start in the future.")})
    check_plausible(on, "started_on", born=placement.youth.date_of_birth)
    if on < placement.started_on:
        raise ValidationError(
            {
                "started_on": _("The current placement started on %(day)s; move on or after it.")
                % {"day": f"{placement.started_on:%Y-%m-%d}"}
            }
        )


@transaction.atomic
def placement_move(
    *, placement, setting, by, reason, on=None, home=None, provider="", skip_reason=""
) -> Placement:
    """End the current placement and start the next one on the same day, all or nothing."""
    on = on or timezone.localdate()
    _lock_youth(placement.youth)
    _check_move_date(placement, on)
    old = _end(placement=placement, ended_on=on, by=by, reason=reason)
    return _start(
        youth=old.youth,
        setting=setting,
        home=home,
        provider=provider,
        started_on=on,
        by=by,
        reason=f"Moved: {reason}",
        skip_reason=skip_reason,
    )


def waitlist_top_for(user):
    """Who is at the top of the STFC waitlist among the youths ``user`` may see (priority, then
    waiting since): the youth a board placement takes unless a reason is given."""
    return selectors.waitlist(user).first()


def _skip_reason(*, youth, by, skip_reason):
    """Placing anyone but the top of the waitlist needs a reason (kept on the placement and in
    its history); placing the top youth, or anyone when nobody waits, needs none."""
    top = waitlist_top_for(by)
    if top is None or top.pk == youth.pk:
        return "", ""
    skip_reason = (skip_reason or "").strip()
    waiting_days = (timezone.localdate() - timezone.localtime(top.waitlisted_at).date()).days
    if not skip_reason:
        raise ValidationError(
            {
                "skip_reason": _(
                    "%(top)s is first on the waitlist (priority %(priority)s, waiting %(days)s "
                    "days): say why this youth is placed instead."
                )
                % {
                    "top": top.record_number,
                    "priority": top.waitlist_priority,
                    "days": waiting_days,
                }
            }
        )
    note = _(
        "chosen ahead of the top of the waitlist (priority %(priority)s, waiting %(days)s days): "
        "%(reason)s"
    ) % {"priority": top.waitlist_priority, "days": waiting_days, "reason": skip_reason}
    return skip_reason, note


@transaction.atomic
def placement_place_in_home(*, youth, home, by, started_on=None, skip_reason="") -> Placement:
    """The board's "place": into an STFC home, moving the youth from where they live now.

    The waitlist decides who goes first: choosing anyone but its top youth (among those ``by``
    may see) needs ``skip_reason``, kept on the placement (``waitlist_skip_reason``) and in the
    history's reason. The date is checked before the youth, the youth before the home."""
    started_on = started_on or timezone.localdate()
    youth = _lock_youth(youth)
    current = Placement.objects.filter(youth=youth, ended_on__isnull=True).first()
    if current is not None and current.home_id == home.pk:
        raise ValidationError(
            {
                "youth": _("%(record)s already lives in %(home)s.")
                % {"record": youth.record_number, "home": home.code}
            }
        )
    if current is not None:
        _check_move_date(current, started_on)
    else:
        _check_date(youth, started_on, Placement.Setting.STFC)
    skip_reason, note = _skip_reason(youth=youth, by=by, skip_reason=skip_reason)
    placed = f"Placed in STFC home {home.code}" + (f", {note}" if note else "")
    if current is None:
        return _start(
            youth=youth,
            setting=Placement.Setting.STFC,
            home=home,
            provider="",
            started_on=started_on,
            by=by,
            reason=placed,
            skip_reason=skip_reason,
        )
    return placement_move(
        placement=current,
        setting=Placement.Setting.STFC,
        home=home,
        on=started_on,
        by=by,
        reason=placed,
        skip_reason=skip_reason,
    )


# Discharge (run by cases.actions.youth_discharge, registered in PlacementsConfig.ready) -------


def discharge_refused_while_missing(context):
    """A youth missing from care is not discharged: the episode keeps the law-enforcement and
    NCMEC reports and the on-call team's attention alive, and closing it would record a return
    that did not happen. Record the return on the episode first."""
    episode = (
        MissingEpisode.objects.filter(youth=context.youth, returned_at__isnull=True)
        .order_by("last_seen_at")
        .first()
    )
    if episode is not None:
        raise ValidationError(
            _(
                "%(record)s is missing since %(since)s (missing episode %(episode)s is open): "
                "record the return on the episode before discharging."
            )
            % {
                "record": context.youth.record_number,
                "since": f"{timezone.localtime(episode.last_seen_at):%Y-%m-%d %H:%M}",
                "episode": episode.pk,
            }
        )


def discharge_ends_placements(context):
    """End every open placement of the youth on the discharge date, with the reason
    "Discharged: <reason>", so the home is free and its support staff stop seeing the youth."""
    for placement in Placement.objects.select_for_update().filter(
        youth=context.youth, ended_on__isnull=True
    ):
        if placement.started_on > context.discharged_on:
            where = placement.home.code if placement.home_id else placement.get_setting_display()
            raise ValidationError(
                {
                    "discharged_on": _(
                        "The current placement (%(where)s) started on %(day)s, after this "
                        "discharge date; discharge on or after it."
                    )
                    % {"where": where, "day": f"{placement.started_on:%Y-%m-%d}"}
                }
            )
        _end(
            placement=placement,
            ended_on=context.discharged_on,
            by=context.by,
            reason=context.reason,
        )
        if placement.home_id:
            context.closed.append(
                _("The placement in home %(code)s ended; the home is free")
                % {"code": placement.home.code}
            )
        else:
            context.closed.append(
                _("The placement (%(setting)s) ended")
                % {"setting": placement.get_setting_display()}
            )


# Missing episodes -----------------------------------------------------------------------------


@transaction.atomic
def missing_episode_open(
    *, youth, by, last_seen_at, placement=None, alarm_event=None, circumstances=""
) -> MissingEpisode:
    """Open a missing (runaway) episode. Law enforcement and NCMEC reports fall due 24 h after
    ``last_seen_at`` (P.L. 113-183). One open episode per youth; an alarm event links to it.
    Once committed, the primary clinician, the supervisor and the on-call clinicians in shift
    are told (``missing_notice``)."""
    youth = Youth.objects.select_for_update().get(pk=youth.pk)
    now = timezone.now()
    if last_seen_at > now:
        raise ValidationError({"last_seen_at": _("Last seen cannot be in the future.")})
    check_plausible(last_seen_at, "last_seen_at", born=youth.date_of_birth)
    if youth.status != Youth.Status.ACTIVE:
        raise ValidationError(
            _("%(record)s is %(status)s; missing episodes are recorded for youths in care.")
            % {"record": youth.record_number, "status": youth.get_status_display().lower()}
        )
    open_episode = MissingEpisode.objects.filter(youth=youth, returned_at__isnull=True).first()
    if open_episode is not None:
        raise ValidationError(
            _(
                "%(record)s already has an open missing episode (last seen %(when)s); record "
                "the return first."
            )
            % {
                "record": youth.record_number,
                "when": f"{timezone.localtime(open_episode.last_seen_at):%Y-%m-%d %H:%M}",
            }
        )
    if placement is None:
        placement = Placement.objects.filter(youth=youth, ended_on__isnull=True).first()
    elif placement.youth_id != youth.pk:
        raise ValidationError(_("That placement belongs to another youth."))
    episode = MissingEpisode(
        youth=youth,
        placement=placement,
        last_seen_at=last_seen_at,
        circumstances=circumstances,
        opened_at=now,
        opened_by=by,
    )
    _clean(episode)
    save_audited(episode, by=by, reason="Missing episode opened")
    if alarm_event is not None:
        alarm_event = AlarmEvent.objects.select_for_update().get(pk=alarm_event.pk)
        if alarm_event.missing_episode_id is not None:
            raise ValidationError(_("That alarm event already belongs to a missing episode."))
        alarm_event.missing_episode = episode
        if alarm_event.youth_id is None:
            alarm_event.youth = youth
        save_audited(alarm_event, by=by, reason="Linked to a missing episode")
    notify_missing_on_commit(episode)
    return episode


@transaction.atomic
def missing_episode_open_from_alarm(*, alarm_event, by, circumstances="") -> MissingEpisode:
    """One step from an unauthorized-exit alarm to an open episode for the youth in that home."""
    if alarm_event.kind != AlarmEvent.Kind.UNAUTHORIZED_EXIT:
        raise ValidationError(_("Only an unauthorized-exit alarm opens a missing episode."))
    placement = Placement.objects.filter(home=alarm_event.home_id, ended_on__isnull=True).first()
    youth = alarm_event.youth or (placement.youth if placement else None)
    if youth is None:
        raise ValidationError(
            _("No youth is placed in %(home)s; open the episode from the youth's page.")
            % {"home": alarm_event.home.code}
        )
    if placement is not None and placement.youth_id != youth.pk:
        placement = None
    return missing_episode_open(
        youth=youth,
        by=by,
        last_seen_at=alarm_event.occurred_at,
        placement=placement,
        alarm_event=alarm_event,
        circumstances=circumstances or "Opened from an unauthorized-exit alarm.",
    )


def _locked_episode(episode):
    return MissingEpisode.objects.select_for_update().get(pk=episode.pk)


def _plausible(episode, value, field):
    """Not in the future, not before the program, not before the youth was born."""
    check_plausible(value, field, born=episode.youth.date_of_birth)


@transaction.atomic
def missing_episode_report_law_enforcement(
    *, episode, by, reported_at, officer_name, officer_badge="", ncic_number="", agency=""
) -> MissingEpisode:
    """Record the report to law enforcement (officer, badge, NCIC number)."""
    episode = _locked_episode(episode)
    _plausible(episode, reported_at, "reported_at")
    if reported_at < episode.last_seen_at:
        raise ValidationError({"reported_at": _("The report cannot precede the last sighting.")})
    if not officer_name.strip():
        raise ValidationError({"officer_name": _("Name the officer who took the report.")})
    episode.law_enforcement_reported_at = reported_at
    episode.officer_name = officer_name
    episode.officer_badge = officer_badge
    episode.ncic_number = ncic_number
    episode.law_enforcement_agency = agency
    _clean(episode)
    return save_audited(episode, by=by, reason="Reported to law enforcement")


@transaction.atomic
def missing_episode_report_ncmec(*, episode, by, reported_at, case_number) -> MissingEpisode:
    """Record the report to the National Center for Missing & Exploited Children."""
    episode = _locked_episode(episode)
    _plausible(episode, reported_at, "reported_at")
    if reported_at < episode.last_seen_at:
        raise ValidationError({"reported_at": _("The report cannot precede the last sighting.")})
    if not case_number.strip():
        raise ValidationError({"case_number": _("Give the NCMEC case number.")})
    episode.ncmec_reported_at = reported_at
    episode.ncmec_case_number = case_number
    _clean(episode)
    return save_audited(episode, by=by, reason="Reported to NCMEC")


@transaction.atomic
def missing_episode_return(*, episode, by, returned_at, notes="") -> MissingEpisode:
    """Record that the youth is back; the debrief falls due (72 h by default)."""
    episode = _locked_episode(episode)
    if episode.returned_at is not None:
        raise ValidationError(_("The return is already recorded."))
    _plausible(episode, returned_at, "returned_at")
    if returned_at < episode.last_seen_at:
        raise ValidationError({"returned_at": _("The return cannot precede the last sighting.")})
    episode.returned_at = returned_at
    episode.return_notes = notes
    _clean(episode)
    return save_audited(episode, by=by, reason="Youth returned")


@transaction.atomic
def missing_episode_debrief(*, episode, by, debrief_at) -> MissingEpisode:
    """Record the return debrief."""
    episode = _locked_episode(episode)
    if episode.returned_at is None:
        raise ValidationError(_("Record the return before the debrief."))
    _plausible(episode, debrief_at, "debrief_at")
    if debrief_at < episode.returned_at:
        raise ValidationError({"debrief_at": _("The debrief cannot precede the return.")})
    episode.debrief_at = debrief_at
    episode.debrief_by = by
    _clean(episode)
    return save_audited(episode, by=by, reason="Return debrief held")


@transaction.atomic
def missing_episode_screening(*, episode, by, screened_at, result) -> MissingEpisode:
    """Record the CSEC screening after return (due 24 h after the debrief, 65C-43.001)."""
    episode = _locked_episode(episode)
    if episode.returned_at is None:
        raise ValidationError(_("Record the return before the screening."))
    _plausible(episode, screened_at, "screened_at")
    if screened_at < episode.returned_at:
        raise ValidationError({"screened_at": _("The screening cannot precede the return.")})
    if not result.strip():
        raise ValidationError({"result": _("Summarise the screening result.")})
    episode.screening_at = screened_at
    episode.screening_result = result
    _clean(episode)
    return save_audited(episode, by=by, reason="Screening after return")


# --- Home documents ------------------------------------------------------------------------


def home_document_add(
    *, home, by, kind, date, description, content, content_type, caregiver=None, expires_on=None
) -> HomeDocument:
    """File a document on ``home`` (on one of its caregivers when ``caregiver`` is given),
    stored encrypted under a random name."""
    if not selectors.may_add_home_documents(by, home):
        raise ValidationError(_("You may not add documents to this home."))
    if caregiver is not None and caregiver.home_id != home.pk:
        raise ValidationError({"caregiver": _("This caregiver is not one of this home's.")})
    document = HomeDocument(
        home=home,
        caregiver=caregiver,
        kind=kind,
        date=date,
        expires_on=expires_on,
        description=description,
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
    )
    if expires_on is not None and expires_on < date:
        raise ValidationError({"expires_on": _("It cannot expire before the date on it.")})
    document.full_clean(exclude=["stored_name", "uploaded_by"])
    stamp(document, by=by, reason="Home document added")
    return documents.save_with_file(document, content)


def home_document_new_version(
    *, previous, by, content, content_type, date=None, expires_on=None
) -> HomeDocument:
    """A new version (a renewed license, say): a new row of the series with the next number,
    the earlier versions kept; it keeps the earlier one's date and expiry unless given new ones."""
    if not selectors.may_add_home_documents(by, previous.home):
        raise ValidationError(_("You may not add documents to this home."))
    date = date or previous.date
    expires_on = expires_on or previous.expires_on
    if expires_on is not None and expires_on < date:
        raise ValidationError({"expires_on": _("It cannot expire before the date on it.")})
    document = HomeDocument(
        home=previous.home,
        caregiver=previous.caregiver,
        series=previous.series,
        version=documents.next_version(HomeDocument, previous.series),
        kind=previous.kind,
        date=date,
        expires_on=expires_on,
        description=previous.description,
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
    )
    stamp(document, by=by, reason="New version of a home document")
    try:
        return documents.save_with_file(document, content)
    except IntegrityError as exc:  # another version got this number a moment earlier
        raise ValidationError(_("Another version was added just now; send yours again.")) from exc
