"""The frame of every page about one youth: header, safety-alert banner and tabs.

Apps add their tabs in ``AppConfig.ready()`` with :func:`register_tab`; a tab shows only to users
holding its grant on the youth (``access.grants``, from ``chance.access``). Every youth page
renders through :func:`render_youth_page`, so the alert banner can never be forgotten.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse

from .models import SafetyAlert
from .youth_state import youth_states


@dataclass(frozen=True)
class YouthTab:
    key: str
    label: str
    url_name: str
    perm: str = "view_youth"
    order: int = 50


_TABS: dict[str, YouthTab] = {}


def register_tab(tab: YouthTab):
    _TABS[tab.key] = tab


def tabs_for(access, active):
    youth, perms = access.youth, access.grants
    return [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, args=[youth.pk]),
            "active": tab.key == active,
        }
        for tab in sorted(_TABS.values(), key=lambda t: (t.order, t.label))
        if tab.perm in perms
    ]


def render_youth_page(request, access, *, tab, template, context=None, status=200):
    """The page of ``access.youth`` (a ``chance.access.YouthAccess``). ``context`` may bring
    the banner's ``alerts`` (active, by kind then id) when the page already loaded them;
    otherwise they are read here. The youth's ``states`` (missing from care: ``youth_state``),
    likewise, are read here (one query) unless the page brings them; they show above the alerts
    and in the status badge."""
    context = context or {}
    youth = access.youth
    alerts = context.get("alerts")
    if alerts is None:
        alerts = list(SafetyAlert.objects.filter(youth=youth, active=True).order_by("kind", "id"))
    states = context.get("states")
    if states is None:
        states = youth_states([youth.pk]).get(youth.pk, [])
    ctx = {
        "youth": youth,
        "alerts": alerts,
        "states": states,
        "tabs": tabs_for(access, tab),
        "access": access,
        "youth_perms": access.grants,
    }
    ctx.update(context)
    return render(request, template, ctx, status=status)
