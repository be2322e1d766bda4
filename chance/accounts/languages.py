"""Which language a user reads CHANCE in.

A saved choice (``User.language``) beats everything; without one, a page follows the language
cookie set by the header's switch, then the browser's Accept-Language (Django's LocaleMiddleware),
and what is sent by e-mail is in English, the program's working language.
"""

from contextlib import contextmanager

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation

# Django knows no Haitian Creole; without this, get_language_info("ht") fails.
LANG_INFO.setdefault(
    "ht", {"bidi": False, "code": "ht", "name": "Haitian Creole", "name_local": "Kreyòl ayisyen"}
)

CODES = frozenset(code for code, _name in settings.LANGUAGES)


def language_of(user) -> str:
    """The language to write to ``user`` in when they are not in front of a page."""
    saved = getattr(user, "language", "")
    return saved if saved in CODES else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user):
    """Render an e-mail, a notification or a document in the recipient's language."""
    with translation.override(language_of(user)):
        yield
