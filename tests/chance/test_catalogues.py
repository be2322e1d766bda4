"""The Spanish and Haitian Creole catalogues: complete, not fuzzy, compiled, and up to date with
the strings marked in the code."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGS = [code for code, _name in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _po(code):
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))


def _strings(entry):
    if entry.msgid_plural:
        return [
            (entry.msgid, entry.msgstr_plural.get(0, "")),
            (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
        ]
    return [(entry.msgid, entry.msgstr)]


@pytest.mark.parametrize("code", LANGS)
def test_every_entry_is_translated_and_none_is_fuzzy(code):
    po = _po(code)
    assert len(po) > 0
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []


@pytest.mark.parametrize("code", LANGS)
def test_translations_keep_every_placeholder(code):
    wrong = [
        (source, text)
        for entry in _po(code)
        for source, text in _strings(entry)
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert wrong == []


@pytest.mark.parametrize("code", LANGS)
def test_the_compiled_catalogue_matches_its_source(code):
    mo = polib.mofile(str(LOCALE / code / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in mo if e.msgid}
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
        for e in _po(code)
    }
    assert compiled == source, "run: make messages"


def test_the_catalogues_hold_every_string_marked_in_the_code(tmp_path):
    """makemessages on a copy of the sources must find nothing the committed catalogues lack."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is not installed (Debian package gettext); .ci/run installs it")
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    skip = shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__", "tests")
    shutil.copytree(root, copy, ignore=skip, symlinks=True)
    done = subprocess.run(
        # The same command as `make messages` (its languages and ignores are its own defaults).
        [sys.executable, "manage.py", "makemessages"],
        cwd=copy,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "chance.settings",
            "CHANCE_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for code in LANGS:
        found = {
            (e.msgctxt, e.msgid)
            for e in polib.pofile(str(copy / "locale" / code / "LC_MESSAGES" / "django.po"))
        }
        committed = {(e.msgctxt, e.msgid) for e in _po(code)}
        assert sorted(found - committed, key=str) == [], f"{code}: run make messages and translate"
        assert sorted(committed - found, key=str) == [], f"{code}: entries no code uses"


@pytest.mark.parametrize("code", LANGS)
def test_no_personal_data_enters_a_catalogue(code):
    """Only our own words are marked: no name of a demo youth, alias or user, and no
    e-mail address, is a catalogue entry (data is never passed to gettext)."""
    from cases.demo import DEMO_YOUTHS
    from chance.demo import DEMO_USERS

    names = {n for row in DEMO_YOUTHS for n in row[1:5] if n}
    # Demo users' first names (their last names are role words: "Cleo Clinician").
    names |= {first for _user, first, *_rest in DEMO_USERS}
    words = {
        w
        for e in _po(code)
        for text in (e.msgid, e.msgid_plural)
        for w in re.findall(r"[\w@.-]+", text)
    }
    assert sorted(names & words) == []
    assert [w for w in words if "@" in w] == []
