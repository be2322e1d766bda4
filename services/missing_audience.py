"""The on-call clinicians told when a youth goes missing (``placements.missing_notice``): those
whose shift covers the moment the episode opened, and who may take crisis calls."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext

from .models import OnCallShift


def oncall_in_shift(youth_id, now):
    shifts = OnCallShift.objects.filter(starts_at__lte=now, ends_at__gt=now).values("user_id")
    users = get_user_model().objects.filter(pk__in=shifts, is_active=True)
    return [user.pk for user in users if user.has_perm("services.add_crisiscall")]


def register():
    from placements.missing_notice import register_missing_audience

    register_missing_audience(
        "oncall",
        oncall_in_shift,
        lambda: gettext("A youth in care is missing: you are on call"),
        order=30,
    )
