"""The chart geometry (chance/charts.py): axis ticks, date labels that never touch, cut-off
lines labelled with their meaning inside the plot, report bars readable on a phone."""

import datetime
import itertools

import pytest

from chance.charts import (
    FONT,
    GAP,
    WIDTH,
    bar_chart,
    hbar_chart,
    nice_ticks,
    score_chart,
    text_width,
    thin,
    thin_evenly,
    wrap,
)

CRAFFT_CUTOFFS = [
    {"min": 0, "level": "Negative screen"},
    {"min": 2, "level": "Positive screen — further assessment indicated"},
]
CSEC_CUTOFFS = [
    {"min": 0, "level": "Few indicators — re-screen if circumstances change"},
    {"min": 4, "level": "Several indicators — full CSEC assessment"},
    {"min": 8, "level": "Many indicators — full CSEC assessment within 24 hours"},
]
DAY = datetime.date(2026, 1, 5)


def monthly(values, start=DAY):
    return [(start + datetime.timedelta(days=30 * i), v) for i, v in enumerate(values)]


def spans(labels, key="label_x"):
    return [
        (label[key] - text_width(label["text"]) / 2, label[key] + text_width(label["text"]) / 2)
        for label in labels
    ]


def assert_apart(spans):
    for (_, right), (left, _) in itertools.pairwise(spans):
        assert left >= right, "two labels touch"


@pytest.mark.parametrize(
    "low, high, max_count, expected",
    [
        (0, 6, 7, [0, 1, 2, 3, 4, 5, 6]),
        (0, 20, 7, [0, 5, 10, 15, 20]),
        (1, 5, 7, [1, 2, 3, 4, 5]),
        (0, 37, 6, [0, 10, 20, 30, 40]),
        (0, 1, 6, [0, 0.2, 0.4, 0.6, 0.8, 1]),
    ],
)
def test_axis_ticks_are_round_and_cover_the_range(low, high, max_count, expected):
    assert nice_ticks(low, high, max_count=max_count) == expected


def test_count_axes_tick_whole_numbers_only():
    assert nice_ticks(0, 2, max_count=6, whole=True) == [0, 1, 2]
    assert nice_ticks(0, 1, max_count=6, whole=True) == [0, 1]
    assert bar_chart(["a"], [("n", [2])])["y_ticks"][-1]["label"] == "2"


def test_thinning_keeps_the_ends_and_drops_labels_that_would_touch():
    assert thin([(0, 10), (20, 30), (40, 50)]) == [0, 1, 2]
    assert thin([(0, 10), (8, 18), (20, 30), (24, 34)]) == [0, 3]
    assert thin([(0, 10), (5, 15)]) == [1]  # only one fits: the latest
    assert thin_evenly([(i * 10, i * 10 + 8) for i in range(9)]) == [0, 2, 4, 6, 8]


def test_wrap_fits_lines_to_the_width_and_marks_what_it_cut():
    lines = wrap("≥ 8: Many indicators — full CSEC assessment within 24 hours", 300)
    assert len(lines) == 2 and all(text_width(line) <= 300 for line in lines)
    assert " ".join(lines) == "≥ 8: Many indicators — full CSEC assessment within 24 hours"
    assert wrap("word " * 40, 100, max_lines=2)[-1].endswith("…")
    assert all(text_width(line) <= 100 for line in wrap("x" * 60, 100))


def test_score_chart_has_a_titled_y_axis_with_the_scales_ticks():
    chart = score_chart(monthly([4, 2, 1]), low=0, high=6, y_label="CRAFFT score")
    assert chart["title"][0]["text"] == "CRAFFT score · scale\u00a00–6"
    long = score_chart(
        monthly([1]), low=0, high=6, y_label="CRAFFT score (Part B yes answers) " * 2
    )
    assert len(long["title"]) == 2 and long["title"][-1]["text"].endswith("scale\u00a00–6")
    assert [t["label"] for t in chart["y_ticks"]] == ["0", "1", "2", "3", "4", "5", "6"]
    ys = [t["y"] for t in chart["y_ticks"]]
    assert ys[0] == chart["axis"]["y_bottom"] and ys[-1] == chart["axis"]["y_top"]


def test_every_date_is_labelled_when_there_is_room():
    chart = score_chart(monthly([8, 5, 3]), low=0, high=20, cutoffs=CSEC_CUTOFFS, y_label="Total")
    assert [t["text"] for t in chart["x_ticks"]] == ["Jan 5", "Feb 4", "Mar 6"]
    assert [t["year"] for t in chart["x_ticks"]] == ["2026", "", ""]  # the year once
    assert_apart(spans(chart["x_ticks"]))


def test_many_dates_are_thinned_so_labels_never_touch_or_leave_the_chart():
    points = monthly([i % 7 for i in range(50)], start=datetime.date(2023, 3, 1))
    chart = score_chart(points, low=0, high=6, cutoffs=CRAFFT_CUTOFFS, y_label="CRAFFT")
    ticks = chart["x_ticks"]
    assert 3 <= len(ticks) < 50
    assert ticks[0]["text"] == "Mar 1" and ticks[-1]["x"] == chart["dots"][-1]["x"]  # both ends
    label_spans = spans(ticks)
    assert_apart([(a, b + GAP) for a, b in label_spans])
    assert label_spans[0][0] >= 0 and label_spans[-1][1] <= WIDTH
    assert [t["year"] for t in ticks if t["year"]][0] == "2023"  # years where they change
    assert len([t for t in ticks if t["year"]]) > 1
    assert len(chart["dots"]) == 50  # every point is drawn, only labels are thinned


def test_dates_are_placed_in_proportion_to_time():
    days = [DAY, DAY + datetime.timedelta(days=10), DAY + datetime.timedelta(days=100)]
    chart = score_chart([(d, 1) for d in days], low=0, high=6, y_label="CRAFFT")
    x = [d["x"] for d in chart["dots"]]
    assert (x[1] - x[0]) * 9 == pytest.approx(x[2] - x[1], abs=1)
    single = score_chart([(DAY, 3)], low=0, high=6, y_label="CRAFFT")
    axis = single["axis"]
    assert axis["x1"] < single["dots"][0]["x"] < axis["x2"]
    assert single["first_day"] == single["last_day"] == DAY


def test_each_cutoff_line_is_labelled_with_its_meaning_inside_the_plot():
    chart = score_chart(monthly([4, 2, 1]), low=0, high=6, cutoffs=CRAFFT_CUTOFFS, y_label="C")
    (line,) = chart["cutoffs"]  # the band starting at the scale's bottom has no line
    axis = chart["axis"]
    third = (axis["y_bottom"] - axis["y_top"]) / 3
    assert line["y"] == pytest.approx(axis["y_bottom"] - third, abs=0.1)
    text = " ".join(label["text"] for label in line["label"])
    assert text == "≥ 2: Positive screen — further assessment indicated"
    for label in line["label"]:
        assert axis["y_top"] < label["y"] < axis["y_bottom"]
        width = text_width(label["text"])
        left = label["x"] if line["anchor"] == "start" else label["x"] - width
        assert axis["x1"] <= left and left + width <= axis["x2"]


def test_close_cutoff_labels_do_not_overlap_each_other_or_cross_the_other_line():
    chart = score_chart(monthly([8, 5, 3]), low=0, high=20, cutoffs=CSEC_CUTOFFS, y_label="T")
    four, eight = chart["cutoffs"]
    assert [c["label"][0]["text"][:4] for c in (four, eight)] == ["≥ 4:", "≥ 8:"]
    blocks = []
    for cut in (four, eight):
        top = cut["label"][0]["y"] - FONT
        bottom = cut["label"][-1]["y"] + 3
        other = eight if cut is four else four
        assert not top < other["y"] < bottom
        blocks.append((top, bottom))
    (a_top, a_bottom), (b_top, b_bottom) = blocks
    assert a_bottom <= b_top or b_bottom <= a_top


def test_cutoff_label_goes_where_it_hides_fewest_points():
    # Scores just above the line at the left fill the first place tried (above, at the left).
    chart = score_chart(monthly([2.4, 2.4, 2.4, 0, 0]), low=0, high=6, cutoffs=CRAFFT_CUTOFFS)
    (line,) = chart["cutoffs"]
    below = line["label"][0]["y"] > line["y"]
    assert (line["anchor"], below) != ("start", False)
    plain = score_chart(monthly([0, 0, 0]), low=0, high=6, cutoffs=CRAFFT_CUTOFFS)
    assert plain["cutoffs"][0]["anchor"] == "start"  # nothing in the way: above, at the left
    assert plain["cutoffs"][0]["label"][-1]["y"] < plain["cutoffs"][0]["y"]


def test_the_latest_value_is_always_written_and_values_never_touch():
    chart = score_chart(monthly([i % 7 for i in range(30)]), low=0, high=6, y_label="C")
    written = [d for d in chart["dots"] if d.get("label_y")]
    assert written[-1] is chart["dots"][-1] and written[-1]["text"] == "1"
    assert_apart([(d["x"] - d["w"] / 2, d["x"] + d["w"] / 2) for d in written])


def test_scores_outside_the_scale_stay_on_the_chart_and_fractions_read_plainly():
    chart = score_chart(monthly([3.75, 9]), low=1, high=5, y_label="Overall")
    assert chart["dots"][1]["y"] == chart["axis"]["y_top"]
    assert [d["text"] for d in chart["dots"]] == ["3.75", "9"]
    assert score_chart([], low=0, high=6) is None


def test_bar_chart_labels_months_evenly_and_names_its_axes():
    labels = [f"2026-{m:02d}" for m in range(1, 13)] + [f"2027-{m:02d}" for m in range(1, 13)]
    chart = bar_chart(labels, [("Youths", list(range(24)))], y_label="Youths", x_label="Month")
    shown = [label["text"] for label in chart["x_labels"]]
    assert 2 <= len(shown) < 24 and shown[0] == "2026-01"
    step = labels.index(shown[1])
    assert shown == labels[::step]
    assert_apart(spans(chart["x_labels"], key="x"))
    assert chart["title"][0]["text"] == "Youths" and chart["x_title"]["text"] == "Month"
    assert chart["y_ticks"][-1]["label"] == "25"  # a round top above the largest value


def test_bar_values_are_written_only_where_the_bar_is_wide_enough():
    few = bar_chart(["0", "1", "2", "3 or more"], [("Youths", [5, 3, 0, 12])])
    assert [v["text"] for v in few["values"]] == ["5", "3", "0", "12"]
    crowded = bar_chart(
        [f"m{i}" for i in range(24)], [(s, [10] * 24) for s in ("a", "b", "c")], y_label="N"
    )
    assert crowded["values"] == []
    stacked = bar_chart(["a", "b"], [("x", [1, 2]), ("y", [3, 4])], stacked=True)
    assert [v["text"] for v in stacked["values"]] == ["4", "6"]  # the stacks' totals


def test_hbar_chart_writes_long_names_above_their_bars_and_negative_values_to_the_left():
    name = "Protective factors rating (Strengthening Families, 5 factors)"
    chart = hbar_chart([(name, -1.25), ("CRAFFT", 2)], value_label="Mean change")
    negative, positive = chart["bars"]
    assert " ".join(label["text"] for label in negative["label"]) == name
    assert all(text_width(label["text"]) <= WIDTH for label in negative["label"])
    assert negative["anchor"] == "end" and negative["value"] == "-1.25"
    assert negative["x"] + negative["w"] == pytest.approx(chart["zero_x"], abs=0.2)
    assert positive["x"] == chart["zero_x"] and positive["value_x"] > positive["x"]
    assert positive["value_x"] + text_width(positive["value"]) <= WIDTH
    assert negative["value_x"] - text_width(negative["value"]) >= 0
    assert negative["y"] < positive["label"][0]["y"] < positive["y"]  # one row after the other
