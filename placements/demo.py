"""Demo homes (one in each readiness state), caregivers with training ledgers, placements of
several kinds and a past missing episode. All fictional; built through the actions; idempotent
(a home that exists by code is left alone, a youth who has placements gets no new ones)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.models import Youth

from . import actions
from .models import AlarmEvent, Caregiver, Home, MissingEpisode, Placement, TrainingRecord

# code, status, days since certification, days of license left, days since alarm test,
# specialized hours before certification, continuing-education hours last year
DEMO_HOMES = [
    ("H-01", "certified", 200, 300, 3, 24, 0),  # ready; occupied below
    ("H-02", "certified", 150, 250, 5, 30, 0),  # ready and vacant
    ("H-03", "certified", 420, 200, 4, 24, 2),  # continuing education lapsed
    ("H-04", "certified", 380, -10, 6, 24, 9),  # license expired
    ("H-05", "certified", 90, 275, 45, 26, 0),  # alarm test overdue
    ("H-06", "on_hold", 300, 65, 10, 24, 0),  # on hold
]
CAREGIVER_NAMES = ["Robin Demo", "Morgan Sample", "Taylor Example", "Jordan Fictional"]


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _home(code, status, certified_ago, license_left, alarm_ago, initial, continuing, *, by, i):
    existing = Home.objects.filter(code=code).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    certified_on = today - datetime.timedelta(days=certified_ago)
    home = actions.home_save(
        home=Home(
            code=code,
            address=f"{100 + i} Imaginary Street, Fictional Town, FL 00000",
            phone=f"555-01{i:02d}",
            status=status,
            license_number=f"DEMO-{code}",
            certified_on=certified_on,
            license_expires_on=today + datetime.timedelta(days=license_left),
            alarm_installed=True,
        ),
        by=by,
    )
    actions.alarm_event_record(
        home=home,
        kind=AlarmEvent.Kind.TEST,
        test_passed=True,
        occurred_at=_noon(today - datetime.timedelta(days=alarm_ago)),
        by=by,
    )
    first, last = CAREGIVER_NAMES[i % len(CAREGIVER_NAMES)].split()
    caregiver = actions.caregiver_save(
        caregiver=Caregiver(
            home=home,
            first_name=first,
            last_name=last,
            phone=f"555-02{i:02d}",  # the caregiver's own line, for on-call (fictional range)
            available_24_7=True,
        ),
        by=by,
    )
    actions.training_record_add(
        caregiver=caregiver,
        course="CSEC specialized foster parent training",
        category=TrainingRecord.Category.SPECIALIZED,
        hours=Decimal(initial),
        completed_on=certified_on - datetime.timedelta(days=14),
        by=by,
    )
    if continuing:
        actions.training_record_add(
            caregiver=caregiver,
            course="Trauma-informed care refresher",
            category=TrainingRecord.Category.CONTINUING,
            hours=Decimal(continuing),
            completed_on=certified_on + datetime.timedelta(days=120),
            by=by,
        )
    home.refresh_from_db()
    return home


def _staff_training(user, *, by):
    if TrainingRecord.objects.filter(staff=user).exists():
        return
    today = timezone.localdate()
    actions.training_record_add(
        staff=user,
        course="Human trafficking: identification and response",
        category=TrainingRecord.Category.SPECIALIZED,
        hours=Decimal(6),
        completed_on=today - datetime.timedelta(days=200),
        by=by,
    )
    for months_ago in (1, 4):
        actions.training_record_add(
            staff=user,
            course="Quarterly CSEC refresher",
            category=TrainingRecord.Category.CONTINUING,
            hours=Decimal(1),
            completed_on=today - datetime.timedelta(days=30 * months_ago),
            by=by,
        )


def _youths(ctx):
    youths = dict(ctx.get("youths") or {})
    if youths:
        return youths
    active = list(Youth.objects.filter(status=Youth.Status.ACTIVE).order_by("id"))
    stfc = [y for y in active if y.track == Youth.Track.STFC]
    crt = [y for y in active if y.track == Youth.Track.CRT]
    for key, y in zip(["stfc_active", "stfc_active_2"], stfc, strict=False):
        youths[key] = y
    for key, y in zip(["crt_active", "crt_active_2"], crt, strict=False):
        youths[key] = y
    return youths


def seed(ctx):
    users = ctx["users"]
    coordinator = users["coordinator"]
    homes = {row[0]: _home(*row, by=coordinator, i=i + 1) for i, row in enumerate(DEMO_HOMES)}
    support = users.get("support")
    if support is not None and not homes["H-01"].support_assignments.filter(user=support).exists():
        actions.support_assignment_create(
            home=homes["H-01"],
            user=support,
            by=coordinator,
            started_on=timezone.localdate() - datetime.timedelta(days=90),
        )
    for username in ("clinician", "clinician2", "oncall", "support"):
        if username in users:
            _staff_training(users[username], by=coordinator)

    today = timezone.localdate()
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    youths = _youths(ctx)
    S = Placement.Setting

    def fresh(key):
        youth = youths.get(key)
        if youth is None:
            return None
        youth.refresh_from_db()
        if youth.status != Youth.Status.ACTIVE or Placement.objects.filter(youth=youth).exists():
            return None
        return youth

    if youth := fresh("stfc_active"):
        shelter = actions.placement_start(
            youth=youth,
            setting=S.SHELTER,
            provider="Fictional Youth Shelter",
            started_on=max(ago(60), youth.admitted_on),
            by=coordinator,
        )
        actions.placement_move(
            placement=shelter,
            setting=S.STFC,
            home=homes["H-01"],
            on=max(ago(30), youth.admitted_on),
            reason="STFC home became available",
            by=coordinator,
        )
    if youth := fresh("stfc_active_2"):
        actions.placement_start(
            youth=youth,
            setting=S.RELATIVE,
            provider="Maternal aunt (fictional)",
            started_on=max(ago(20), youth.admitted_on),
            by=coordinator,
        )
    if youth := fresh("crt_active"):
        actions.placement_start(
            youth=youth,
            setting=S.SHELTER,
            provider="Fictional Emergency Shelter",
            started_on=max(ago(50), youth.admitted_on),
            by=coordinator,
        )
    if youth := fresh("crt_active_2"):
        actions.placement_start(
            youth=youth,
            setting=S.GROUP_HOME,
            provider="Imaginary Group Home",
            started_on=max(ago(45), youth.admitted_on),
            by=coordinator,
        )

    youth = youths.get("crt_active")
    if youth is not None and not MissingEpisode.objects.filter(youth=youth).exists():
        youth.refresh_from_db()
        if youth.status == Youth.Status.ACTIVE:
            _past_episode(youth, by=coordinator, oncall=users.get("oncall") or coordinator)


def _past_episode(youth, *, by, oncall):
    now = timezone.now()
    last_seen = now - datetime.timedelta(days=12, hours=3)
    episode = actions.missing_episode_open(
        youth=youth,
        by=oncall,
        last_seen_at=last_seen,
        circumstances="Did not return from school (fictional demo episode).",
    )
    actions.missing_episode_report_law_enforcement(
        episode=episode,
        by=oncall,
        reported_at=last_seen + datetime.timedelta(hours=3),
        agency="Fictional County Sheriff",
        officer_name="Deputy Demo",
        officer_badge="D-000",
        ncic_number="M000000001",
    )
    actions.missing_episode_report_ncmec(
        episode=episode,
        by=oncall,
        reported_at=last_seen + datetime.timedelta(hours=5),
        case_number="0000001",
    )
    returned = last_seen + datetime.timedelta(days=2)
    actions.missing_episode_return(
        episode=episode, by=by, returned_at=returned, notes="Returned with law enforcement."
    )
    actions.missing_episode_debrief(
        episode=episode, by=by, debrief_at=returned + datetime.timedelta(hours=20)
    )
    actions.missing_episode_screening(
        episode=episode,
        by=by,
        screened_at=returned + datetime.timedelta(hours=30),
        result="Screened; no new exploitation indicators (fictional).",
    )
