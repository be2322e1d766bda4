"""An instrument's texts in the language it is given in.

A definition may carry ``translations``: for each language besides English, the name, the
description, every section, item, option, subscale and level, keyed as the English definition
is. Scoring never reads them: it works on item keys and option values, so a Spanish and an
English administration of one version score alike. A translation is part of the version, as
the English text is: changing a word needs a new version (``instrument_files``).

Instruments under licence (CRAFFT 2.1) carry no translation of ours; a translated version is
loaded only where its authors publish one.
"""

import copy

from django.conf import settings

from .scoring import DefinitionError

ENGLISH = "en"


def languages(defn: dict) -> list[str]:
    """The languages an instrument can be given in, English first."""
    return [ENGLISH, *defn.get("translations", {})]


def _levels(defn):
    return [band["level"] for band in defn.get("cutoffs", []) + defn.get("overrides", [])]


def _choice_scales(defn):
    return {name: s for name, s in defn["scales"].items() if s["kind"] == "choice"}


def validate_translations(defn: dict) -> None:
    """Refuse a translation that leaves a text out or names one the definition lacks."""
    known = {code for code, _name in settings.LANGUAGES} - {ENGLISH}
    for lang, text in defn.get("translations", {}).items():
        if lang not in known:
            raise DefinitionError(f"translation into unknown language {lang!r}")
        if not text.get("name"):
            raise DefinitionError(f"{lang}: translation has no name")
        expected = {
            "sections": {s["key"] for s in defn.get("sections", [])},
            "items": {i["key"] for i in defn["items"]},
            "subscales": {s["key"] for s in defn["subscales"]},
            "levels": set(_levels(defn)),
        }
        for part, keys in expected.items():
            given = text.get(part, {})
            if set(given) != keys or not all(given.values()):
                missing, extra = sorted(keys - set(given)), sorted(set(given) - keys)
                raise DefinitionError(
                    f"{lang}: {part} must translate each one: missing {missing}, unknown {extra}"
                )
        for name, scale in _choice_scales(defn).items():
            labels = text.get("scales", {}).get(name, [])
            if len(labels) != len(scale["options"]) or not all(labels):
                raise DefinitionError(f"{lang}: scale {name!r} needs one label per option")


def localized(defn: dict, lang: str) -> dict:
    """The definition with its texts in ``lang``; English (as loaded) without a translation."""
    text = defn.get("translations", {}).get(lang)
    if text is None:
        return defn
    out = copy.deepcopy(defn)
    out["name"] = text["name"]
    out["description"] = text.get("description", defn.get("description", ""))
    for section in out.get("sections", []):
        section["label"] = text["sections"][section["key"]]
    for item in out["items"]:
        item["text"] = text["items"][item["key"]]
    for name, labels in text.get("scales", {}).items():
        for option, label in zip(out["scales"][name]["options"], labels, strict=True):
            option["label"] = label
    for sub in out["subscales"]:
        sub["label"] = text["subscales"][sub["key"]]
    for band in out.get("cutoffs", []) + out.get("overrides", []):
        band["level"] = text["levels"][band["level"]]
    return out


def name_in(defn: dict, lang: str) -> str:
    return defn.get("translations", {}).get(lang, {}).get("name") or defn["name"]


def level_in(defn: dict, level: str, lang: str) -> str:
    """A stored (English) level read in ``lang``."""
    return defn.get("translations", {}).get(lang, {}).get("levels", {}).get(level, level)
