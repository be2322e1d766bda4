"""Geometry of the server-rendered SVG charts: score charts over time and the reports' bars.

Pure functions from a series to coordinates and text; the templates only draw what these
return (templates/services/_score_chart.html, templates/reports/_bar_chart.html and
_hbar_chart.html). Hand-drawn SVG rather than a library because the pages must work without
JavaScript, print in the printable summary, pass the CSP (no inline script or style: series
colours are CSS classes) and be read by screen readers through the table beside each chart.

Every chart is drawn in a viewBox 360 units wide, about the width of a 390 px phone's content,
so 13-unit text shows at about 12 px there; the stylesheets cap the chart's width at desk size
so the text never grows past about 16 px. Text cannot be measured on the server, so widths are
estimated (``text_width``) on the wide side, and labels that would touch are thinned.
"""

import itertools
import math

from django.utils import dateformat, formats
from django.utils.translation import gettext, pgettext

WIDTH = 360
FONT = 13  # viewBox units; the stylesheets set the same size on the charts' text
LINE = 16  # distance between two lines of text
GAP = 6  # smallest space left between two labels


def text_width(text, size=FONT):
    """A generous estimate of how wide ``text`` is drawn (sans-serif, ``size`` units)."""
    return round(len(str(text)) * size * 0.6, 1)


def wrap(text, width, *, max_lines=3):
    """``text`` broken at spaces into lines that fit ``width``; a word longer than a line is
    cut, and text past ``max_lines`` ends with an ellipsis."""
    per_line = max(4, int(width // text_width("x")))
    lines, line = [], ""
    for word in str(text).split(" "):  # not at no-break spaces
        if not word:
            continue
        while len(word) > per_line:  # a word that fits no line: cut it
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:per_line])
            word = word[per_line:]
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= per_line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
    return lines or [""]


def _number(value):
    """A score or count as people write it: 2, 2.5, 3.75 (no trailing zeros)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return "0" if text in ("-0", "") else text


def nice_ticks(low, high, *, max_count=6, whole=False):
    """Round values from ``low`` to at least ``high`` for an axis: steps of 1, 2, 2.5 or 5
    times a power of ten (whole numbers only if ``whole``: counts), at most ``max_count`` of
    them, the first at or below ``low``."""
    span = high - low
    if span <= 0:
        return [low]
    magnitude = 10 ** math.floor(math.log10(span / max(max_count - 1, 1)))
    for factor in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = factor * magnitude
        if whole and step != int(step):
            continue
        first = math.floor(low / step + 1e-9) * step
        count = math.ceil((high - first) / step - 1e-9) + 1
        if count <= max_count:
            return [round(first + step * i, 10) for i in range(count)]
    return [low, high]  # pragma: no cover (factor 50 always fits)


def thin(spans):
    """Which labels to draw so none touches another: ``spans`` are (left, right) in drawing
    order. The first and the last are always kept (the period's ends); others are kept from
    the left while they clear the one before and the last."""
    if not spans:
        return []
    kept = [0]
    last = len(spans) - 1
    for i in range(1, last):
        if spans[i][0] >= spans[kept[-1]][1] + GAP and spans[i][1] + GAP <= spans[last][0]:
            kept.append(i)
    if last and spans[last][0] >= spans[kept[-1]][1] + GAP:
        kept.append(last)
    elif last:  # the last overlaps the first: only one of them fits, show the latest
        kept[-1] = last
    return kept


def thin_evenly(spans):
    """Which group labels to draw: every k-th from the first, the smallest k at which none
    touches the next (months read best evenly spaced)."""
    for k in range(1, len(spans) + 1):
        kept = list(range(0, len(spans), k))
        if all(spans[b][0] >= spans[a][1] + GAP for a, b in itertools.pairwise(kept)):
            return kept
    return [0]  # pragma: no cover (k = len(spans) keeps one label)


def _centred(x, width, left, right):
    """The centre of a label ``width`` wide at ``x``, moved inside [left, right]."""
    half = width / 2
    return round(min(max(x, left + half), right - half), 1)


def _place_label(line_y, width, height, *, plot, taken, lines_y, obstacles):
    """Where a cut-off's label block (``width`` by ``height``) goes beside its line at
    ``line_y``: above or below the line, at the plot's left or right, inside the plot
    (``plot``: left, top, right, bottom), clear of blocks already placed (``taken``) and of the
    other lines; of those places, the one covering fewest ``obstacles`` (points of the series
    and of the values written on it), the first tried on a tie. Returns (left, top, anchor)."""
    left, top, right, bottom = plot
    best = None
    for block_top in (line_y - 2 - height, line_y + 2):
        for block_left, anchor in ((left + 4, "start"), (right - 4 - width, "end")):
            box = (block_left, block_top, block_left + width, block_top + height)
            if box[1] < top or box[3] > bottom:
                continue
            if any(
                box[1] < b[3] and b[1] < box[3] and box[0] < b[2] and b[0] < box[2] for b in taken
            ):
                continue
            if any(box[1] - 1 < y < box[3] + 1 for y in lines_y if y != line_y):
                continue
            covered = sum(
                1
                for x, y in obstacles
                if box[0] - 3 <= x <= box[2] + 3 and box[1] - 3 <= y <= box[3] + 3
            )
            if best is None or covered < best[0]:
                best = (covered, box, anchor)
    if best is None:  # crowded: above the line at the left, inside the plot
        block_top = max(top, line_y - 2 - height)
        return (left + 4, block_top, left + 4 + width, block_top + height), "start"
    return best[1], best[2]


def _series_points(dots, step=3):
    """Points along the drawn series (its dots and the segments between), for label placing."""
    points = [(d["x"], d["y"]) for d in dots]
    for a, b in itertools.pairwise(dots):
        n = max(1, int(math.hypot(b["x"] - a["x"], b["y"] - a["y"]) // step))
        points += [
            (a["x"] + (b["x"] - a["x"]) * k / n, a["y"] + (b["y"] - a["y"]) * k / n)
            for k in range(1, n)
        ]
    return points


def _title(lines):
    return [{"x": 4, "y": LINE * (k + 1) - 1, "text": t} for k, t in enumerate(lines)]


def _axis(x1, x2, y_top, y_bottom):
    """The plot's frame, with where tick labels and tick marks go."""
    return {
        "x1": x1,
        "x2": x2,
        "y_top": y_top,
        "y_bottom": y_bottom,
        "tick_label_x": round(x1 - 5, 1),
        "tick_mark_y": y_bottom + 4,
    }


def day_label(day):
    """A date tick: month and day ("Mar 5"), in the format of the active language."""
    return dateformat.format(day, pgettext("chart date tick: month and day", "M j"))


def score_chart(points, *, low, high, cutoffs=(), y_label=""):
    """An instrument's primary score over time.

    ``points``: (date, score) pairs, oldest first. ``low``/``high``: the scale's range.
    ``cutoffs``: the instrument's bands (``min``, ``level``); a line is drawn for every band
    that starts inside the range, labelled "≥ min: level". Dates are placed in proportion to
    time; date labels are thinned so they do not touch, the first and the latest always kept.
    Each point's value is written above it where there is room (the latest always)."""
    if not points:
        return None
    title = wrap(
        gettext("%(label)s · scale %(low)s–%(high)s")  # a real no-break space, so xgettext keeps it
        % {"label": y_label, "low": _number(low), "high": _number(high)},
        WIDTH - 8,
        max_lines=2,
    )
    plot_h = 180
    ticks = nice_ticks(low, high, max_count=8)
    top_value = max(high, ticks[-1])
    pad_l = max(text_width(_number(t)) for t in ticks) + 8
    x1, x2 = round(pad_l, 1), WIDTH - 4
    y_top = len(title) * LINE + 16
    y_bottom = y_top + plot_h
    inner_l, inner_r = x1 + 14, x2 - 14  # points stay clear of the axis and the edge
    span = (top_value - low) or 1

    def y_of(value):
        value = min(max(value, low), top_value)
        return round(y_bottom - plot_h * (value - low) / span, 1)

    first_day, last_day = points[0][0], points[-1][0]
    days = (last_day - first_day).days

    def x_of(day):
        if days <= 0:
            return round((inner_l + inner_r) / 2, 1)
        return round(inner_l + (inner_r - inner_l) * (day - first_day).days / days, 1)

    dots = [{"x": x_of(day), "y": y_of(value), "day": day, "value": value} for day, value in points]

    # Date labels: one per distinct day, month and day on one line, the year under the first
    # and wherever it changes.
    by_day = {}
    for dot in dots:
        by_day.setdefault(dot["day"], dot["x"])
    dates = [{"day": day, "x": x, "text": day_label(day)} for day, x in by_day.items()]
    spans = []
    for d in dates:
        d["w"] = max(text_width(d["text"]), text_width(d["day"].year))
        d["label_x"] = _centred(d["x"], d["w"], 0, WIDTH)
        spans.append((d["label_x"] - d["w"] / 2, d["label_x"] + d["w"] / 2))
    x_ticks, year = [], None
    for i in thin(spans):
        d = dates[i]
        x_ticks.append(
            {
                "x": d["x"],
                "label_x": d["label_x"],
                "text": d["text"],
                "year": str(d["day"].year) if d["day"].year != year else "",
            }
        )
        year = d["day"].year

    # The value above each point where it does not touch its neighbours' (the latest always).
    obstacles = _series_points(dots)
    for dot in dots:
        dot["text"] = _number(dot["value"])
        dot["w"] = text_width(dot["text"])
    value_spans = [(d["x"] - d["w"] / 2, d["x"] + d["w"] / 2) for d in dots]
    for i in thin(value_spans):
        dot = dots[i]
        above = round(dot["y"] - 8, 1)
        dot["label_y"] = above if above - FONT >= y_top else round(dot["y"] + 8 + FONT, 1)
        half = dot["w"] / 2
        obstacles += [
            (dot["x"] + dx, dot["label_y"] + dy) for dx in (-half, 0, half) for dy in (-FONT, -4, 0)
        ]

    # Cut-off lines, each labelled with what reaching it means, where the label hides least.
    lines = []
    for band in cutoffs:
        if low < band["min"] <= top_value:
            text = gettext("≥ %(min)s: %(meaning)s") % {
                "min": _number(band["min"]),
                "meaning": band["level"],
            }
            lines.append({"y": y_of(band["min"]), "lines": wrap(text, x2 - x1 - 8, max_lines=2)})
    taken = []
    for line in sorted(lines, key=lambda c: -c["y"]):  # from the bottom up
        width = max(text_width(t) for t in line["lines"])
        box, anchor = _place_label(
            line["y"],
            width,
            len(line["lines"]) * LINE,
            plot=(x1, y_top, x2, y_bottom),
            taken=taken,
            lines_y=[c["y"] for c in lines],
            obstacles=obstacles,
        )
        taken.append(box)
        x = box[0] if anchor == "start" else box[2]
        line["label"] = [
            {"x": round(x, 1), "y": round(box[1] + LINE * (k + 1) - 4, 1), "text": t}
            for k, t in enumerate(line["lines"])
        ]
        line["anchor"] = anchor

    return {
        "width": WIDTH,
        "height": y_bottom + 10 + 2 * LINE,
        "title": _title(title),
        "axis": _axis(x1, x2, y_top, y_bottom),
        "y_ticks": [{"y": y_of(t), "label": _number(t)} for t in ticks],
        "x_ticks": x_ticks,
        "x_label_y": y_bottom + 4 + LINE,
        "x_year_y": y_bottom + 4 + 2 * LINE,
        "cutoffs": lines,
        "polyline": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
        "first_day": first_day,
        "last_day": last_day,
        "first_day_text": formats.date_format(first_day),
        "last_day_text": formats.date_format(last_day),
    }


def bar_chart(labels, series, *, stacked=False, y_label="", x_label=""):
    """Vertical bars: one group per label, one bar (or stack segment) per series.

    ``series``: (name, values) pairs with one value per label. ``y_label`` names what is
    counted, ``x_label`` what the groups are. Group labels are thinned to those that fit side
    by side; a bar's (or a stack's) total is written on top where the bar is wide enough."""
    if not labels or not series:
        return None
    if stacked:
        totals = [sum(values[i] or 0 for _, values in series) for i in range(len(labels))]
    else:
        totals = [max(values[i] or 0 for _, values in series) for i in range(len(labels))]
    title = wrap(y_label, WIDTH - 8, max_lines=2) if y_label else []
    plot_h = 150
    ticks = nice_ticks(0, max(max(totals), 1), max_count=6, whole=True)
    top = ticks[-1]
    pad_l = max(text_width(_number(t)) for t in ticks) + 8
    x1, x2 = round(pad_l, 1), WIDTH - 4
    y_top = len(title) * LINE + 10 + LINE  # room for the values written on the tallest bars
    y_bottom = y_top + plot_h
    group_w = (x2 - x1) / len(labels)
    per_group = 1 if stacked else len(series)
    bar_w = group_w * 0.8 / per_group

    def y_of(value):
        return round(y_bottom - plot_h * value / top, 1)

    bars, values = [], []
    for i, label in enumerate(labels):
        x0 = x1 + group_w * i + group_w * 0.1
        base = 0
        for k, (name, series_values) in enumerate(series):
            value = series_values[i] or 0
            if stacked:
                x, y, h = x0, y_of(base + value), plot_h * value / top
                base += value
            else:
                x, y, h = x0 + bar_w * k, y_of(value), plot_h * value / top
            bars.append(
                {
                    "x": round(x, 1),
                    "y": y,
                    "w": round(max(bar_w - 1, 1), 1),
                    "h": round(h, 1),
                    "series": k,
                    "title": f"{label}, {name}: {_number(value)}",
                }
            )
            if not stacked and text_width(_number(value)) + 4 <= bar_w:
                values.append({"x": round(x + bar_w / 2, 1), "y": y - 4, "text": _number(value)})
        if stacked and text_width(_number(base)) + 4 <= bar_w:
            values.append(
                {"x": round(x0 + bar_w / 2, 1), "y": y_of(base) - 4, "text": _number(base)}
            )
    centres = [x1 + group_w * (i + 0.5) for i in range(len(labels))]
    widths = [text_width(label) for label in labels]
    label_xs = [_centred(c, w, 0, WIDTH) for c, w in zip(centres, widths, strict=True)]
    spans = [(x - w / 2, x + w / 2) for x, w in zip(label_xs, widths, strict=True)]
    x_labels = [{"x": label_xs[i], "text": str(labels[i])} for i in thin_evenly(spans)]
    label_y = y_bottom + 4 + LINE
    return {
        "width": WIDTH,
        "height": label_y + (LINE + 4 if x_label else 0) + 6,
        "title": _title(title),
        "axis": _axis(x1, x2, y_top, y_bottom),
        "y_ticks": [{"y": y_of(t), "label": _number(t)} for t in ticks],
        "bars": bars,
        "values": values,
        "legend": [{"name": name, "series": k} for k, (name, _) in enumerate(series)],
        "x_labels": x_labels,
        "label_y": label_y,
        "x_title": {"x": round((x1 + x2) / 2, 1), "y": label_y + LINE + 4, "text": x_label}
        if x_label
        else None,
    }


def hbar_chart(rows, *, unit="", value_label=""):
    """Horizontal bars, one per (label, value), each label written on its own line above its
    bar so long names need no truncating on a phone; the value at the bar's end. Negative
    values grow left of a zero line. ``value_label`` names the measure (the axis title)."""
    if not rows:
        return None
    title = wrap(value_label, WIDTH - 8, max_lines=2) if value_label else []
    texts = [f"{_number(v)}{unit}" for _, v in rows]
    room = max(text_width(t) for t in texts) + 6  # for the value beside the longest bar
    low = min(0, min(v for _, v in rows))
    high = max(0, max(v for _, v in rows))
    span = (high - low) or 1
    left = room if low < 0 else 0
    right = WIDTH - (room if high > 0 else 0)
    zero_x = left + (right - left) * (0 - low) / span
    y = len(title) * LINE + 8
    bars = []
    for (label, value), text in zip(rows, texts, strict=True):
        label_lines = wrap(label, WIDTH, max_lines=2)
        label = [
            {"x": 4, "y": round(y + LINE * (k + 1) - 3, 1), "text": t}
            for k, t in enumerate(label_lines)
        ]
        y += LINE * len(label_lines) + 2
        w = (right - left) * abs(value) / span
        x = zero_x if value >= 0 else zero_x - w
        bars.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "w": round(max(w, 1), 1),
                "h": 16,
                "label": label,
                "value": text,
                "value_x": round(x + w + 4 if value >= 0 else x - 4, 1),
                "value_y": round(y + 8, 1),
                "zero_y1": round(y - 2, 1),
                "zero_y2": round(y + 18, 1),
                "anchor": "start" if value >= 0 else "end",
                "title": f"{' '.join(label_lines)}: {text}",
            }
        )
        y += 16 + 12
    return {
        "width": WIDTH,
        "height": round(y, 1),
        "title": _title(title),
        "bars": bars,
        "zero_x": round(zero_x, 1),
    }
