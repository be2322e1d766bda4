"""A draft (unsigned note, draft plan, draft assessment) is unfinished clinical writing: only its
author sees it, on every page. Once signed, submitted or finalized, everyone who may read the
youth's clinical record does. Someone else's draft is missing (404), never refused (403)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.break_glass import break_glass_open
from cases.models import CaseAssignment
from chance.security import stamps
from services import actions

from .conftest import CRAFFT_NEGATIVE
from .test_notes import write_note
from .test_plans import build_plan


@pytest.fixture
def team_youth(active_youth, clinician2, coordinator):
    """The active youth with clinician2 on the team too, beside clinician (primary)."""
    case_actions.case_assignment_create(
        youth=active_youth, user=clinician2, role=CaseAssignment.Role.CLINICIAN, by=coordinator
    )
    return active_youth


@pytest.fixture
def recent_login(client):
    """Log in with a recent sign-in (the printable summary needs one)."""

    def _login(user):
        client.force_login(user)
        session = client.session
        session[stamps.AUTH_AT] = timezone.now().timestamp()
        session.save()
        return client

    return _login


def _summary(client, youth):
    response = client.get(reverse("reports:youth_summary", args=[youth.pk]))
    assert response.status_code == 200
    return response


# --- Progress notes ------------------------------------------------------------------------


def test_a_draft_note_is_its_authors_alone_until_signed(
    recent_login, clinician, clinician2, supervisor, team_youth, therapy
):
    draft = write_note(team_youth, clinician, therapy, sign=False, text="Half-written worries.")
    list_url = reverse("services:notes", args=[team_youth.pk])
    detail_url = reverse("services:note_detail", args=[team_youth.pk, draft.pk])
    amend_url = reverse("services:note_amend", args=[team_youth.pk, draft.pk])

    for other in (clinician2, supervisor):
        client = recent_login(other)
        assert list(client.get(list_url).context["notes"]) == []
        response = client.get(detail_url)
        assert response.status_code == 404
        assert b"Half-written worries." not in response.content
        assert client.post(detail_url, {"text": "x"}).status_code == 404
    assert recent_login(clinician2).post(amend_url, {"text": "Addendum"}).status_code == 404
    assert _summary(recent_login(clinician2), team_youth).context["notes"] == []

    # the author sees and edits their own draft
    client = recent_login(clinician)
    assert list(client.get(list_url).context["notes"]) == [draft]
    response = client.get(detail_url)
    assert response.status_code == 200 and response.context["form"].instance == draft
    assert b"Half-written worries." in response.content

    actions.note_sign(note=draft, by=clinician)
    for other in (clinician2, supervisor):
        client = recent_login(other)
        assert list(client.get(list_url).context["notes"]) == [draft]
        response = client.get(detail_url)
        assert response.status_code == 200 and b"Half-written worries." in response.content
        assert [n.pk for n in _summary(client, team_youth).context["notes"]] == [draft.pk]
    # amendments of a signed note work as before: any team clinician may add one
    assert recent_login(clinician2).post(amend_url, {"text": "Addendum"}).status_code == 302
    assert draft.amendments.get().author == clinician2


def test_each_clinician_sees_own_drafts_and_everyones_signed_notes(
    login, clinician, clinician2, team_youth, therapy
):
    mine = write_note(team_youth, clinician, therapy, sign=False)
    theirs = write_note(team_youth, clinician2, therapy, sign=False)
    signed = write_note(team_youth, clinician2, therapy)
    url = reverse("services:notes", args=[team_youth.pk])
    assert set(login(clinician).get(url).context["notes"]) == {mine, signed}
    assert set(login(clinician2).get(url).context["notes"]) == {theirs, signed}


def test_break_the_glass_reader_does_not_see_drafts(
    login, clinician, clinician2, active_youth, therapy
):
    draft = write_note(active_youth, clinician, therapy, sign=False)
    signed = write_note(active_youth, clinician, therapy)
    break_glass_open(
        youth=active_youth, by=clinician2, reason="Covering the caseload this week during leave."
    )
    client = login(clinician2)
    assert list(client.get(reverse("services:notes", args=[active_youth.pk])).context["notes"]) == [
        signed
    ]
    detail = reverse("services:note_detail", args=[active_youth.pk, draft.pk])
    assert client.get(detail).status_code == 404


# --- Treatment plans -----------------------------------------------------------------------


def test_a_draft_plan_is_its_authors_alone_until_submitted(
    login, clinician, clinician2, supervisor, team_youth, therapy
):
    plan = build_plan(team_youth, clinician, therapy)
    list_url = reverse("services:plans", args=[team_youth.pk])
    detail_url = reverse("services:plan_detail", args=[team_youth.pk, plan.pk])
    edit_url = reverse("services:plan_edit", args=[team_youth.pk, plan.pk])

    for other in (clinician2, supervisor):
        client = login(other)
        assert client.get(list_url).context["plans"] == []
        response = client.get(detail_url)
        assert response.status_code == 404 and b"Stay safe at home" not in response.content
    response = login(clinician2).post(edit_url, {"gnew-description": "Sneaked in"})
    assert response.status_code == 404 and plan.goals.count() == 1
    approve = reverse("services:plan_transition", args=[team_youth.pk, plan.pk, "approve"])
    assert login(supervisor).post(approve, {"confirm": "on"}).status_code == 404

    client = login(clinician)
    assert client.get(list_url).context["plans"] == [plan]
    response = client.get(detail_url)
    assert response.status_code == 200 and response.context["editable"]

    actions.plan_submit(plan=plan, by=clinician)
    assert login(clinician2).get(detail_url).status_code == 200
    assert login(clinician2).get(list_url).context["plans"] == [plan]
    client = login(supervisor)
    assert client.get(list_url).context["plans"] == [plan]
    response = client.get(detail_url)
    assert response.status_code == 200 and response.context["may_decide"]
    assert b"Stay safe at home" in response.content


def test_a_returned_plan_is_a_draft_again_and_leaves_the_supervisors_view(
    login, clinician, supervisor, team_youth, therapy
):
    plan = actions.plan_submit(plan=build_plan(team_youth, clinician, therapy), by=clinician)
    url = reverse("services:plan_transition", args=[team_youth.pk, plan.pk, "return"])
    response = login(supervisor).post(url, {"return_note": "Add a school goal."})
    assert response.status_code == 302
    assert response["Location"] == reverse("services:plans", args=[team_youth.pk])
    detail_url = reverse("services:plan_detail", args=[team_youth.pk, plan.pk])
    assert login(supervisor).get(detail_url).status_code == 404
    response = login(clinician).get(detail_url)
    assert response.status_code == 200 and b"Add a school goal." in response.content


def test_the_summary_prints_the_approved_plan_only(
    recent_login, clinician, clinician2, supervisor, team_youth, therapy
):
    approved = actions.plan_submit(plan=build_plan(team_youth, clinician, therapy), by=clinician)
    actions.plan_approve(plan=approved, by=supervisor)
    actions.plan_create(youth=team_youth, by=clinician, copy_from=approved)  # a new draft
    for user in (clinician, clinician2):
        assert _summary(recent_login(user), team_youth).context["plan"] == approved


@pytest.mark.parametrize("count", [2, 8])
def test_plans_tab_runs_constant_queries(
    count, login, clinician, supervisor, active_youth, therapy, django_assert_max_num_queries
):
    for _ in range(count):
        plan = actions.plan_submit(plan=build_plan(active_youth, clinician, therapy), by=clinician)
        actions.plan_approve(plan=plan, by=supervisor)
    build_plan(active_youth, clinician, therapy)
    client = login(clinician)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("services:plans", args=[active_youth.pk]))
    assert len(response.context["plans"]) == count + 1


# --- Assessments ---------------------------------------------------------------------------


def _crafft(youth, instrument, by, *, day, finalize):
    return actions.assessment_save(
        youth=youth, instrument=instrument, responses=CRAFFT_NEGATIVE, administered_on=day,
        comments="Fictional comment.", finalize=finalize, by=by,
    )  # fmt: skip


def test_a_draft_assessment_is_its_authors_alone_until_final(
    recent_login, clinician, clinician2, supervisor, team_youth, crafft
):
    today = timezone.localdate()
    final = _crafft(team_youth, crafft, clinician, day=today - datetime.timedelta(days=30),
                    finalize=True)  # fmt: skip
    draft = _crafft(team_youth, crafft, clinician, day=today, finalize=False)
    assert draft.primary_score is not None  # a scored draft: it must still stay off the chart
    tab = reverse("services:assessments", args=[team_youth.pk])
    detail_url = reverse("services:assessment_detail", args=[team_youth.pk, draft.pk])
    amend_url = reverse("services:assessment_amend", args=[team_youth.pk, draft.pk])

    for other in (clinician2, supervisor):
        client = recent_login(other)
        response = client.get(tab)
        (group,) = response.context["groups"]
        assert group["drafts"] == [] and b"Drafts</h4>" not in response.content
        assert [row["assessment"] for row in group["final"]] == [final]
        assert response.content.decode().count("<circle") == 1
        assert client.get(detail_url).status_code == 404
        scores = _summary(client, team_youth).context["scores"]
        assert [s["row"]["assessment"] for s in scores] == [final]
    assert recent_login(clinician2).get(amend_url).status_code == 404

    client = recent_login(clinician)
    response = client.get(tab)
    (group,) = response.context["groups"]
    assert group["drafts"] == [draft] and b"Drafts</h4>" in response.content
    assert response.content.decode().count("<circle") == 1  # the chart is built from finals only
    assert client.get(detail_url).status_code == 200
    # the printable summary never prints a draft score, not even to its author
    assert [s["row"]["assessment"] for s in _summary(client, team_youth).context["scores"]] == [
        final
    ]

    actions.assessment_finalize(assessment=draft, by=clinician)
    for other in (clinician2, supervisor):
        client = recent_login(other)
        (group,) = client.get(tab).context["groups"]
        assert [row["assessment"].pk for row in group["final"]] == [draft.pk, final.pk]
        assert client.get(detail_url).status_code == 200


# --- The audit trail's change pages ------------------------------------------------------------


def test_the_audit_trail_never_shows_another_authors_draft_text(
    login, clinician, supervisor, team_youth, therapy
):
    from django.contrib.contenttypes.models import ContentType

    draft = write_note(team_youth, clinician, therapy, sign=False, text="Half-written worries.")
    actions.note_save(note=draft, youth=team_youth, service_type=therapy, by=clinician,
                      sign=True, text="Signed words.", minutes=50, setting="office",
                      occurred_at=draft.occurred_at)  # fmt: skip
    client = login(supervisor)
    pages = []
    for record in draft.history.order_by("history_id"):
        ct = ContentType.objects.get_for_model(type(record))
        response = client.get(reverse("audit:change", args=[ct.pk, record.history_id]))
        assert response.status_code == 200
        pages.append(response.content.decode())
    # The draft's creation, and the signing whose 'before' is the draft, keep their values hidden.
    assert all("Half-written worries." not in page for page in pages)
    assert "(clinical content hidden)" in pages[0]
    assert "(clinical content hidden)" in pages[-1]
