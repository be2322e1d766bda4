"""A final assessment shows its answers in the instrument's words, not as the stored numbers."""

import re

from django.urls import reverse
from django.utils import timezone

from services import actions


def _answer_cells(html):
    """{question start: answer} from the Answers table."""
    table = html.split("Answers</h3>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row"[^>]*>(.*?)</th><td>(.*?)</td></tr>', table, re.S)
    return {question[:12]: re.sub(r"<[^>]+>", "", answer) for question, answer in rows}


def test_yes_no_and_scaled_items_show_their_labels(
    login, clinician, active_youth, crafft, protective
):
    crafft_answers = {"a_alcohol": 3, "a_marijuana": 0, "a_other": 0, "b_car": 1, "b_relax": 0,
                      "b_alone": 0, "b_forget": 0, "b_family": 0, "b_trouble": 0}  # fmt: skip
    screen = actions.assessment_save(
        youth=active_youth, instrument=crafft, responses=crafft_answers,
        administered_on=timezone.localdate(), finalize=True, by=clinician,
    )  # fmt: skip
    rating = actions.assessment_save(
        youth=active_youth,
        instrument=protective,
        responses={item["key"]: 4 for item in protective.definition["items"]},
        administered_on=timezone.localdate(),
        finalize=True,
        by=clinician,
    )
    client = login(clinician)

    page = client.get(reverse("services:assessment_detail", args=[active_youth.pk, screen.pk]))
    cells = _answer_cells(page.content.decode())
    car = next(a for q, a in cells.items() if q.startswith("C — Have you"))
    relax = next(a for q, a in cells.items() if q.startswith("R — Do you e"))
    assert (car, relax) == ("Yes", "No")
    assert "3" in cells.values()  # days of alcohol use stay a number

    page = client.get(reverse("services:assessment_detail", args=[active_youth.pk, rating.pk]))
    answers = set(_answer_cells(page.content.decode()).values())
    assert answers == {"4 — Mostly true"}


def test_an_amendment_lists_the_answers_it_corrected_by_label(
    login, clinician, active_youth, crafft
):
    answers = {"a_alcohol": 0, "a_marijuana": 0, "a_other": 0, "b_car": 0}
    screen = actions.assessment_save(
        youth=active_youth, instrument=crafft, responses=answers,
        administered_on=timezone.localdate(), finalize=True, by=clinician,
    )  # fmt: skip
    actions.assessment_amend(
        assessment=screen, responses={**answers, "b_car": 1}, reason="Misheard", by=clinician
    )
    page = login(clinician).get(
        reverse("services:assessment_detail", args=[active_youth.pk, screen.pk])
    )
    assert "Corrected answers" in page.content.decode()
    assert re.search(r"CAR driven by.*?: No → Yes</li>", page.content.decode(), re.S)
