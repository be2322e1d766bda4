"""Geometry of server-rendered SVG charts, computed here so templates only draw.

No JavaScript and no style attributes (the CSP forbids both); series colours come from CSS
classes (static/chance/reports.css). Every chart sits next to the table holding its numbers.
"""

W, H = 640, 240
PAD_L, PAD_R, PAD_T, PAD_B = 44, 12, 12, 44


def _nice_max(value):
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 5:
            return step * 5 if value > step * 4 else (int(value // step) + 1) * step
    return value


def bar_chart(labels, series, *, stacked=False):
    """Vertical bars: one group per label, one bar (or stack segment) per series.

    ``series``: list of (name, values) with len(values) == len(labels)."""
    if not labels or not series:
        return None
    if stacked:
        top = max((sum(s[1][i] or 0 for s in series) for i in range(len(labels))), default=0)
    else:
        top = max((v or 0 for _, values in series for v in values), default=0)
    top = _nice_max(top)
    inner_w, inner_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    group_w = inner_w / len(labels)
    bar_w = group_w * 0.8 if stacked else group_w * 0.8 / len(series)
    bars = []
    for i, label in enumerate(labels):
        x0 = PAD_L + group_w * i + group_w * 0.1
        base = 0
        for k, (name, values) in enumerate(series):
            value = values[i] or 0
            h = inner_h * value / top
            if stacked:
                x, y = x0, PAD_T + inner_h - (base + h)
                base += h
            else:
                x, y = x0 + bar_w * k, PAD_T + inner_h - h
            bars.append(
                {
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "w": round(max(bar_w - 1, 1), 1),
                    "h": round(h, 1),
                    "series": k,
                    "title": f"{label}, {name}: {value}",
                }
            )
    step = max(1, len(labels) // 12)
    return {
        "width": W,
        "height": H,
        "bars": bars,
        "legend": [{"name": name, "series": k} for k, (name, _) in enumerate(series)],
        "axis": {"x1": PAD_L, "x2": W - PAD_R, "y_top": PAD_T, "y_bottom": PAD_T + inner_h},
        "ticks": [
            {"y": round(PAD_T + inner_h * (1 - f), 1), "label": f"{top * f:g}"} for f in (0, 0.5, 1)
        ],
        "x_labels": [
            {"x": round(PAD_L + group_w * (i + 0.5), 1), "label": label}
            for i, label in enumerate(labels)
            if i % step == 0
        ],
        "label_y": H - PAD_B + 16,
    }


def hbar_chart(rows, *, unit=""):
    """Horizontal bars, one per (label, value); negative values grow left of a zero line."""
    if not rows:
        return None
    row_h, label_w = 26, 220
    width = W
    height = PAD_T + row_h * len(rows) + 8
    low = min(0, min(v for _, v in rows))
    high = max(0, max(v for _, v in rows))
    span = (high - low) or 1
    inner_w = width - label_w - PAD_R - 60
    zero_x = label_w + inner_w * (0 - low) / span
    bars = []
    for i, (label, value) in enumerate(rows):
        w = inner_w * abs(value) / span
        x = zero_x if value >= 0 else zero_x - w
        y = PAD_T + row_h * i
        bars.append(
            {
                "x": round(x, 1),
                "y": round(y + 4, 1),
                "w": round(max(w, 1), 1),
                "h": row_h - 8,
                "label": label,
                "label_y": round(y + row_h / 2, 1),
                "value": value,
                "value_x": round((x + w + 4) if value >= 0 else (x - 4), 1),
                "anchor": "start" if value >= 0 else "end",
                "title": f"{label}: {value}{unit}",
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "label_x": label_w - 8,
        "zero_x": round(zero_x, 1),
        "y_top": PAD_T,
        "y_bottom": height - 4,
        "unit": unit,
    }
