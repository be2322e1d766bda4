import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse
from django.utils import dateformat, timezone

from services import actions
from services.models import Assessment, AssessmentAmendment
from tests import factories

from .conftest import CRAFFT_NEGATIVE


def post_crafft(client, youth, instrument, *, action="final", day=None, **answers):
    data = {"administered_on": (day or timezone.localdate()).isoformat(), "action": action}
    if action == "final":
        data["confirm"] = "on"  # "I understand this cannot be undone"
    data.update({f"item_{k}": v for k, v in answers.items()})
    return client.post(reverse("services:assessment_new", args=[youth.pk, instrument.pk]), data)


def test_clinician_finalizes_a_crafft_through_the_form(login, clinician, active_youth, crafft):
    client = login(clinician)
    page = client.get(reverse("services:assessment_new", args=[active_youth.pk, crafft.pk]))
    assert page.status_code == 200
    assert b"John R. Knight, MD, Boston Children&#x27;s Hospital, 2020" in page.content
    response = post_crafft(
        client, active_youth, crafft,
        a_alcohol=5, a_marijuana=0, a_other=0,
        b_car=1, b_relax=1, b_alone=0, b_forget=0, b_family=0, b_trouble=0,
    )  # fmt: skip
    assessment = Assessment.objects.get(youth=active_youth)
    assert response.status_code == 302
    assert assessment.is_final and assessment.scores == {"crafft": 2}
    assert assessment.level.startswith("Positive screen")
    assert assessment.history.latest().history_user == clinician


def test_missing_required_and_out_of_range_answers_get_field_errors(
    login, clinician, active_youth, crafft
):
    client = login(clinician)
    response = post_crafft(client, active_youth, crafft, a_alcohol=400, a_marijuana=2, a_other=0)
    assert response.status_code == 400
    form = response.context["form"]
    assert "Ensure this value is less than or equal to 366." in form.errors["item_a_alcohol"]
    assert form.errors["item_b_car"] == ["Answer this question."]
    assert "item_b_relax" in form.errors  # cannabis use: all of Part B is asked
    response = post_crafft(client, active_youth, crafft, b_car=7, **{"a_alcohol": 0})
    assert "item_b_car" in response.context["form"].errors
    assert not Assessment.objects.exists()


def test_future_date_is_refused_next_to_the_field(login, clinician, active_youth, crafft):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post_crafft(login(clinician), active_youth, crafft, day=tomorrow, **CRAFFT_NEGATIVE)
    assert response.status_code == 400
    assert response.context["form"].errors["administered_on"] == ["This cannot be in the future."]


def test_huge_comment_is_refused_and_draft_unchanged(login, clinician, active_youth, crafft):
    draft = actions.assessment_save(
        youth=active_youth, instrument=crafft, responses={"a_alcohol": 1},
        administered_on=timezone.localdate(), by=clinician,
    )  # fmt: skip
    url = reverse("services:assessment_detail", args=[active_youth.pk, draft.pk])
    response = login(clinician).post(
        url,
        {"administered_on": timezone.localdate().isoformat(), "comments": "x" * 6000,
         "action": "draft", "item_a_alcohol": 9},
    )  # fmt: skip
    assert response.status_code == 400
    assert "comments" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.responses == {"a_alcohol": 1} and draft.comments == ""


def test_draft_may_be_partial_but_never_wrong(clinician, active_youth, crafft):
    draft = actions.assessment_save(
        youth=active_youth, instrument=crafft, responses={"a_alcohol": 3},
        administered_on=timezone.localdate(), by=clinician,
    )  # fmt: skip
    assert draft.status == "draft"
    with pytest.raises(ValidationError) as exc:
        actions.assessment_save(
            youth=active_youth, instrument=crafft, responses={"a_alcohol": 999},
            administered_on=timezone.localdate(), by=clinician, assessment=draft,
        )  # fmt: skip
    assert "a_alcohol" in exc.value.message_dict
    with pytest.raises(ValidationError, match="Answer this question"):
        actions.assessment_finalize(assessment=draft, by=clinician)


@pytest.fixture
def final_crafft(clinician, active_youth, crafft):
    return actions.assessment_save(
        youth=active_youth, instrument=crafft, responses=CRAFFT_NEGATIVE,
        administered_on=timezone.localdate(), by=clinician, finalize=True,
    )  # fmt: skip


def test_final_assessment_refused_by_the_action(clinician, active_youth, crafft, final_crafft):
    with pytest.raises(ValidationError, match="final and cannot be changed"):
        actions.assessment_save(
            youth=active_youth, instrument=crafft, responses={**CRAFFT_NEGATIVE, "b_car": 1},
            administered_on=timezone.localdate(), by=clinician, assessment=final_crafft,
        )  # fmt: skip
    final_crafft.refresh_from_db()
    assert final_crafft.responses == CRAFFT_NEGATIVE


def test_final_assessment_refused_through_the_ui(login, clinician, active_youth, final_crafft):
    url = reverse("services:assessment_detail", args=[active_youth.pk, final_crafft.pk])
    client = login(clinician)
    page = client.get(url)
    assert b'name="item_b_car"' not in page.content  # no edit form for a final assessment
    response = client.post(
        url,
        {"administered_on": "2020-01-01", "action": "final", "item_a_alcohol": 0,
         "item_a_marijuana": 0, "item_a_other": 0, "item_b_car": 1},
    )  # fmt: skip
    assert response.status_code == 302
    final_crafft.refresh_from_db()
    assert final_crafft.responses == CRAFFT_NEGATIVE
    assert final_crafft.administered_on == timezone.localdate()


@pytest.mark.postgres
def test_database_refuses_update_and_delete_of_a_final_assessment(final_crafft):
    for sql in (
        "UPDATE services_assessment SET level = 'tampered' WHERE id = %s",
        "DELETE FROM services_assessment WHERE id = %s",
    ):
        with (
            pytest.raises((IntegrityError, InternalError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [final_crafft.pk])
    final_crafft.refresh_from_db()
    assert final_crafft.level == "Negative screen"


@pytest.mark.postgres
def test_database_still_allows_drafts_to_change(clinician, active_youth, crafft):
    draft = actions.assessment_save(
        youth=active_youth, instrument=crafft, responses={},
        administered_on=timezone.localdate(), by=clinician,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("UPDATE services_assessment SET comments = 'ok' WHERE id = %s", [draft.pk])
    draft.refresh_from_db()
    assert draft.comments == "ok"


def test_amendment_corrects_a_final_assessment(login, clinician, active_youth, final_crafft):
    url = reverse("services:assessment_amend", args=[active_youth.pk, final_crafft.pk])
    answers = {"a_alcohol": 4, "a_marijuana": 0, "a_other": 0, "b_car": 1, "b_relax": 1,
               "b_alone": 1, "b_forget": 0, "b_family": 0, "b_trouble": 0}  # fmt: skip
    data = {f"item_{k}": v for k, v in answers.items()}
    data["reason"] = "Youth disclosed more at the end of the session."
    response = login(clinician).post(url, data)
    assert response.status_code == 302
    amendment = AssessmentAmendment.objects.get(assessment=final_crafft)
    assert amendment.scores == {"crafft": 3} and amendment.author == clinician
    final_crafft.refresh_from_db()
    assert final_crafft.scores == {"crafft": 0}  # the original stays as it was
    page = login(clinician).get(reverse("services:assessments", args=[active_youth.pk]))
    assert b"amended" in page.content


def test_author_only_edits_their_own_draft(oncall, clinician, active_youth, crafft, coordinator):
    draft = actions.assessment_save(
        youth=active_youth, instrument=crafft, responses={},
        administered_on=timezone.localdate(), by=clinician,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Only the author"):
        actions.assessment_finalize(assessment=draft, by=coordinator)


def _final(youth, instrument, by, day, responses):
    return actions.assessment_save(
        youth=youth, instrument=instrument, responses=responses, administered_on=day, by=by,
        finalize=True,
    )  # fmt: skip


def test_assessments_tab_shows_a_chart_with_its_table(
    login, clinician, active_youth, crafft, protective
):
    start = timezone.localdate() - datetime.timedelta(days=300)
    for i, car in enumerate([0, 1]):
        _final(active_youth, crafft, clinician, start + datetime.timedelta(days=90 * i),
               {**CRAFFT_NEGATIVE, "b_car": car})  # fmt: skip
    keys = [item["key"] for item in protective.definition["items"]]
    _final(active_youth, protective, clinician, start, dict.fromkeys(keys, 3))
    response = login(clinician).get(reverse("services:assessments", args=[active_youth.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('<svg class="score-chart"') == 2
    assert "<polyline" in content and "style=" not in content
    assert not re.search(r"<script(?![^>]*\bsrc=)", content)  # no inline script
    assert '<th scope="col">CRAFFT score (Part B &quot;yes&quot; answers)</th>' in content


def _crafft(score):
    """CRAFFT answers scoring ``score`` (Part B "yes" answers, the CAR question first)."""
    part_b = ["b_car", "b_relax", "b_alone", "b_forget", "b_family", "b_trouble"]
    return {"a_alcohol": 3, "a_marijuana": 0, "a_other": 0} | {
        key: int(i < score) for i, key in enumerate(part_b)
    }


def test_score_chart_labels_its_axes_dates_and_cutoffs_beside_its_table(
    login, clinician, active_youth, crafft
):
    start = timezone.localdate() - datetime.timedelta(days=270)
    days = [start + datetime.timedelta(days=90 * i) for i in range(4)]
    for day, score in zip(days, [3, 2, 1, 0], strict=True):
        factories.final_assessment(
            youth=active_youth, instrument=crafft, by=clinician, on=day, responses=_crafft(score)
        )
    response = login(clinician).get(reverse("services:assessments", args=[active_youth.pk]))
    content = response.content.decode()
    svg = content[content.index('<svg class="score-chart"') : content.index("</svg>")]
    # A named image described by its cut-offs, pointing at the table for the numbers.
    assert 'role="img" aria-labelledby="chart-crafft-title"' in svg
    assert "CRAFFT score (Part B &quot;yes&quot; answers) over time" in svg
    desc = re.search(r'<desc id="chart-crafft-desc">(.*?)</desc>', svg).group(1)
    assert "≥ 2: Positive screen — further assessment indicated." in desc
    assert "Every score is in the table below." in desc
    # The y axis: titled with the score and its range, a tick for every value of the scale.
    assert re.search(r'class="axis-title"[^>]*>CRAFFT score \(Part B &quot;yes&quot;', svg)
    ticks = re.findall(r'<text class="tick"[^>]*text-anchor="end"[^>]*>([^<]+)</text>', svg)
    assert ticks == ["0", "1", "2", "3", "4", "5", "6"]
    # The x axis: every date (there is room for four), the year under the first.
    for day in days:
        assert f">{dateformat.format(day, 'M j')}</text>" in svg
    assert f">{days[0].year}</text>" in svg
    # The cut-off line carries its meaning; the band starting at 0 draws no line.
    assert svg.count('class="cutoff"') == 1
    assert re.search(r'<text class="label"[^>]*>≥ 2: Positive', svg)
    assert svg.count('<circle class="point"') == 4
    # The table stays, newest first, each cell labelled for the stacked phone layout.
    table = content[content.index('<table class="stack-narrow">') :]
    rows = re.findall(r'<th scope="row"><a [^>]*>([\d-]+)</a>', table)
    assert rows == [day.isoformat() for day in reversed(days)]
    assert '<td data-label="CRAFFT score (Part B &quot;yes&quot; answers)">0</td>' in table


def test_score_chart_is_not_shown_to_a_clinician_off_the_team(
    login, clinician, clinician2, active_youth, crafft
):
    factories.final_assessment(
        youth=active_youth, instrument=crafft, by=clinician, on=timezone.localdate(),
        responses=_crafft(2),
    )  # fmt: skip
    url = reverse("services:assessments", args=[active_youth.pk])
    assert login(clinician).get(url).status_code == 200
    assert login(clinician2).get(url).status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_assessments_tab_runs_constant_queries(
    count, login, clinician, active_youth, crafft, django_assert_max_num_queries
):
    start = timezone.localdate() - datetime.timedelta(days=count)
    for i in range(count):
        assessment = _final(active_youth, crafft, clinician,
                            start + datetime.timedelta(days=i), CRAFFT_NEGATIVE)  # fmt: skip
        if i % 5 == 0:
            actions.assessment_amend(
                assessment=assessment, responses={**CRAFFT_NEGATIVE, "b_car": 1},
                reason="Correction", by=clinician,
            )  # fmt: skip
    actions.assessment_save(
        youth=active_youth, instrument=crafft, responses={},
        administered_on=timezone.localdate(), by=clinician,
    )  # fmt: skip
    client = login(clinician)
    url = reverse("services:assessments", args=[active_youth.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<circle") == count
