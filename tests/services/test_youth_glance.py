"""The top of the youth overview, "At a glance": each fact to a reader who may see it, hidden
from one who may not, and a fixed number of queries whatever the record holds."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.models import SafetyAlert
from placements import actions as placement_actions
from placements.models import Placement
from services import actions
from services.glance import trend
from services.models import CrisisCall, MonitoringContact, OnCallShift
from tests.placements.conftest import make_active_youth, make_home

from .conftest import CRAFFT_NEGATIVE
from .test_plans import build_plan


@pytest.fixture
def home(coordinator):
    return make_home(by=coordinator, code="H-07", address="12 Fictional Lane, Nowhere FL")


@pytest.fixture
def placed_youth(coordinator, clinician, home):
    """An STFC youth (born 2011-05-01) placed in H-07, ``clinician`` as primary clinician."""
    from cases.models import CaseAssignment

    youth = make_active_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    placement_actions.placement_start(
        youth=youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    case_actions.safety_alert_create(
        youth=youth, by=coordinator, kind=SafetyAlert.Kind.RUNAWAY, summary="Ran twice"
    )
    return youth


@pytest.fixture
def home_support(support, home, coordinator):
    placement_actions.support_assignment_create(home=home, user=support, by=coordinator)
    return support


B_ITEMS = ["b_car", "b_relax", "b_alone", "b_forget", "b_family", "b_trouble"]


def _crafft(youth, by, day, score):
    """A final CRAFFT screen scoring ``score`` (0-6; above 1 the youth reported some use, so
    every part B question is asked)."""
    responses = {**CRAFFT_NEGATIVE, "b_car": min(score, 1)}
    if score > 1:
        responses |= {"a_alcohol": 3} | {key: int(i < score) for i, key in enumerate(B_ITEMS)}
    return actions.assessment_save(
        youth=youth, instrument=_instrument("crafft"), responses=responses,
        administered_on=day, by=by, finalize=True,
    )  # fmt: skip


def _instrument(code):
    from services.models import Instrument

    return Instrument.objects.get(code=code, active=True)


def _clinical_record(youth, *, clinician, supervisor, therapy):
    """An approved plan, two CRAFFT screens (1 then 3: up, above the cut-off of 2), a signed
    note two days ago and a monitoring contact three days ago."""
    plan = actions.plan_submit(plan=build_plan(youth, clinician, therapy), by=clinician)
    actions.plan_approve(plan=plan, by=supervisor)
    today = timezone.localdate()
    _crafft(youth, clinician, today - datetime.timedelta(days=100), score=1)
    _crafft(youth, clinician, today - datetime.timedelta(days=1), score=3)
    actions.note_save(
        youth=youth, service_type=therapy, occurred_at=timezone.now() - datetime.timedelta(days=2),
        minutes=50, setting="office", text="Session (fictional).", by=clinician, sign=True,
    )  # fmt: skip
    actions.monitoring_contact_record(
        youth=youth, kind=MonitoringContact.Kind.HOME_VISIT,
        occurred_at=timezone.now() - datetime.timedelta(days=3), summary="Visit.", by=clinician,
    )  # fmt: skip


def glance(client, youth):
    """The glance section as {fact key: its text}, or None when the page has none."""
    response = client.get(reverse("cases:detail", args=[youth.pk]))
    if response.status_code != 200:
        return response.status_code
    page = response.content.decode()
    start = page.index('id="glance-heading"')
    section = page[start : page.index("</section>", start)]
    facts = {}
    for key, body in re.findall(r'data-fact="([a-z_]+)">(.*?)</div>', section, re.S):
        facts[key] = " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return facts


def test_the_case_team_reads_every_fact(login, clinician, supervisor, therapy, placed_youth, home):
    _clinical_record(placed_youth, clinician=clinician, supervisor=supervisor, therapy=therapy)
    facts = glance(login(clinician), placed_youth)
    assert list(facts) == [
        "status", "age", "track", "lives_in", "alerts", "primary_clinician", "plan",
        "last_contact", "next_due", "scores",
    ]  # fmt: skip
    assert facts["status"].startswith("Status Active")
    assert facts["track"] == "Track CHANCE STFC"
    assert "CHANCE STFC home H-07" in facts["lives_in"]
    assert "caregivers speak English" in facts["lives_in"]
    assert "Fictional Lane" not in str(facts)  # a code, never an address
    assert "1 active alert Runaway risk" in facts["alerts"]
    assert str(clinician) in facts["primary_clinician"]
    review = timezone.localdate() + datetime.timedelta(days=actions.plan_review_days())
    assert "Approved" in facts["plan"]
    assert f"Next review {review:%b} {review.day}, {review.year}" in facts["plan"]
    assert facts["last_contact"].startswith("Last contact 2 days ago")
    assert "Progress note: Individual therapy" in facts["last_contact"]
    assert "CRAFFT 2.1 substance use screen: 3" in facts["scores"]
    assert "Above cut-off (2)" in facts["scores"]
    assert "↑ up from 1" in facts["scores"]


def test_home_support_sees_the_setting_and_alerts_but_no_clinical_fact(
    login, clinician, supervisor, therapy, placed_youth, home_support
):
    _clinical_record(placed_youth, clinician=clinician, supervisor=supervisor, therapy=therapy)
    actions.note_save(
        youth=placed_youth, service_type=therapy, occurred_at=timezone.now(), minutes=30,
        setting="office", text="Draft (fictional).", by=clinician,
    )  # fmt: skip
    facts = glance(login(home_support), placed_youth)
    assert set(facts) == {
        "status",
        "age",
        "track",
        "lives_in",
        "alerts",
        "primary_clinician",
        "next_due",
    }
    assert "CHANCE STFC home H-07" in facts["lives_in"]
    assert "Unsigned progress note" not in facts["next_due"]  # clinical work is not theirs
    assert "Unsigned progress note" in glance(login(clinician), placed_youth)["next_due"]
    assert "Monitoring contact" not in facts["next_due"]
    page = login(home_support).get(reverse("cases:detail", args=[placed_youth.pk])).content
    assert b"CRAFFT" not in page and b"Latest scores" not in page


def test_outsiders_still_get_404(login, clinician2, support, placed_youth):
    assert glance(login(clinician2), placed_youth) == 404  # off the team
    assert glance(login(support), placed_youth) == 404  # supports no home of the youth's


def test_the_coordinator_sees_no_clinical_fact(
    login, coordinator, clinician, supervisor, therapy, placed_youth
):
    _clinical_record(placed_youth, clinician=clinician, supervisor=supervisor, therapy=therapy)
    facts = glance(login(coordinator), placed_youth)
    assert "plan" not in facts and "scores" not in facts and "last_contact" not in facts
    assert "CHANCE STFC home H-07" in facts["lives_in"]


def test_the_supervisor_reads_the_last_crisis_call_apart_from_the_last_contact(
    login, clinician, supervisor, oncall, shift_now, therapy, placed_youth
):
    _clinical_record(placed_youth, clinician=clinician, supervisor=supervisor, therapy=therapy)
    actions.crisis_call_log(
        youth=placed_youth, received_at=timezone.now() - datetime.timedelta(hours=1),
        caller_kind=CrisisCall.CallerKind.CAREGIVER, category=CrisisCall.Category.EXPLOITER,
        description="Call (fictional).", response="Talked it through.",
        disposition=CrisisCall.Disposition.PHONE, by=oncall,
    )  # fmt: skip
    facts = glance(login(supervisor), placed_youth)
    assert facts["last_contact"].startswith("Last contact 2 days ago")
    assert "Last crisis call" in facts["last_contact"]
    assert "Contact from an exploiter" in facts["last_contact"]
    assert "Last crisis call" not in glance(login(clinician), placed_youth)["last_contact"]


def test_on_call_in_shift_reads_crisis_calls_not_notes(
    login, clinician, supervisor, oncall, shift_now, therapy, placed_youth
):
    _clinical_record(placed_youth, clinician=clinician, supervisor=supervisor, therapy=therapy)
    facts = glance(login(oncall), placed_youth)
    assert facts["last_contact"] == "Crisis calls Last crisis call None recorded"
    assert "plan" not in facts and "scores" not in facts


def test_on_call_whose_shift_ended_reads_no_crisis_call(
    login, oncall, supervisor, admin_user, placed_youth, clinician, coordinator
):
    from cases.models import CaseAssignment

    # On the team (so the page opens) but off shift: the rota rule hides the crisis calls.
    case_actions.case_assignment_create(
        youth=placed_youth, user=oncall, role=CaseAssignment.Role.CLINICIAN, by=coordinator
    )
    now = timezone.now()
    actions.oncall_shift_create(
        user=oncall, role=OnCallShift.Role.PRIMARY, starts_at=now - datetime.timedelta(hours=9),
        ends_at=now - datetime.timedelta(hours=1), by=admin_user,
    )  # fmt: skip
    assert "crisis call" not in glance(login(oncall), placed_youth)["last_contact"]


def test_a_missing_youth_reads_missing_since_local_time(
    login, supervisor, coordinator, placed_youth
):
    last_seen = timezone.now() - datetime.timedelta(hours=5)
    placement_actions.missing_episode_open(
        youth=placed_youth, by=coordinator, last_seen_at=last_seen
    )
    local = timezone.localtime(last_seen)
    facts = glance(login(supervisor), placed_youth)
    assert f"Missing since {local:%b} {local.day}, {local.year} {local:%H:%M}" in facts["status"]
    assert "Reports and return" in facts["status"]


def test_part2_notes_do_not_date_the_last_contact_without_part2(
    login, clinician, placed_youth, therapy, sud, part2_clinician_on
):
    for by, service, days in ((clinician, therapy, 5), (part2_clinician_on, sud, 1)):
        actions.note_save(
            youth=placed_youth, service_type=service,
            occurred_at=timezone.now() - datetime.timedelta(days=days),
            minutes=30, setting="office", text="Session (fictional).", by=by, sign=True,
        )  # fmt: skip
    assert glance(login(clinician), placed_youth)["last_contact"].startswith(
        "Last contact 5 days ago"
    )
    assert glance(login(part2_clinician_on), placed_youth)["last_contact"].startswith(
        "Last contact 1 day ago"
    )


@pytest.fixture
def part2_clinician_on(db, supervisor, coordinator, placed_youth):
    from django.contrib.auth.models import Permission

    from cases.models import CaseAssignment
    from chance.accounts import roles
    from tests import factories

    user = factories.make_user("sudclinician", roles.CLINICIAN, supervisor=supervisor)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="view_part2")
    )
    user = type(user).objects.get(pk=user.pk)
    case_actions.case_assignment_create(
        youth=placed_youth, user=user, role=CaseAssignment.Role.CLINICIAN, by=coordinator
    )
    return user


def test_others_drafts_are_not_a_plan(login, clinician, clinician2, coordinator, placed_youth):
    from cases.models import CaseAssignment

    case_actions.case_assignment_create(
        youth=placed_youth, user=clinician2, role=CaseAssignment.Role.CLINICIAN, by=coordinator
    )
    actions.plan_create(youth=placed_youth, by=clinician2)
    assert "Draft" in glance(login(clinician2), placed_youth)["plan"]
    assert glance(login(clinician), placed_youth)["plan"] == "Treatment plan No plan Plans"


@pytest.mark.parametrize(
    "utc, years",
    [
        ("2026-05-01T03:30:00+00:00", 14),  # 23:30 on Apr 30 in the program's time zone
        ("2026-05-01T04:30:00+00:00", 15),  # 00:30 on May 1, the birthday
    ],
)
def test_age_is_counted_on_the_programs_calendar(login, clinician, placed_youth, utc, years):
    assert placed_youth.date_of_birth == datetime.date(2011, 5, 1)
    with time_machine.travel(datetime.datetime.fromisoformat(utc), tick=False):
        assert glance(login(clinician), placed_youth)["age"].startswith(f"Age {years} years")


@pytest.mark.parametrize(
    "latest, previous, direction",
    [(3, 1, "up"), (1, 3, "down"), (2, 2, "same"), (2.5, None, ""), (None, 1, "")],
)
def test_trend_direction(latest, previous, direction):
    assert trend(latest, previous) == direction


def test_a_lower_second_score_trends_down_and_below_the_cut_off(login, clinician, placed_youth):
    today = timezone.localdate()
    _crafft(placed_youth, clinician, today - datetime.timedelta(days=90), score=4)
    _crafft(placed_youth, clinician, today, score=0)
    scores = glance(login(clinician), placed_youth)["scores"]
    assert "CRAFFT 2.1 substance use screen: 0" in scores
    assert "Below cut-off (2)" in scores and "↓ down from 4" in scores


def test_an_amended_score_counts_as_corrected(login, clinician, placed_youth):
    today = timezone.localdate()
    _crafft(placed_youth, clinician, today - datetime.timedelta(days=90), score=1)
    latest = _crafft(placed_youth, clinician, today, score=3)
    actions.assessment_amend(
        assessment=latest, responses=CRAFFT_NEGATIVE, reason="Misheard (fictional)", by=clinician
    )
    scores = glance(login(clinician), placed_youth)["scores"]
    assert "CRAFFT 2.1 substance use screen: 0" in scores and "↓ down from 1" in scores


@pytest.mark.parametrize("n", [2, 12])
def test_overview_queries_do_not_grow_with_the_record(
    n, login, clinician, supervisor, therapy, placed_youth, django_assert_max_num_queries
):
    _clinical_record(placed_youth, clinician=clinician, supervisor=supervisor, therapy=therapy)
    today = timezone.localdate()
    for i in range(n):
        _crafft(placed_youth, clinician, today - datetime.timedelta(days=200 + i), score=i % 4)
        actions.note_save(
            youth=placed_youth, service_type=therapy,
            occurred_at=timezone.now() - datetime.timedelta(days=10 + i), minutes=30,
            setting="office", text="Session (fictional).", by=clinician, sign=True,
        )  # fmt: skip
    client = login(clinician)
    client.get(reverse("cases:detail", args=[placed_youth.pk]))  # per-process lookups, once
    # 23: one of them reads what the home's caregivers speak (the "Current setting" card).
    with django_assert_max_num_queries(23):
        response = client.get(reverse("cases:detail", args=[placed_youth.pk]))
    assert response.status_code == 200


def test_the_caregivers_languages_are_on_the_card_and_an_outsider_sees_no_card(
    login, clinician, clinician2, coordinator, placed_youth, home
):
    from placements import actions as placement_actions

    caregiver = home.caregivers.get()
    caregiver.language, caregiver.language_other = "other", "Quiché"
    placement_actions.caregiver_save(caregiver=caregiver, by=coordinator)
    client = login(clinician)
    assert "caregivers speak Quiché" in glance(client, placed_youth)["lives_in"]
    client.logout()
    assert glance(login(clinician2), placed_youth) == 404
