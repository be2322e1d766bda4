"""Every string meant for people is marked for translation (scripts/i18n_lint.py): a template
text, a label, a help text, a message, an error shown to users. ``python scripts/i18n_lint.py``
lists what is not; a line that is truly not for people (a code, a class name) carries
``# i18n: ok`` or ``{# i18n: ok #}``.
"""

import sys
from pathlib import Path

from django.conf import settings

sys.path.insert(0, str(Path(settings.BASE_DIR) / "scripts"))
import i18n_lint  # noqa: E402


def test_every_string_meant_for_people_is_marked():
    found = {name: [text for _line, text in hits] for name, hits in i18n_lint.findings().items()}
    assert found == {}, "unmarked strings: run python scripts/i18n_lint.py"


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
