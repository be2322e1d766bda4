"""Instrument definitions (services/instruments/*.yaml) and their scoring, as pure functions.

Nothing here touches the database, so every instrument can be tested against hand-computed
examples. A definition is a dict with ``items`` (key, text, scale, optional section and
``skip_if_all_zero``), ``scales`` (integer ranges or choice lists), ``subscales`` (sum or mean of
items), ``primary`` (the subscale charted over time and banded by ``cutoffs``) and optional
``overrides`` (a subscale value that forces a level, e.g. any exploitation indicator).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

SEVERITIES = ("low", "medium", "high")
METHODS = ("sum", "mean")


class DefinitionError(ValueError):
    """The instrument file itself is wrong (caught when loading, never at scoring time). Its
    messages are for whoever edits the instrument files, so they stay in English."""


@dataclass(frozen=True)
class Result:
    scores: dict = field(default_factory=dict)
    primary: float | None = None
    level: str = ""
    severity: str = ""


def validate_definition(defn: dict) -> None:
    """Refuse a definition that could not be rendered or scored; say exactly what is wrong."""
    for key in ("code", "version", "name", "scales", "items", "subscales", "primary"):
        if key not in defn:
            raise DefinitionError(f"missing '{key}'")
    scales = defn["scales"]
    for name, scale in scales.items():
        if scale.get("kind") == "integer":
            if not isinstance(scale.get("min"), int) or not isinstance(scale.get("max"), int):
                raise DefinitionError(f"scale '{name}' needs integer min and max")
        elif scale.get("kind") == "choice":
            if not scale.get("options"):
                raise DefinitionError(f"scale '{name}' has no options")
        else:
            raise DefinitionError(f"scale '{name}' has unknown kind {scale.get('kind')!r}")
    keys = set()
    for item in defn["items"]:
        if item.get("key") in keys or not item.get("key"):
            raise DefinitionError(f"item key {item.get('key')!r} is empty or repeated")
        keys.add(item["key"])
        if item.get("scale") not in scales:
            raise DefinitionError(f"item '{item['key']}' uses unknown scale {item.get('scale')!r}")
        if not item.get("text"):
            raise DefinitionError(f"item '{item['key']}' has no text")
    for item in defn["items"]:
        for other in item.get("skip_if_all_zero", []):
            if other not in keys:
                raise DefinitionError(f"item '{item['key']}' skips on unknown item '{other}'")
    subscale_keys = set()
    for sub in defn["subscales"]:
        if sub.get("method") not in METHODS:
            raise DefinitionError(f"subscale '{sub.get('key')}' has unknown method")
        unknown = set(sub.get("items", [])) - keys
        if unknown or not sub.get("items"):
            raise DefinitionError(f"subscale '{sub.get('key')}' has unknown or no items {unknown}")
        subscale_keys.add(sub["key"])
    if defn["primary"] not in subscale_keys:
        raise DefinitionError("'primary' must name a subscale")
    for band in defn.get("cutoffs", []) + defn.get("overrides", []):
        if band.get("severity") not in SEVERITIES or "min" not in band or not band.get("level"):
            raise DefinitionError(f"cut-off {band!r} needs min, level and a known severity")
    for override in defn.get("overrides", []):
        if override.get("subscale") not in subscale_keys:
            raise DefinitionError(f"override names unknown subscale {override.get('subscale')!r}")
    mins = [band["min"] for band in defn.get("cutoffs", [])]
    if mins != sorted(mins):
        raise DefinitionError("cut-offs must be listed from the lowest min to the highest")


def is_skipped(item: dict, responses: dict) -> bool:
    """CRAFFT-style skip pattern: not asked when every named item was answered 0."""
    others = item.get("skip_if_all_zero")
    if not others:
        return False
    return all(responses.get(other) == 0 for other in others)


def allowed_values(scale: dict) -> list[int] | range:
    if scale["kind"] == "integer":
        return range(scale["min"], scale["max"] + 1)
    return [option["value"] for option in scale["options"]]


def check_responses(defn: dict, responses: dict) -> dict[str, str]:
    """Errors by item key: a missing required answer or a value outside the item's scale."""
    errors = {}
    scales = defn["scales"]
    for item in defn["items"]:
        value = responses.get(item["key"])
        if value is None:
            if not is_skipped(item, responses):
                errors[item["key"]] = _("Answer this question.")
            continue
        scale = scales[item["scale"]]
        if isinstance(value, bool) or not isinstance(value, int):
            errors[item["key"]] = _("Enter a whole number.")
        elif value not in allowed_values(scale):
            if scale["kind"] == "integer":
                errors[item["key"]] = _("Enter a number from %(min)s to %(max)s.") % {
                    "min": scale["min"],
                    "max": scale["max"],
                }
            else:
                errors[item["key"]] = _("Choose one of the listed answers.")
    unknown = set(responses) - {item["key"] for item in defn["items"]}
    if unknown:
        errors["__all__"] = _("Unknown items: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
    return errors


def _round(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _band(bands: list[dict], value) -> dict | None:
    chosen = None
    for band in bands:
        if value >= band["min"]:
            chosen = band
    return chosen


def score(defn: dict, responses: dict) -> Result:
    """Subscale scores, the primary score and its level. Skipped or unanswered items are left
    out (a skipped CRAFFT question counts as "no"); a mean over no answered items is None."""
    scores = {}
    for sub in defn["subscales"]:
        values = [responses[key] for key in sub["items"] if responses.get(key) is not None]
        if sub["method"] == "sum":
            scores[sub["key"]] = sum(values)
        else:
            scores[sub["key"]] = _round(sum(values) / len(values)) if values else None
    primary = scores.get(defn["primary"])
    level, severity = "", ""
    if primary is not None:
        band = _band(defn.get("cutoffs", []), primary)
        if band:
            level, severity = band["level"], band["severity"]
    for override in defn.get("overrides", []):
        value = scores.get(override["subscale"])
        if (
            value is not None
            and value >= override["min"]
            and SEVERITIES.index(override["severity"]) >= SEVERITIES.index(severity or "low")
        ):
            level, severity = override["level"], override["severity"]
    return Result(scores=scores, primary=primary, level=level, severity=severity)


def subscale_labels(defn: dict) -> list[tuple[str, str]]:
    """(key, name) of each subscale, in the definition's words (localize it first to read them
    in the reader's language: ``Instrument.in_reader_language``)."""
    return [(sub["key"], sub["label"]) for sub in defn["subscales"]]


def cutoff_bands(defn: dict) -> list[dict]:
    """The definition's cut-offs (for the chart), in its words, as subscale_labels."""
    return defn.get("cutoffs", [])


def primary_range(defn: dict) -> tuple[float, float]:
    for sub in defn["subscales"]:
        if sub["key"] == defn["primary"]:
            low, high = sub.get("range", (0, 1))
            return float(low), float(high)
    return 0.0, 1.0


def answer_label(defn: dict, item: dict, value) -> str | None:
    """What an answer said, in the instrument's words: a choice item's option label ("Yes",
    "4 — Mostly true"), an integer item's number; None when the item was not answered."""
    if value is None:
        return None
    scale = defn["scales"][item["scale"]]
    if scale["kind"] == "integer":
        return str(value)
    labels = {option["value"]: option["label"] for option in scale["options"]}
    return labels.get(value, str(value))


def answer_rows(defn: dict, responses: dict) -> list[dict]:
    """One row per item, in the instrument's order: its question and the labelled answer."""
    return [
        {
            "key": item["key"],
            "text": item["text"],
            "answer": answer_label(defn, item, responses.get(item["key"])),
            "skipped": is_skipped(item, responses),
        }
        for item in defn["items"]
    ]
