"""Plausibility bounds on typed dates (issue 15): "last seen 0001-01-01" raised reminders that
were already escalated. Every past event a person types is refused in the future, before the
program started, and before the youth was born, with the message next to the field."""

import datetime
from decimal import Decimal
from functools import cached_property

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment, Referral
from chance.reminders import engine
from chance.reminders.models import Reminder
from placements import actions
from placements.models import AlarmEvent, Caregiver, MissingEpisode, Placement, TrainingRecord
from services import actions as service_actions
from services.models import CrisisCall, Instrument, ServiceType
from tests import factories

from .conftest import make_active_youth, make_home

BORN_AFTER_START = datetime.date(2016, 4, 2)  # a youth of 10 in 2026, born after the program
BORN_BEFORE_START = datetime.date(2011, 5, 1)  # the factories' youth, born before it


def at(day):
    """Noon on ``day``, local time: what a datetime-local input gives."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class Ctx:
    """What an action needs, built only when a case asks for it."""

    def __init__(self, *, coordinator, clinician, born):
        self.coordinator, self.clinician, self.born = coordinator, clinician, born

    @cached_property
    def youth(self):
        return make_active_youth(by=self.coordinator, date_of_birth=self.born)

    @cached_property
    def home(self):
        return make_home(by=self.coordinator, code="H-99")

    @cached_property
    def episode(self):
        return actions.missing_episode_open(
            youth=self.youth,
            by=self.coordinator,
            last_seen_at=timezone.now() - datetime.timedelta(days=3),
        )

    @cached_property
    def returned(self):
        return actions.missing_episode_return(
            episode=self.episode,
            by=self.coordinator,
            returned_at=timezone.now() - datetime.timedelta(days=2),
        )

    @cached_property
    def placement(self):
        return actions.placement_start(
            youth=self.youth,
            setting=Placement.Setting.SHELTER,
            provider="Fictional shelter",
            started_on=timezone.localdate() - datetime.timedelta(days=3),
            by=self.coordinator,
        )


def _referral(c, v):
    case_actions.referral_receive(
        by=c.coordinator,
        source=Referral.Source.CHILD_WELFARE,
        received_at=v,
        youth_fields=factories.youth_fields(date_of_birth=c.born),
    )


def _assignment(c, v):
    case_actions.case_assignment_create(
        youth=c.youth,
        user=factories.make_user(None, "Clinician"),
        role=CaseAssignment.Role.CLINICIAN,
        by=c.coordinator,
        started_on=v,
    )


def _note(c, v):
    service_actions.note_save(
        youth=c.youth,
        service_type=ServiceType.objects.get(code="individual-therapy"),
        occurred_at=v,
        minutes=50,
        setting="office",
        text="Fictional session.",
        by=c.clinician,
    )


def _crisis_call(c, v):
    service_actions.crisis_call_log(
        youth=c.youth,
        received_at=v,
        caller_kind=CrisisCall.CallerKind.CAREGIVER,
        category=CrisisCall.Category.SELF_HARM,
        description="Fictional call.",
        response="De-escalated by phone.",
        disposition=CrisisCall.Disposition.PHONE,
        by=c.clinician,
    )


def _runaway_call_last_seen(c, v):
    service_actions.crisis_call_log(
        youth=c.youth,
        received_at=timezone.now() - datetime.timedelta(minutes=1),
        caller_kind=CrisisCall.CallerKind.CAREGIVER,
        category=CrisisCall.Category.RUNAWAY,
        description="Fictional call.",
        response="Reported.",
        disposition=CrisisCall.Disposition.PHONE,
        by=c.clinician,
        open_missing_episode=True,
        last_seen_at=v,
    )


def _monitoring(c, v):
    service_actions.monitoring_contact_record(
        youth=c.youth, kind="phone", occurred_at=v, summary="Fictional contact.", by=c.clinician
    )


def _assessment(c, v):
    service_actions.assessment_save(
        youth=c.youth,
        instrument=Instrument.objects.get(code="crafft", active=True),
        responses={},
        administered_on=v,
        by=c.clinician,
    )


def _training(c, v):
    caregiver = Caregiver.objects.filter(home=c.home).first()
    actions.training_record_add(
        caregiver=caregiver,
        course="Fictional CPR",
        category=TrainingRecord.Category.OTHER,
        hours=Decimal(2),
        completed_on=v,
        by=c.coordinator,
    )


# (name, field the form shows, date or moment, the youth's birth date bounds it, the call)
CASES = [
    ("missing last seen", "last_seen_at", "moment", True, lambda c, v: actions.missing_episode_open(
        youth=c.youth, by=c.coordinator, last_seen_at=v)),
    ("law enforcement", "reported_at", "moment", True,
     lambda c, v: actions.missing_episode_report_law_enforcement(
        episode=c.episode, by=c.coordinator, reported_at=v, officer_name="Officer Fictional")),
    ("ncmec", "reported_at", "moment", True, lambda c, v: actions.missing_episode_report_ncmec(
        episode=c.episode, by=c.coordinator, reported_at=v, case_number="0000000")),
    ("returned", "returned_at", "moment", True, lambda c, v: actions.missing_episode_return(
        episode=c.episode, by=c.coordinator, returned_at=v)),
    ("debrief", "debrief_at", "moment", True, lambda c, v: actions.missing_episode_debrief(
        episode=c.returned, by=c.coordinator, debrief_at=v)),
    ("screening", "screened_at", "moment", True, lambda c, v: actions.missing_episode_screening(
        episode=c.returned, by=c.coordinator, screened_at=v, result="Fictional result")),
    ("referral received", "received_at", "moment", True, _referral),
    ("progress note", "occurred_at", "moment", True, _note),
    ("crisis call", "received_at", "moment", True, _crisis_call),
    ("runaway call last seen", "last_seen_at", "moment", True, _runaway_call_last_seen),
    ("monitoring contact", "occurred_at", "moment", True, _monitoring),
    ("placement start", "started_on", "day", True, lambda c, v: actions.placement_start(
        youth=c.youth, setting=Placement.Setting.SHELTER, provider="Fictional shelter",
        started_on=v, by=c.coordinator)),
    ("placement end", "ended_on", "day", True, lambda c, v: actions.placement_end(
        placement=c.placement, by=c.coordinator, reason="Fictional move", ended_on=v)),
    ("assessment", "administered_on", "day", True, _assessment),
    ("case assignment", "started_on", "day", True, _assignment),
    ("alarm event", "occurred_at", "moment", False, lambda c, v: actions.alarm_event_record(
        home=c.home, kind=AlarmEvent.Kind.FAULT, occurred_at=v, by=c.coordinator)),
    ("training", "completed_on", "day", False, _training),
]  # fmt: skip
IDS = [case[0] for case in CASES]
OF_YOUTH = [case for case in CASES if case[3]]
OF_YOUTH_IDS = [case[0] for case in OF_YOUTH]


def _value(kind, day):
    return at(day) if kind == "moment" else day


@pytest.fixture
def ctx_for(coordinator, clinician):
    return lambda born: Ctx(coordinator=coordinator, clinician=clinician, born=born)


def _refusal(run, ctx, value, field):
    with pytest.raises(ValidationError) as caught:
        run(ctx, value)
    assert field in caught.value.message_dict, caught.value
    return caught.value.message_dict[field]


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(2015, 6, 1)])
@pytest.mark.parametrize(("name", "field", "kind", "of_youth", "run"), OF_YOUTH, ids=OF_YOUTH_IDS)
def test_an_action_refuses_a_date_before_the_youth_was_born(
    ctx_for, name, field, kind, of_youth, run, day
):
    messages = _refusal(run, ctx_for(BORN_AFTER_START), _value(kind, day), field)
    assert messages == ["This is before the youth was born (2016-04-02)."]


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(2013, 12, 31)])
@pytest.mark.parametrize(("name", "field", "kind", "of_youth", "run"), CASES, ids=IDS)
def test_an_action_refuses_a_date_before_the_program_started(
    ctx_for, name, field, kind, of_youth, run, day
):
    assert settings.CHANCE["PROGRAM_START"] == datetime.date(2014, 1, 1)
    messages = _refusal(run, ctx_for(BORN_BEFORE_START), _value(kind, day), field)
    assert messages == ["This is before the program started (2014-01-01); check the year."]


@pytest.mark.parametrize(("name", "field", "kind", "of_youth", "run"), CASES, ids=IDS)
def test_an_action_refuses_the_future(ctx_for, name, field, kind, of_youth, run):
    ctx = ctx_for(BORN_BEFORE_START)
    value = timezone.now() + datetime.timedelta(days=2)
    messages = _refusal(run, ctx, value if kind == "moment" else timezone.localdate(value), field)
    assert len(messages) == 1 and "future" in messages[0]


@pytest.mark.parametrize(("name", "field", "kind", "of_youth", "run"), CASES, ids=IDS)
def test_an_action_accepts_a_plausible_date(ctx_for, name, field, kind, of_youth, run):
    ctx = ctx_for(BORN_AFTER_START)
    moment = timezone.now() - datetime.timedelta(hours=1)
    run(ctx, moment if kind == "moment" else timezone.localdate() - datetime.timedelta(days=1))


# Through the real pages, as a coordinator types it ---------------------------------------------


def _post_last_seen(client, youth, typed):
    return client.post(reverse("placements:missing_new", args=[youth.pk]), {"last_seen_at": typed})


def _no_episode_and_no_reminder(youth):
    assert not MissingEpisode.objects.filter(youth=youth).exists()
    engine.sweep()
    assert not Reminder.objects.filter(youth_id=youth.pk).exclude(rule="cases.screening").exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01T00:00", "This is before the program started (2014-01-01); check the year."),
        ("0001-01-01T12:30", "This is before the program started (2014-01-01); check the year."),
        ("9999-12-31T23:59", "This cannot be in the future."),
    ],
)
def test_last_seen_0001_is_refused_next_to_the_field_and_raises_no_reminder(
    login, coordinator, stfc_youth, typed, message
):
    response = _post_last_seen(login(coordinator), stfc_youth, typed)
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["last_seen_at"] == [message]
    assert message.encode() in response.content.replace(b"&#x27;", b"'")
    _no_episode_and_no_reminder(stfc_youth)


def test_last_seen_before_birth_is_refused_by_the_action_next_to_the_field(login, coordinator):
    youth = make_active_youth(by=coordinator, date_of_birth=BORN_AFTER_START)
    response = _post_last_seen(login(coordinator), youth, "2015-06-01T10:00")
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["last_seen_at"] == [
        "This is before the youth was born (2016-04-02)."
    ]
    _no_episode_and_no_reminder(youth)


def test_a_plausible_last_seen_opens_the_episode(login, coordinator, stfc_youth):
    typed = (timezone.localtime() - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = _post_last_seen(login(coordinator), stfc_youth, typed)
    assert response.status_code == 302
    episode = MissingEpisode.objects.get(youth=stfc_youth)
    assert timezone.localtime(episode.last_seen_at).strftime("%Y-%m-%dT%H:%M") == typed


@pytest.mark.parametrize(
    ("step", "field"),
    [
        ("law-enforcement", "reported_at"),
        ("ncmec", "reported_at"),
        ("return", "returned_at"),
    ],
)
@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_episode_steps_refuse_implausible_dates_without_a_500(
    login, coordinator, stfc_youth, step, field, typed
):
    episode = actions.missing_episode_open(
        youth=stfc_youth, by=coordinator, last_seen_at=timezone.now() - datetime.timedelta(hours=2)
    )
    data = {
        f"{step}-{field}": typed,
        f"{step}-officer_name": "Officer Fictional",
        f"{step}-case_number": "0000000",
    }
    response = login(coordinator).post(
        reverse("placements:episode_update", args=[episode.pk, step]), data
    )
    assert response.status_code == 400
    assert response.context["step_forms"][step].errors[field]
    episode.refresh_from_db()
    column = {"law-enforcement": "law_enforcement_reported_at", "ncmec": "ncmec_reported_at"}
    assert getattr(episode, column.get(step, "returned_at")) is None
