"""Text typed by people: names and codes hold no invisible characters.

A right-to-left override (U+202E) makes "Ana" display as a different string, a zero-width space
makes two records of one name look the same to a reader and different to a search, and a control
character breaks exports. Names (youths', caregivers', contacts', staff) and codes (home codes,
case and record numbers) refuse them all: one validator, set on the model fields (``validators=``),
so every ModelForm shows the refusal next to the field and ``full_clean`` refuses it in actions.

Refused: every character of Unicode category Cf (format: the bidirectional embeddings, overrides
and isolates U+202A–U+202E and U+2066–U+2069, the marks U+200E/U+200F and U+061C, zero-width
U+200B–U+200D, U+FEFF, the soft hyphen U+00AD, ...) and Cc (control characters, tab and newline
included: a name or code is one line). Letters with accents, apostrophes, hyphens and the
Hawaiian ʻokina (U+02BB, a letter) are ordinary text and pass.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

REFUSED_CATEGORIES = frozenset({"Cf", "Cc"})


def invisible_characters(value: str) -> list[str]:
    """The refused characters in ``value``, each once, in order, as "U+202E" code points."""
    seen = []
    for char in value or "":
        if unicodedata.category(char) in REFUSED_CATEGORIES:
            code = f"U+{ord(char):04X}"
            if code not in seen:
                seen.append(code)
    return seen


@deconstructible
class VisibleTextValidator:
    """Refuses invisible format and control characters (see the module docstring)."""

    message = _(
        "Remove the invisible character(s) %(codes)s: a name or code may hold only visible "
        "letters, digits, spaces and punctuation (a character that changes how text is shown, "
        "such as a right-to-left override, is not allowed)."
    )
    code = "invisible_character"

    def __call__(self, value):
        found = invisible_characters(value if isinstance(value, str) else str(value))
        if found:
            raise ValidationError(self.message, code=self.code, params={"codes": ", ".join(found)})

    def __eq__(self, other):
        return isinstance(other, VisibleTextValidator)

    def __hash__(self):
        return hash(type(self))


visible_text = VisibleTextValidator()
