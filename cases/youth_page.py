"""The frame of every page about one youth: header, safety-alert banner and tabs.

Apps add their tabs in ``AppConfig.ready()`` with :func:`register_tab`; a tab shows only to users
holding its permission on the youth (``request.youth_perms``, set by ``youth_for``). Every youth
page renders through :func:`render_youth_page`, so the alert banner can never be forgotten.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse

from .models import SafetyAlert


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


def tabs_for(request, youth, active):
    perms = getattr(request, "youth_perms", set())
    return [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, args=[youth.pk]),
            "active": tab.key == active,
        }
        for tab in sorted(_TABS.values(), key=lambda t: (t.order, t.label))
        if tab.perm in perms
    ]


def render_youth_page(request, youth, *, tab, template, context=None, status=200):
    """``context`` may bring the banner's ``alerts`` (active, by kind then id) when the page
    already loaded them; otherwise they are read here."""
    context = context or {}
    alerts = context.get("alerts")
    if alerts is None:
        alerts = list(SafetyAlert.objects.filter(youth=youth, active=True).order_by("kind", "id"))
    ctx = {
        "youth": youth,
        "alerts": alerts,
        "tabs": tabs_for(request, youth, tab),
        "youth_perms": getattr(request, "youth_perms", set()),
    }
    ctx.update(context)
    return render(request, template, ctx, status=status)
