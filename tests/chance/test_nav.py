"""The main navigation per role: at most seven entries on the bar, every link one the role may
open, the page the user is on marked (and the menu holding it), and the youth search in the
header finding a youth by record number in any form, only among the youths the user may see."""

import re

import pytest
from django.urls import reverse

from chance.nav import MAX_TOP
from tests import factories

ROLES = ("supervisor", "clinician", "clinician2", "coordinator", "oncall", "support", "admin_user")


def _nav(html):
    return html[
        html.index('<ul class="usa-nav__primary') : html.index('class="usa-nav__secondary"')
    ]


def _page(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _bar(html):
    """The bar's entries: the top links' and menus' labels, in order."""
    return re.findall(
        r'<li class="usa-nav__primary-item">\s*<(?:a|button)[^>]*><span>([^<]+)</span>', _nav(html)
    )


def _links(html):
    found = re.findall(r'<a href="([^"]+)"[^>]*><span>([^<]+)</span>', _nav(html))
    return {label: url for url, label in found}


@pytest.mark.parametrize("persona", ROLES)
def test_every_role_has_at_most_seven_entries_each_one_it_may_open(request, login, persona):
    user = request.getfixturevalue(persona)
    client = login(user)
    html = _page(client)
    bar = _bar(html)
    assert 1 < len(bar) <= MAX_TOP, bar
    links = _links(html)
    assert links["Home"] == "/"
    for label, url in links.items():
        assert client.get(url).status_code == 200, (persona, label, url)


def test_long_lists_fold_into_menus_and_short_ones_stay_flat(login, supervisor, clinician):
    boss = _page(login(supervisor))
    assert _bar(boss) == [
        "Home",
        "My caseload",
        "My due work",
        "Team overdue",
        "Audit trail",
        "Program",
        "More",
    ]
    assert {"Placement board", "Youths", "Crisis calls", "Reports"} <= set(_links(boss))
    assert 'aria-controls="nav-menu-program"' in boss and 'id="nav-menu-program"' in boss
    assert "usa-accordion__button" not in _nav(_page(login(clinician)))


def test_a_coordinator_keeps_the_waitlist_and_the_board_on_the_bar(login, coordinator):
    bar = _bar(_page(login(coordinator)))
    assert {"Youths", "STFC waitlist", "New referral", "Placement board"} <= set(bar)
    assert len(bar) <= MAX_TOP


def test_the_on_call_clinician_keeps_the_rota_and_the_calls_on_the_bar(login, oncall, shift_now):
    bar = _bar(_page(login(oncall)))
    assert {"On-call", "Crisis calls", "My caseload"} <= set(bar)
    assert len(bar) <= MAX_TOP


def test_off_shift_the_crisis_calls_are_not_offered(login, oncall):
    """Outside a shift the crisis-call log is a 404 for an on-call clinician: no link to it."""
    assert "Crisis calls" not in _links(_page(login(oncall)))


@pytest.mark.parametrize(
    "persona, missing",
    [
        ("support", {"Placement board", "Audit trail", "Reports", "My caseload", "Youths"}),
        ("clinician", {"Audit trail", "Placement board", "New referral", "Team overdue"}),
        ("coordinator", {"Audit trail", "Break-the-glass", "My caseload", "Crisis calls"}),
        ("admin_user", {"My caseload", "Placement board", "Youths", "Homes"}),
        ("oncall", {"Audit trail", "Placement board", "Youths"}),
    ],
)
def test_a_role_does_not_get_the_pages_it_may_not_open(request, login, persona, missing):
    links = _links(_page(login(request.getfixturevalue(persona))))
    assert not missing & set(links), missing & set(links)


def test_reports_and_the_admin_site_are_in_reach_of_those_who_read_them(
    login, supervisor, coordinator, admin_user
):
    for user in (supervisor, coordinator, admin_user):
        assert _links(_page(login(user)))["Reports"] == reverse("reports:index")
    assert _links(_page(login(admin_user)))["Users and catalogues"] == reverse("admin:index")


def test_a_page_inside_a_menu_marks_its_link_and_the_menu(login, supervisor):
    html = _nav(_page(login(supervisor), reverse("placements:board")))
    board = reverse("placements:board")
    assert f'<a href="{board}" class="usa-current" aria-current="page">' in html
    assert html.count('aria-current="page"') == 1
    assert re.search(
        r'class="usa-accordion__button usa-nav__link usa-current"[^>]*"nav-menu-program"', html
    )
    assert (
        'usa-nav__link usa-current" aria-expanded="false" aria-controls="nav-menu-more' not in html
    )


def test_the_header_has_a_menu_button_for_narrow_screens_and_a_skip_link(login, clinician):
    html = _page(login(clinician))
    assert '<button type="button" class="usa-menu-btn">Menu</button>' in html
    assert 'class="usa-nav__close"' in html and 'class="usa-overlay"' in html
    assert '<a class="usa-skipnav" href="#main">' in html and 'id="main"' in html
    assert "confidential health records. Access is logged." in html


def test_the_sign_in_page_has_no_navigation(client):
    html = _page(client, reverse("login"))
    assert 'class="usa-nav"' not in html and "usa-menu-btn" not in html
    assert "confidential health records. Access is logged." in html


def test_messages_are_uswds_alerts_in_a_status_region(login, clinician):
    client = login(clinician)
    response = client.post(reverse("notifications:read"), follow=True)
    html = response.content.decode()
    assert '<div class="chance-messages" role="status">' in html
    assert 'class="usa-alert usa-alert--slim usa-alert--success"' in html


# --- The youth search in the header -------------------------------------------------------


def _search_form(html):
    start = html.index('<form class="usa-search usa-search--small" role="search"')
    return html[start : html.index("</form>", start)]


def test_the_header_search_finds_a_clinicians_youth_by_record_number_in_any_form(
    login, clinician, youth
):
    client = login(clinician)
    form = _search_form(_page(client))
    assert f'action="{reverse("cases:list")}"' in form and 'name="q"' in form
    assert 'aria-label="Find a youth"' in form and '<label class="usa-sr-only"' in form
    number = int(youth.record_number.split("-")[1])
    detail = reverse("cases:detail", args=[youth.pk])
    for typed in (f"CH-{number}", str(number), f"ch{number:05d}", youth.legal_last_name):
        html = _page(client, reverse("cases:list") + f"?q={typed}")
        assert f'href="{detail}"' in html, typed


def test_the_header_search_never_shows_a_youth_off_the_clinicians_team(
    login, clinician, clinician2, coordinator, youth
):
    other = factories.refer_youth(by=coordinator, legal_last_name="Elsewhere")
    number = int(other.record_number.split("-")[1])
    found = f'href="{reverse("cases:detail", args=[other.pk])}"'
    assert found in _page(login(coordinator), reverse("cases:list") + f"?q=CH-{number}")
    for typed in (f"CH-{number}", "Elsewhere"):
        html = _page(login(clinician), reverse("cases:list") + f"?q={typed}")
        assert found not in html and other.record_number not in html, typed
    # clinician2 is on no team: even the clinician's own youth stays hidden from them
    html = _page(login(clinician2), reverse("cases:list") + f"?q={youth.record_number}")
    assert f'href="{reverse("cases:detail", args=[youth.pk])}"' not in html


def test_roles_without_youths_get_no_search_box(login, admin_user):
    assert 'role="search"' not in _page(login(admin_user))


def test_a_user_holding_every_role_still_gets_at_most_seven_entries(login, db):
    from chance.accounts import roles

    everyone = factories.make_user("everything", *roles.ALL_ROLES, is_staff=True)
    client = login(everyone)
    html = _page(client)
    bar = _bar(html)
    assert len(bar) <= MAX_TOP, bar
    assert len(_links(html)) >= 15  # nothing was dropped, only folded
    for label, url in _links(html).items():
        assert client.get(url).status_code == 200, (label, url)
