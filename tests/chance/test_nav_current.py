"""The main navigation marks the page the user is on, and only that one."""

import re

from django.urls import reverse


def _current_links(html):
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


def test_the_page_the_user_is_on_is_marked_in_the_navigation(login, coordinator):
    client = login(coordinator)
    for name in ("home", "cases:list", "cases:waitlist", "placements:board"):
        url = reverse(name)
        html = client.get(url).content.decode()
        nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
        assert _current_links(nav) == [url], name


def test_a_page_outside_the_navigation_marks_nothing(login, coordinator):
    html = login(coordinator).get(reverse("notifications:list")).content.decode()
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    assert 'aria-current="page"' not in nav
