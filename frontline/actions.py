"""Writing what the people around the youth record. Every action takes the access the view was
given (``chance.access.YouthAccess``) and checks again what it needs, so a caller that skipped
the view's check still cannot write for a youth the person may not reach."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chance.access import Need, holds
from chance.dates import check_plausible
from chance.history import save_audited
from placements.actions import missing_episode_open
from placements.models import Placement

from .models import Appointment, HomeNote, HomeVisit, Incident, MentoringSession
from .notice import notify_incident_on_commit


def _refuse_unless(user, youth, need):
    if not holds(user, youth.pk, need):
        raise ValidationError(_("You cannot write for this youth."))


def _current_placement(youth):
    placement = Placement.objects.filter(youth=youth, ended_on__isnull=True).first()
    if placement is None:
        raise ValidationError(_("This youth is not placed in a home now."))
    return placement


def _clean(obj):
    obj.full_clean(exclude=["youth", "placement", "written_by", "reported_by", "created_by"])


@transaction.atomic
def home_note_write(*, youth, by, day, text) -> HomeNote:
    """A foster caregiver's note of the day, for the youth placed in their home now."""
    _refuse_unless(by, youth, Need.HOME_CARE)
    check_plausible(day, "day", born=youth.date_of_birth)
    note = HomeNote(
        youth=youth, placement=_current_placement(youth), day=day, text=text, written_by=by
    )
    _clean(note)
    return save_audited(note, by=by, reason="Daily note written")


@transaction.atomic
def incident_report(*, youth, by, kind, occurred_at, description, open_missing=False) -> Incident:
    """Report an incident at home. The primary clinician and the on-call clinician in shift are
    told once it is committed. A runaway attempt with ``open_missing`` (the youth is gone now)
    opens the missing episode in the same transaction, which starts the 24-hour clock and tells
    everyone the missing notice names; either both are saved or neither is."""
    _refuse_unless(by, youth, Need.HOME_CARE)
    check_plausible(occurred_at, "occurred_at", born=youth.date_of_birth)
    if open_missing and kind != Incident.Kind.RUNAWAY:
        raise ValidationError(
            {"open_missing": _("Only a runaway attempt opens a missing episode.")}
        )
    incident = Incident(
        youth=youth,
        placement=_current_placement(youth),
        kind=kind,
        occurred_at=occurred_at,
        description=description,
        reported_by=by,
    )
    _clean(incident)
    # Registered before the missing episode's own notice, so that one (the 24-hour clock) is
    # the newest in everyone's list; both go out only if the transaction commits.
    notify_incident_on_commit(incident)
    if open_missing:
        _refuse_unless(by, youth, Need.REPORT_MISSING)
        incident.missing_episode = missing_episode_open(
            youth=youth,
            by=by,
            last_seen_at=occurred_at,
            placement=incident.placement,
            circumstances=description,
        )
    save_audited(incident, by=by, reason="Incident reported")
    return incident


@transaction.atomic
def mentoring_session_log(*, youth, by, held_on, minutes, activity, notes="") -> MentoringSession:
    """A survivor mentor's session with a youth they mentor now."""
    _refuse_unless(by, youth, Need.MENTORING)
    check_plausible(held_on, "held_on", born=youth.date_of_birth)
    session = MentoringSession(
        youth=youth, mentor=by, held_on=held_on, minutes=minutes, activity=activity, notes=notes
    )
    session.full_clean(exclude=["youth", "mentor"])
    return save_audited(session, by=by, reason="Mentoring session logged")


@transaction.atomic
def home_visit_log(*, youth, by, visited_at, notes) -> HomeVisit:
    """Home support staff's visit to the home the youth lives in now (one they support)."""
    _refuse_unless(by, youth, Need.VISIT_HOME)
    check_plausible(visited_at, "visited_at", born=youth.date_of_birth)
    visit = HomeVisit(
        youth=youth,
        home_id=_current_placement(youth).home_id,
        visited_at=visited_at,
        notes=notes,
        visited_by=by,
    )
    if visit.home_id is None:
        raise ValidationError(_("This youth is not placed in a foster home now."))
    visit.full_clean(exclude=["youth", "home", "visited_by"])
    return save_audited(visit, by=by, reason="Home visit logged")


def may_schedule(access) -> bool:
    """Who tells the home about appointments: the youth's clinicians and those who edit the
    record (the care coordinator)."""
    return access.allows_any(Need.WRITE_CLINICAL, Need.EDIT)


@transaction.atomic
def appointment_add(*, access, by, kind, starts_at, place="", note="") -> Appointment:
    if not may_schedule(access):
        raise ValidationError(_("You cannot schedule appointments for this youth."))
    youth = access.youth
    check_plausible(starts_at, "starts_at", past=False, born=youth.date_of_birth)
    appointment = Appointment(
        youth=youth, kind=kind, starts_at=starts_at, place=place, note=note, created_by=by
    )
    appointment.full_clean(exclude=["youth", "created_by"])
    return save_audited(appointment, by=by, reason="Appointment scheduled")
