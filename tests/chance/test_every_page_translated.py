"""Every page each demo role reaches, asked for in Spanish and in Haitian Creole, is in that
language: ``<html lang>`` says so, and no text or label on it is one of our own English strings
left untranslated (a string from the catalogues shown as its English msgid).

The crawl is the browser crawl's (tests/e2e/test_every_page.py) without the browser: each role
follows the links it is shown, breadth-first from its home page, each route once. What people
typed (names, notes) is data and may be in any language; only the catalogues' own words count.
"""

import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import Resolver404

from tests.e2e.test_every_page import (
    ADMIN_PREFIX,
    DOWNLOAD_SUFFIXES,
    MAX_PAGES,
    NOT_FOLLOWED,
    ROLES,
    route_of,
)

ATTRIBUTES = ("aria-label", "placeholder", "title", "alt", "data-label")
# Words that are the same in English and the other language's usage, or names we keep.
SAME_EVERYWHERE = {"CHANCE", "OK", "Total", "Part 2", "—"}


def _english_left(code):
    """Our msgids whose translation differs from the English, as they appear on a page."""
    po = polib.pofile(str(settings.BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"))
    left = set()
    for entry in po:
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        for msgid, msgstr in pairs:
            if "%" in msgid or "{" in msgid or msgid == msgstr or msgid in SAME_EVERYWHERE:
                continue
            left.add(" ".join(msgid.split()))
    return left


class _Texts(HTMLParser):
    """The page's visible text nodes and labelling attributes, and its links. Text marked as
    another language (``lang="en"`` on the switch's "English") is not the page's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.links, self.lang = [], [], None
        self._skip = []  # [tag, depth] of each open element whose text is not counted

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif self._skip and tag == self._skip[-1][0]:
            self._skip[-1][1] += 1
        elif tag in ("script", "style") or (attrs.get("lang") and attrs["lang"] != self.lang):
            self._skip.append([tag, 1])
        if tag == "a" and attrs.get("href") and "download" not in attrs:
            self.links.append(attrs["href"])
        if not self._skip:
            self.texts += [attrs[name] for name in ATTRIBUTES if attrs.get(name)]

    def handle_endtag(self, tag):
        if self._skip and tag == self._skip[-1][0]:
            self._skip[-1][1] -= 1
            if not self._skip[-1][1]:
                self._skip.pop()

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def english_on(html, english):
    """The page's language, the English strings left on it, and its links."""
    page = _Texts()
    page.feed(html)
    words = (" ".join(text.split()) for text in page.texts)
    return page.lang, [w for w in words if w in english or w.rstrip(":") in english], page.links


def _follow(href):
    url = urlsplit(href)
    if url.scheme or url.netloc or not url.path.startswith("/"):
        return None
    if url.path.startswith(ADMIN_PREFIX) or url.path.endswith(DOWNLOAD_SUFFIXES):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def crawl(client, code, english):
    problems, first, queue = [], {}, deque([("home", "/")])
    first["home"] = "/"
    while queue:
        route, path = queue.popleft()
        assert len(first) <= MAX_PAGES, sorted(first)
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=code, follow=True)
        if response.status_code >= 400 or "text/html" not in response.get("Content-Type", ""):
            continue
        lang, left, links = english_on(response.content.decode(), english)
        if lang != code:
            problems.append(f"{route}: <html lang={lang!r}>")
        problems += [f"{route}: {words!r} left in English" for words in left]
        for href in links:
            target = _follow(href)
            if target is None:
                continue
            try:
                name = route_of(urlsplit(target).path)
            except Resolver404:
                continue
            if name not in first and name not in NOT_FOLLOWED:
                first[name] = target
                queue.append((name, target))
    return first, problems


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("code", ["es", "ht"])
def test_every_page_of_every_role_is_in_the_asked_language(client, demo, code):
    english = _english_left(code)
    found = {}
    for role in ROLES:
        client.logout()
        client.force_login(get_user_model().objects.get(username=role))
        reached, problems = crawl(client, code, english)
        assert len(reached) > 3, f"{role} reached only {sorted(reached)}"
        found[role] = sorted(set(problems))
    assert {role: p for role, p in found.items() if p} == {}


def test_the_check_sees_english_left_on_a_page():
    html = (
        '<html lang="es"><h1>Safety plan</h1><button aria-label="Close">x</button>'
        "<p>Plan de  seguridad</p><label>Reason:</label><script>var a = 'Close';</script>"
        '<ul><li><a lang="en" href="/x/">Close <b>Close</b></a></li></ul>'
        '<a href="/youths/">x</a></html>'
    )
    lang, left, links = english_on(html, {"Safety plan", "Close", "Reason", "Plan de seguridad"})
    assert (lang, links) == ("es", ["/x/", "/youths/"])
    # The Spanish text matches only because it is in the set given here; the script and the
    # text marked as English are skipped.
    assert left == ["Safety plan", "Close", "Plan de seguridad", "Reason:"]
    assert english_on(html, {"Youths"})[1] == []
