"""Finding a youth as staff type it: a record number in any form, or words of a name or alias;
never a youth the searcher may not see."""

import pytest
from django.urls import reverse

from cases import actions
from cases.models import CaseAssignment
from cases.selectors import record_number_typed, search_youths
from tests import factories


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("CH-00014", "CH-00014"),
        ("ch00014", "CH-00014"),
        ("CH-14", "CH-00014"),
        ("ch 14", "CH-00014"),
        (" 14 ", "CH-00014"),
        ("140", "CH-00140"),
        ("Avery", None),
        ("CH-", None),
        ("14 Example", None),
    ],
)
def test_a_record_number_is_read_however_it_is_typed(typed, meant):
    assert record_number_typed(typed) == meant


@pytest.fixture
def fourteen(coordinator):
    """Fourteen referrals, so the last is CH-00014 (and CH-00001 … CH-00013 also contain "1")."""
    youths = [factories.refer_youth(by=coordinator) for _ in range(13)]
    youths.append(
        factories.refer_youth(
            by=coordinator,
            legal_first_name="Avery",
            legal_last_name="Example",
            preferred_name="Ave",
            aliases="Lady A",
        )
    )
    assert youths[-1].record_number == "CH-00014"
    return youths


@pytest.mark.parametrize("typed", ["CH-14", "14", "ch00014"])
def test_a_record_number_finds_that_youth_alone(coordinator, fourteen, typed):
    assert [y.record_number for y in search_youths(coordinator, q=typed)] == ["CH-00014"]


@pytest.mark.parametrize("typed", ["ave example", "Example Avery", "lady a", "AVERY"])
def test_every_word_typed_must_match_a_name_or_alias(coordinator, fourteen, typed):
    assert [y.record_number for y in search_youths(coordinator, q=typed)] == ["CH-00014"]


def test_the_list_page_searches_the_same_way(login, coordinator, fourteen):
    page = login(coordinator).get(reverse("cases:list"), {"q": "ch-14"}).content.decode()
    assert "CH-00014" in page and "CH-00013" not in page


def test_outsider_clinician_finds_nothing_and_the_team_clinician_finds_her(
    coordinator, clinician, clinician2, fourteen
):
    actions.case_assignment_create(
        youth=fourteen[-1],
        user=clinician,
        role=CaseAssignment.Role.PRIMARY_CLINICIAN,
        by=coordinator,
    )
    assert [y.record_number for y in search_youths(clinician, q="14")] == ["CH-00014"]
    assert list(search_youths(clinician2, q="14")) == []
    assert list(search_youths(clinician2, q="Avery")) == []
