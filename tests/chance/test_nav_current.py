"""The main navigation marks the page the user is on, and only that one."""

import re

from django.urls import reverse


def _nav(html):
    return html[html.index('<nav aria-label="Main" class="usa-nav">') : html.index("</nav>")]


def _current_links(html):
    return re.findall(r'<a href="([^"]+)" class="[^"]*usa-current[^"]*" aria-current="page">', html)


def test_the_page_the_user_is_on_is_marked_in_the_navigation(login, coordinator):
    client = login(coordinator)
    for name in ("home", "cases:list", "cases:waitlist", "placements:board", "reports:index"):
        url = reverse(name)
        nav = _nav(client.get(url).content.decode())
        assert _current_links(nav) == [url], name
        assert nav.count('aria-current="page"') == 1, name


def test_a_page_outside_the_navigation_marks_nothing(login, coordinator):
    nav = _nav(login(coordinator).get(reverse("notifications:list")).content.decode())
    assert 'aria-current="page"' not in nav and "usa-current" not in nav
