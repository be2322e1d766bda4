"""Demo homes (one in each readiness state), caregivers with training ledgers, placements of
several kinds, a past missing episode and one open now. All fictional; built through the actions
as dated scenes (``chance.demo``): a home is certified on its certification day, alarm-tested
before a child moves in, and a child is placed after her admission, one child per home at a time,
and leaves before she is discharged. Idempotent (a home that exists by code is left alone, a
youth who has placements gets no new ones)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.models import Youth
from chance.documents import simple_pdf

from . import actions
from .models import (
    AlarmEvent,
    Caregiver,
    Home,
    HomeDocument,
    MissingEpisode,
    Placement,
    TrainingRecord,
)

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
# This home's liability insurance runs out within the notice (placements.home_document_expiry).
INSURANCE_RUNNING_OUT = "H-02"
CAREGIVER_NAMES = ["Robin Demo", "Morgan Sample", "Taylor Example", "Jordan Fictional"]


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _home(
    code, status, certified_ago, license_left, alarm_ago, initial, continuing, *, by, i, scene
):
    """Add the scenes of one home: certified (caregiver trained before), continuing education,
    put on hold if it is, and its latest alarm test. Returns a callable giving the home."""
    made = {}
    today = timezone.localdate()
    certified_on = today - datetime.timedelta(days=certified_ago)

    def certify():
        home = made["home"] = actions.home_save(
            home=Home(
                code=code,
                address=f"{100 + i} Imaginary Street, Fictional Town, FL 00000",
                phone=f"555-01{i:02d}",
                status=Home.Status.CERTIFIED,
                license_number=f"DEMO-{code}",
                certified_on=certified_on,
                license_expires_on=today + datetime.timedelta(days=license_left),
                alarm_installed=True,
            ),
            by=by,
        )
        first, last = CAREGIVER_NAMES[i % len(CAREGIVER_NAMES)].split()
        caregiver = made["caregiver"] = actions.caregiver_save(
            caregiver=Caregiver(
                home=home,
                first_name=first,
                last_name=last,
                phone=f"555-02{i:02d}",  # the caregiver's own line, for on-call (fictional)
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
        _paper(home, by, HomeDocument.Kind.LICENSE, certified_on, f"License DEMO-{code}",
               expires_on=home.license_expires_on)  # fmt: skip
        _paper(home, by, HomeDocument.Kind.TRAINING, certified_on - datetime.timedelta(days=14),
               "CSEC specialized foster parent training", caregiver=caregiver)  # fmt: skip
        if code == INSURANCE_RUNNING_OUT:
            _paper(home, by, HomeDocument.Kind.INSURANCE, certified_on, "Liability insurance",
                   expires_on=today + datetime.timedelta(days=20))  # fmt: skip

    def refresher():
        actions.training_record_add(
            caregiver=made["caregiver"],
            course="Trauma-informed care refresher",
            category=TrainingRecord.Category.CONTINUING,
            hours=Decimal(continuing),
            completed_on=timezone.localdate(),
            by=by,
        )

    def hold():
        home = made["home"]
        home.status = status
        made["home"] = actions.home_save(home=home, by=by, reason="Caregiver on leave (fictional)")

    scene(_noon(certified_on), certify)
    if continuing:
        scene(_noon(certified_on + datetime.timedelta(days=120)), refresher)
    if status != Home.Status.CERTIFIED:
        scene(_noon(today - datetime.timedelta(days=min(60, certified_ago - 1))), hold)
    scene(
        _noon(today - datetime.timedelta(days=alarm_ago)),
        lambda: _alarm_test(made["home"], by=by),
    )
    return lambda: made.get("home")


def _paper(home, by, kind, date, description, **fields):
    """A fictional scan filed on the home's Documents page."""
    content = simple_pdf(f"{HomeDocument.Kind(kind).label} (fictional demo)", description)
    actions.home_document_add(
        home=home, by=by, kind=kind, date=date, description=description,
        content=content, content_type="application/pdf", **fields,
    )  # fmt: skip


def _alarm_test(home, *, by):
    actions.alarm_event_record(
        home=home, kind=AlarmEvent.Kind.TEST, test_passed=True, occurred_at=timezone.now(), by=by
    )


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


# Where the active youths live, as (key, setting, days ago, home or provider): the first row of
# a youth starts her first placement (never before her admission); later rows are moves.
PLACEMENTS = [
    ("discharged", "shelter", 328, "Fictional Youth Shelter"),
    ("discharged", "stfc", 140, "H-02"),
    ("stfc_active", "shelter", 239, "Fictional Youth Shelter"),
    ("stfc_active", "stfc", 180, "H-01"),
    ("crt_active", "shelter", 190, "Fictional Emergency Shelter"),
    ("stfc_active_2", "relative", 100, "Maternal aunt (fictional)"),
    ("crt_active_2", "group_home", 55, "Imaginary Group Home"),
]
LEFT_HOME_BEFORE_DISCHARGE = ("discharged", 20)  # Jules leaves H-02 the morning of discharge


def seed(ctx):
    users = ctx["users"]
    coordinator = users["coordinator"]
    scene = ctx["scene"]
    homes = {}
    for i, row in enumerate(DEMO_HOMES):
        existing = Home.objects.filter(code=row[0]).first()
        homes[row[0]] = (
            (lambda home=existing: home)
            if existing is not None
            else _home(*row, by=coordinator, i=i + 1, scene=scene)
        )
    support = users.get("support")
    if support is not None:
        scene(
            _noon(timezone.localdate() - datetime.timedelta(days=90)),
            lambda: _support(homes["H-01"](), support, coordinator),
        )
    for username in ("clinician", "clinician2", "oncall", "support"):
        if username in users:
            _staff_training(users[username], by=coordinator)

    youths = ctx.get("youths") or {}
    placed = {key for key, *_ in PLACEMENTS if key in youths and _has_placements(youths[key])}
    current = {}
    for key, setting, days_ago, where in PLACEMENTS:
        if key in placed:
            continue
        when = _noon(timezone.localdate() - datetime.timedelta(days=days_ago))
        if setting == Placement.Setting.STFC:  # tested within 30 days before a child moves in
            scene(
                when - datetime.timedelta(days=2),
                lambda where=where: _alarm_test(homes[where](), by=coordinator),
            )
        scene(
            when,
            lambda key=key, setting=setting, where=where: _place(
                ctx, current, key, setting, where, homes, coordinator
            ),
        )
    key, days_ago = LEFT_HOME_BEFORE_DISCHARGE
    if key not in placed:
        scene(
            _noon(timezone.localdate() - datetime.timedelta(days=days_ago)) - 3 * HOUR,
            lambda: (
                current.get(key)
                and actions.placement_end(
                    placement=current[key],
                    by=coordinator,
                    reason="Goals met; going home to family (fictional)",
                )
            ),
        )
    scene(None, lambda: _episode(ctx, users, coordinator))


HOUR = datetime.timedelta(hours=1)


def _has_placements(youth):
    return youth.pk is not None and Placement.objects.filter(youth=youth).exists()


def _support(home, support, coordinator):
    if home is not None and not home.support_assignments.filter(user=support).exists():
        actions.support_assignment_create(home=home, user=support, by=coordinator)


def _place(ctx, current, key, setting, where, homes, coordinator):
    youth = ctx["youths"].get(key)
    if youth is None:
        return
    youth.refresh_from_db()
    if youth.status != Youth.Status.ACTIVE:
        return
    home = homes[where]() if setting == Placement.Setting.STFC else None
    provider = "" if home else where
    if key in current:
        current[key] = actions.placement_move(
            placement=current[key], setting=setting, home=home, provider=provider,
            reason="STFC home became available" if home else "Moved (fictional)", by=coordinator,
        )  # fmt: skip
    else:
        current[key] = actions.placement_start(
            youth=youth, setting=setting, home=home, provider=provider, by=coordinator
        )


def _episode(ctx, users, coordinator):
    youths = ctx.get("youths") or {}
    oncall = users.get("oncall") or coordinator
    past, now = youths.get("crt_active"), youths.get("stfc_active")
    if past is not None and not MissingEpisode.objects.filter(youth=past).exists():
        past.refresh_from_db()
        if past.status == Youth.Status.ACTIVE:
            _past_episode(past, by=coordinator, oncall=oncall)
    if now is not None and not MissingEpisode.objects.filter(youth=now).exists():
        now.refresh_from_db()
        if now.status == Youth.Status.ACTIVE:
            _open_episode(now, oncall=oncall)


def _reported_episode(youth, *, oncall, last_seen, circumstances, reported_after, badge, ncic):
    """An episode opened by on-call and reported to law enforcement ``reported_after`` later."""
    episode = actions.missing_episode_open(
        youth=youth, by=oncall, last_seen_at=last_seen, circumstances=circumstances
    )
    actions.missing_episode_report_law_enforcement(
        episode=episode,
        by=oncall,
        reported_at=last_seen + reported_after,
        agency="Fictional County Sheriff",
        officer_name="Deputy Demo",
        officer_badge=badge,
        ncic_number=ncic,
    )
    return episode


def _open_episode(youth, *, oncall):
    """The moment the program exists for, so a newcomer sees it: missing since this morning,
    law enforcement told, the NCMEC report still due within the 24 hours."""
    _reported_episode(
        youth,
        oncall=oncall,
        last_seen=timezone.now() - datetime.timedelta(hours=5),
        circumstances="Left the home before breakfast; caregiver called on-call (fictional).",
        reported_after=datetime.timedelta(hours=1, minutes=30),
        badge="D-001",
        ncic="M000000002",
    )


def _past_episode(youth, *, by, oncall):
    last_seen = timezone.now() - datetime.timedelta(days=12, hours=3)
    episode = _reported_episode(
        youth,
        oncall=oncall,
        last_seen=last_seen,
        circumstances="Did not return from school (fictional demo episode).",
        reported_after=datetime.timedelta(hours=3),
        badge="D-000",
        ncic="M000000001",
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
