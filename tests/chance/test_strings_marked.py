"""Strings meant for people are marked for translation (scripts/i18n_lint.py).

Marking the whole code base is under way (issue 18). Until it is done, the files that still have
unmarked strings are listed with their count in ``i18n_unmarked.json``, and the count may only
fall: a new unmarked string, or one in a file that had none, fails here. When a file's count
falls, lower it in the list (run ``python scripts/i18n_lint.py FILE`` to see what is left).
"""

import json
import sys
from pathlib import Path

from django.conf import settings

sys.path.insert(0, str(Path(settings.BASE_DIR) / "scripts"))
import i18n_lint  # noqa: E402

BASELINE = Path(__file__).with_name("i18n_unmarked.json")

# Finished: every string in these is marked, and must stay so.
DONE = [
    "templates/base.html",
    "templates/registration/login.html",
    "templates/chance/_language_switch.html",
    "chance/nav.py",
    "chance/reminders/delivery.py",
    "chance/accounts/languages.py",
]


def test_no_file_has_more_unmarked_strings_than_before():
    allowed = json.loads(BASELINE.read_text())
    found = {name: len(hits) for name, hits in i18n_lint.findings().items()}
    grown = {
        name: (count, allowed.get(name, 0))
        for name, count in found.items()
        if count > allowed.get(name, 0)
    }
    assert grown == {}, "unmarked strings (found, allowed): run scripts/i18n_lint.py on these"
    fallen = {
        name: (found.get(name, 0), n) for name, n in allowed.items() if found.get(name, 0) < n
    }
    assert fallen == {}, f"lower these counts in {BASELINE.name} (found, listed)"


def test_the_finished_files_have_none():
    assert all(name not in json.loads(BASELINE.read_text()) for name in DONE)
    paths = [Path(settings.BASE_DIR) / name for name in DONE]
    assert i18n_lint.findings(paths) == {}


def test_the_check_finds_an_unmarked_label_and_passes_a_marked_one(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('{% load i18n %}<h1>Safety plan</h1><input placeholder="Name">')
    good = tmp_path / "good.html"
    good.write_text('{% load i18n %}<h1>{% translate "Safety plan" %}</h1> CH-14')
    code = tmp_path / "forms.py"
    code.write_text(
        "from django import forms\nfrom django.utils.translation import gettext_lazy as _\n"
        "a = forms.CharField(label='Reason for referral')\n"
        "b = forms.CharField(label=_('Reason for referral'))\n"
    )
    texts = {
        name: [t for _line, t in hits]
        for name, hits in i18n_lint.findings([bad, good, code], root=tmp_path).items()
    }
    assert texts == {"bad.html": ["Name", "Safety plan"], "forms.py": ["Reason for referral"]}
