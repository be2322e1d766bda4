"""The top of a youth's overview, "At a glance": what a crisis asks first.

Status (missing since when), age, track, where the youth lives now, active alerts, primary
clinician, plan and next review, next due work, last contact and the latest scores. ``cases``
knows the status, age, track, alerts and team; the apps above it know the rest (the open
placement is a ``placements`` record, the plan, scores and contacts are ``services`` records),
and ``cases`` never imports them. So, as with ``youth_state`` and ``discharge``, each app
registers a provider in its ``AppConfig.ready()`` with :func:`register_glance_fact`.

A provider is called with the ``chance.access.YouthAccess`` the view already holds and the
reader, and answers one :class:`GlanceFact` or None: None, without a query, when
``access.grants`` do not let the reader see that part of the record (a support worker holds no
``view_clinical``: no plan, no scores, no note dates); otherwise from one query about this youth.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chance.access import YouthAccess
from chance.dates import day, moment
from chance.reminders.selectors import due_work_for_youth

from .actions import age_on
from .models import CaseAssignment


@dataclass(frozen=True)
class Tag:
    """A short badge (``usa-tag``). ``tone``: "" (neutral), "ok", "warn", "danger", "missing"."""

    text: str
    tone: str = ""


@dataclass(frozen=True)
class GlanceLine:
    """One item of a fact that lists several (a score per instrument, a piece of due work)."""

    text: str
    detail: str = ""
    tags: tuple[Tag, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class GlanceFact:
    key: str
    label: str  # the card's heading, translated: "Lives in"
    value: str = ""  # the answer: "CHANCE STFC home H-07"
    detail: str = ""  # a second line: "since Nov 2, 2026"
    tags: tuple[Tag, ...] = ()
    lines: tuple[GlanceLine, ...] = ()
    url: str = ""  # where the full answer is
    action: str = ""  # the words of that link
    order: int = 50
    footnote: str = ""  # after the lines: "and 2 more"
    wide: bool = False  # spans two columns on a wide screen (lists of lines)
    small: bool = False  # a short answer: half the width on a phone (age, track)


Provider = Callable[[YouthAccess, object], "GlanceFact | None"]
_PROVIDERS: dict[str, Provider] = {}


def register_glance_fact(key: str, provider: Provider):
    """``provider(access, viewer)`` answers a :class:`GlanceFact` or None, in at most one query
    (registering the same key again replaces it, so a reloaded app config does not show a fact
    twice)."""
    _PROVIDERS[key] = provider


def youth_glance(access: YouthAccess, viewer, *, team, alerts, states, today=None):
    """Every fact the reader may see, in order. ``team`` (open assignments), ``alerts`` (the
    active ones) and ``states`` are what the page already loaded; the next due work is one
    query, each registered provider at most one."""
    youth = access.youth
    today = today or timezone.localdate()
    facts = [
        _status(youth, states),
        _age(youth, today),
        _track(youth),
        _alerts(alerts),
        _primary_clinician(team),
        _next_due(access, youth),
    ]
    for key in sorted(_PROVIDERS):
        facts.append(_PROVIDERS[key](access, viewer))
    return sorted((f for f in facts if f is not None), key=lambda f: (f.order, f.key))


def _status(youth, states):
    tags = [Tag(youth.get_status_display(), "danger" if states else "")]
    tags += [Tag(s.label, s.tone) for s in states]
    acting = next((s for s in states if s.url), None)
    return GlanceFact(
        key="status",
        label=_("Status"),
        tags=tuple(tags),
        url=acting.url if acting else "",
        action=acting.action if acting else "",
        order=10,
    )


def _age(youth, today):
    years = age_on(youth.date_of_birth, today)
    return GlanceFact(
        key="age",
        label=_("Age"),
        value=ngettext("%(n)d year", "%(n)d years", years) % {"n": years},
        detail=_("Born %(day)s") % {"day": day(youth.date_of_birth)},
        small=True,
        order=20,
    )


def _track(youth):
    return GlanceFact(
        key="track",
        label=_("Track"),
        value=youth.get_track_display() if youth.track else _("Not admitted to a track"),
        small=True,
        order=30,
    )


def _alerts(alerts):
    kinds = []
    for alert in alerts:
        if alert.get_kind_display() not in kinds:
            kinds.append(alert.get_kind_display())
    return GlanceFact(
        key="alerts",
        label=_("Active safety alerts"),
        value=(
            ngettext("%(n)d active alert", "%(n)d active alerts", len(alerts)) % {"n": len(alerts)}
            if alerts
            else _("None")
        ),
        tags=tuple(Tag(kind, "danger") for kind in kinds),
        url="#alerts-list-heading",
        action=_("All safety alerts") if alerts else "",
        order=50,
    )


def _primary_clinician(team):
    primary = next((a for a in team if a.role == CaseAssignment.Role.PRIMARY_CLINICIAN), None)
    if primary is None:
        return GlanceFact(
            key="primary_clinician",
            label=_("Primary clinician"),
            tags=(Tag(_("None assigned"), "warn"),),
            url="#team-heading",
            action=_("Case team"),
            order=60,
        )
    return GlanceFact(
        key="primary_clinician",
        label=_("Primary clinician"),
        value=str(primary.user),
        detail=_("Since %(day)s") % {"day": day(primary.started_on)},
        order=60,
    )


# How many pieces of due work the card lists (the rest is on the reader's due-work page).
DUE_LINES = 3


def _next_due(access, youth):
    """The work the reminder rules find open now, those of them the reader may see (a support
    worker is not told that a clinical note is unsigned)."""
    due = due_work_for_youth(youth.pk, grants=access.grants)
    if not due:
        return GlanceFact(key="next_due", label=_("Next due"), value=_("Nothing due"), order=80)
    lines = []
    for item in due[:DUE_LINES]:
        when = moment(item.due_at) if item.has_time else day(timezone.localdate(item.due_at))
        tags = (Tag(_("Overdue"), "danger"),) if item.overdue else ()
        lines.append(GlanceLine(_(item.label), _("Due %(when)s") % {"when": when}, tags))
    more = len(due) - len(lines)
    return GlanceFact(
        key="next_due",
        label=_("Next due"),
        lines=tuple(lines),
        footnote=ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more} if more else "",
        wide=True,
        order=80,
    )
