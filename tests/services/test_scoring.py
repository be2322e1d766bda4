"""Scoring of every shipped instrument against hand-computed examples (pure functions, no DB)."""

import pytest

from services.instrument_files import read_definitions
from services.scoring import DefinitionError, check_responses, score, validate_definition

DEFS = {defn["code"]: defn for _, defn in read_definitions()}


def test_every_shipped_file_is_a_valid_definition():
    assert set(DEFS) == {"crafft", "protective-factors", "csec-indicators"}


# --- CRAFFT 2.1 ---------------------------------------------------------------------------


def crafft(a=(0, 0, 0), b=None):
    responses = dict(zip(["a_alcohol", "a_marijuana", "a_other"], a, strict=True))
    keys = ["b_car", "b_relax", "b_alone", "b_forget", "b_family", "b_trouble"]
    responses.update(dict(zip(keys, b or [], strict=False)))
    return responses


def test_crafft_no_use_only_car_asked_and_negative():
    responses = crafft(b=[1])  # rode with an impaired driver, no own use
    assert check_responses(DEFS["crafft"], responses) == {}
    result = score(DEFS["crafft"], responses)
    assert result.scores == {"crafft": 1}
    assert result.level == "Negative screen" and result.severity == "low"


def test_crafft_two_yes_is_a_positive_screen():
    # Part A: 12 days of alcohol, 3 of cannabis. Part B: Relax yes, Family yes, others no → 2.
    responses = crafft(a=(12, 3, 0), b=[0, 1, 0, 0, 1, 0])
    result = score(DEFS["crafft"], responses)
    assert result.scores == {"crafft": 2}
    assert result.primary == 2
    assert result.level.startswith("Positive screen") and result.severity == "high"


def test_crafft_part_a_days_do_not_count_towards_the_score():
    assert score(DEFS["crafft"], crafft(a=(300, 300, 300), b=[0] * 6)).primary == 0
    assert score(DEFS["crafft"], crafft(a=(1, 0, 0), b=[1] * 6)).primary == 6


def test_crafft_any_use_makes_all_part_b_questions_required():
    errors = check_responses(DEFS["crafft"], crafft(a=(0, 2, 0), b=[0]))
    assert set(errors) == {"b_relax", "b_alone", "b_forget", "b_family", "b_trouble"}


def test_crafft_out_of_range_days_and_answers_are_refused():
    errors = check_responses(DEFS["crafft"], crafft(a=(400, -1, 0), b=[2]))
    assert errors["a_alcohol"] == "Enter a number from 0 to 366."
    assert "a_marijuana" in errors
    assert errors["b_car"] == "Choose one of the listed answers."


def test_crafft_carries_its_attribution():
    assert "John R. Knight, MD, Boston Children's Hospital, 2020" in DEFS["crafft"]["attribution"]
    assert "(CABHRe)" in DEFS["crafft"]["attribution"]


# --- Protective factors -------------------------------------------------------------------


def test_protective_factors_means_by_factor_and_overall():
    keys = [item["key"] for item in DEFS["protective-factors"]["items"]]
    values = [5, 4, 3, 3, 2, 1, 4, 4, 5, 5]  # by hand: 4.5, 3, 1.5, 4, 5; overall 36/10 = 3.6
    result = score(DEFS["protective-factors"], dict(zip(keys, values, strict=True)))
    assert result.scores == {
        "resilience": 4.5,
        "social": 3.0,
        "knowledge": 1.5,
        "concrete": 4.0,
        "competence": 5.0,
        "overall": 3.6,
    }
    assert result.level == "Some protective factors" and result.severity == "medium"


@pytest.mark.parametrize(
    ("value", "level"),
    [(1, "Few protective factors"), (2, "Few protective factors"), (4, "Strong protective")],
)
def test_protective_factors_bands(value, level):
    keys = [item["key"] for item in DEFS["protective-factors"]["items"]]
    result = score(DEFS["protective-factors"], dict.fromkeys(keys, value))
    assert result.primary == value and result.level.startswith(level)


def test_protective_factors_mean_rounds_half_up():
    keys = [item["key"] for item in DEFS["protective-factors"]["items"]]
    # 3 × 1 + 7 × 2 = 17 over 10 → 1.7; resilience (1, 2) → 1.5; an uneven third: (2,2,1)/3 n/a
    values = [1, 2, 1, 2, 1, 2, 2, 2, 2, 2]
    result = score(DEFS["protective-factors"], dict(zip(keys, values, strict=True)))
    assert result.scores["overall"] == 1.7 and result.scores["resilience"] == 1.5


def test_protective_factors_rating_outside_1_to_5_is_refused():
    keys = [item["key"] for item in DEFS["protective-factors"]["items"]]
    responses = dict.fromkeys(keys, 3) | {"res_1": 6, "soc_1": 0}
    assert set(check_responses(DEFS["protective-factors"], responses)) == {"res_1", "soc_1"}


# --- CSEC indicators ----------------------------------------------------------------------


def csec(yes=()):
    keys = [item["key"] for item in DEFS["csec-indicators"]["items"]]
    return {key: int(key in yes) for key in keys}


def test_csec_counts_indicators_by_section():
    result = score(
        DEFS["csec-indicators"],
        csec(yes={"v_runaway", "v_placements", "v_school", "p_online", "p_boyfriend"}),
    )
    assert result.scores == {"vulnerability": 3, "pathway": 2, "exploitation": 0, "total": 5}
    assert result.level == "Several indicators — full CSEC assessment"


def test_csec_few_indicators():
    result = score(DEFS["csec-indicators"], csec(yes={"v_runaway"}))
    assert result.primary == 1 and result.severity == "low"


def test_csec_any_exploitation_indicator_overrides_a_low_total():
    result = score(DEFS["csec-indicators"], csec(yes={"e_unexplained"}))
    assert result.primary == 1
    assert result.severity == "high" and "within 24 hours" in result.level


def test_csec_many_indicators():
    yes = {"v_sexual_abuse", "v_abuse_neglect", "v_placements", "v_runaway", "v_substance"}
    yes |= {"p_online", "p_boyfriend", "p_peer_gang"}
    result = score(DEFS["csec-indicators"], csec(yes=yes))
    assert result.primary == 8 and result.level.startswith("Many indicators")


def test_a_broken_definition_is_refused_with_the_reason():
    bad = dict(DEFS["crafft"], primary="nope")
    with pytest.raises(DefinitionError, match="primary"):
        validate_definition(bad)
