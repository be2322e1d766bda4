"""Where the youth lives now, for the top of the youth's overview (``cases.glance``).

The setting and the home's code, never its address: the card is read by everyone who may see
the youth (the placements tab's own rule, ``view_youth``), and the address has its own rule
(re-authentication, ``placements.addresses``).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from cases.glance import GlanceFact
from chance.access import Need
from chance.dates import day

from .models import Caregiver, Placement


def lives_in(access, viewer):
    if not access.allows(Need.IDENTITY):
        return None
    youth = access.youth
    placement = (
        Placement.objects.filter(youth=youth, ended_on__isnull=True)
        .values("setting", "home_id", "home__code", "provider", "started_on")
        .first()
    )
    link = {"url": reverse("placements:youth_placements", args=[youth.pk])}
    if placement is None:
        return GlanceFact(
            key="lives_in",
            label=_("Current setting"),
            value=_("No open placement"),
            action=_("Placements"),
            order=40,
            **link,
        )
    value = _(Placement.Setting(placement["setting"]).label)
    if placement["home__code"]:
        value = _("%(setting)s %(code)s") % {"setting": value, "code": placement["home__code"]}
    elif placement["provider"]:
        value = f"{value}: {placement['provider']}"
    detail = _("Since %(day)s") % {"day": day(placement["started_on"])}
    if placement["home_id"]:
        # What the caregivers speak, so a call or a visit can be planned with an interpreter.
        spoken = _caregiver_languages(placement["home_id"])
        if spoken:
            detail = _("%(since)s · caregivers speak %(languages)s") % {
                "since": detail,
                "languages": ", ".join(spoken),
            }
    return GlanceFact(
        key="lives_in",
        label=_("Current setting"),
        value=value,
        detail=detail,
        action=_("Placements"),
        order=40,
        **link,
    )


def _caregiver_languages(home_id) -> list[str]:
    caregivers = Caregiver.objects.filter(home_id=home_id, active=True).only(
        "language", "language_other"
    )
    return list(dict.fromkeys(str(c.language_name) for c in caregivers))
