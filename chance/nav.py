"""The main navigation: which pages each user's roles reach, arranged so the bar never holds more
than seven entries.

Every page a role works from is listed once here, in the order it shows, with who may reach it
(the same role and permission checks the page's view makes). A short list shows flat; a long one
folds its less daily pages into the "More" menu, then the program-wide lists into "Program",
then both into one "More" menu, so the bar stays at :data:`MAX_TOP` entries for any mix of
roles. A page keeps its place on the bar for the roles whose daily work it is (``top_for``).
An app whose page needs more than a role check says so with :func:`register_reach`.

This module is on the ground floor: the pages of ``cases``, ``placements`` and ``services`` are
named by their URL names, never imported.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chance.accounts import roles

MAX_TOP = 7
MORE = "more"
PROGRAM = "program"
GROUP_LABELS = {PROGRAM: _("Program"), MORE: _("More")}


def _roles(*names):
    return lambda user: user.has_role(*names)


def _perms(*names):
    return lambda user: user.has_perms(names)


@dataclass(frozen=True)
class Page:
    url_name: str
    label: str
    shown: Callable = lambda user: True  # who reaches the page
    group: str | None = None  # the menu it folds into when the bar is full
    top_for: frozenset = frozenset()  # roles whose daily work it is: it stays on the bar

    def stays_top(self, user):
        return self.group is None or user.has_role(*self.top_for)


PAGES = [
    Page("home", _("Home")),
    Page(
        "cases:caseload", _("My caseload"), _roles(roles.CLINICIAN, roles.SUPERVISOR, roles.ONCALL)
    ),
    Page("reminders:due_work", _("My due work"), _roles(*roles.OFFICE_ROLES)),
    Page("reminders:team_overdue", _("Team overdue"), _roles(roles.SUPERVISOR)),
    Page(
        "cases:list",
        _("Youths"),
        _roles(roles.COORDINATOR, roles.SUPERVISOR),
        PROGRAM,
        frozenset({roles.COORDINATOR}),
    ),
    Page(
        "cases:waitlist",
        _("STFC waitlist"),
        _roles(roles.COORDINATOR, roles.SUPERVISOR),
        PROGRAM,
        frozenset({roles.COORDINATOR}),
    ),
    Page("cases:intake", _("New referral"), _perms("cases.add_youth", "cases.add_referral")),
    Page(
        "placements:board",
        _("Placement board"),
        _perms("placements.view_all_homes"),
        PROGRAM,
        frozenset({roles.COORDINATOR}),
    ),
    Page("placements:home_list", _("Homes"), _perms("placements.view_home"), PROGRAM),
    Page(
        "placements:staff_training_list",
        _("Staff training"),
        _perms("placements.view_trainingrecord"),
        PROGRAM,
    ),
    Page(
        "services:oncall_rota",
        _("On-call"),
        _roles(roles.CLINICIAN, roles.COORDINATOR, roles.SUPERVISOR, roles.ONCALL, roles.ADMIN),
        MORE,
        frozenset({roles.ONCALL}),
    ),
    Page(
        "services:crisis_calls",
        _("Crisis calls"),
        _roles(roles.SUPERVISOR, roles.ONCALL),
        MORE,
        frozenset({roles.ONCALL}),
    ),
    Page("audit:trail", _("Audit trail"), _roles(roles.SUPERVISOR, roles.ADMIN)),
    Page("cases:break_glass", _("Break-the-glass"), _roles(roles.CLINICIAN, roles.ONCALL), MORE),
    # The roles chance.reports.scope gives a scope (clinicians: their caseload's figures).
    Page(
        "reports:index",
        _("Reports"),
        _roles(roles.SUPERVISOR, roles.ADMIN, roles.COORDINATOR, roles.CLINICIAN),
        MORE,
    ),
    Page(
        "admin:index",
        _("Users and catalogues"),
        lambda user: user.is_staff and user.has_role(roles.ADMIN),
        MORE,
    ),
]


_REACH: dict[str, Callable] = {}


def register_reach(url_name: str, check: Callable) -> None:
    """An app's own rule for who opens one of its pages, where roles and permissions alone do
    not decide it (an on-call clinician reaches the crisis calls only during a shift). Called in
    the app's ``AppConfig.ready()``; the page shows only to users for whom ``check(user)``."""
    _REACH[url_name] = check


@dataclass
class Entry:
    """One entry of the bar: a link (``url``) or a menu of links (``items``)."""

    label: str
    url: str = ""
    key: str = ""  # a menu's id
    items: list = field(default_factory=list)
    current: bool = False


def _size(top, menus):
    return len(top) + sum(1 if len(items) > 1 else len(items) for items in menus.values())


def _arrange(pages, user):
    """(top pages, {menu: pages}) with at most MAX_TOP entries; a menu of one page is no menu."""
    folds = [(), (MORE,), (MORE, PROGRAM)]
    for folded in folds:
        top = [p for p in pages if p.stays_top(user) or p.group not in folded]
        menus = {g: [p for p in pages if p not in top and p.group == g] for g in folded}
        if _size(top, menus) <= MAX_TOP:
            return top, menus
    # Still too many: one "More" menu for everything that may fold, then for the last pages.
    top = [p for p in pages if p.stays_top(user)]
    more = [p for p in pages if p not in top]
    while len(top) + 1 > MAX_TOP:
        more.insert(0, top.pop())
    return top, {MORE: [p for p in pages if p in more]}


def main_nav(user, path) -> list[Entry]:
    """The bar for ``user`` on the page at ``path``: links and menus, the current one marked."""
    if not user.is_authenticated:
        return []
    pages = [p for p in PAGES if p.shown(user) and _REACH.get(p.url_name, bool)(user)]
    top, menus = _arrange(pages, user)

    def link(page):
        url = reverse(page.url_name)
        return Entry(page.label, url=url, current=url == path)

    entries = [link(p) for p in top]
    for key in (PROGRAM, MORE):  # folded "More" first, shown last
        items = menus.get(key, [])
        if len(items) == 1:
            entries.append(link(items[0]))
        elif items:
            links = [link(p) for p in items]
            entries.append(
                Entry(
                    GROUP_LABELS[key],
                    key=key,
                    items=links,
                    current=any(e.current for e in links),
                )
            )
    return entries
