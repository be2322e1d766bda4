"""Demo staff: one login per role, and the story clock every app's demo is told with.

The demo is a year of the program told in order: each app's ``seed(ctx)`` adds *scenes* (a
moment and a step) with ``ctx["scene"](moment, step)``, and ``play(ctx)`` runs them oldest first
with the clock at each scene's moment, through the real actions. So a youth admitted eight months
ago was referred, screened and admitted eight months ago in every record (lifecycle events,
history rows, referral times), and the reports a newcomer opens agree month by month. A scene
without a moment runs at the real now, after the story, in the order it was added. Clearly
fictional.
"""

import contextlib
import datetime
import os
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from chance.accounts import roles

DEFAULT_DEMO_PASSWORD = "chance-demo-2026"  # noqa: S105 (printed fictional demo login)

DEMO_USERS = [
    # username, first, last, roles, supervised by
    ("supervisor", "Sam", "Supervisor", [roles.SUPERVISOR], None),
    ("clinician", "Cleo", "Clinician", [roles.CLINICIAN], "supervisor"),
    ("clinician2", "Cal", "Clinician-Two", [roles.CLINICIAN], "supervisor"),
    ("coordinator", "Cora", "Coordinator", [roles.COORDINATOR], "supervisor"),
    ("oncall", "Oli", "On-Call", [roles.ONCALL, roles.CLINICIAN], "supervisor"),
    ("support", "Suki", "Support", [roles.SUPPORT], "supervisor"),
    ("admin", "Ada", "Admin", [roles.ADMIN], None),
    ("mentor", "Mina", "Mentor", [roles.MENTOR], "supervisor"),
    # The login of the caregiver of home H-01, where a demo youth lives (frontline.demo).
    ("caregiver", "Morgan", "Sample", [roles.CAREGIVER], None),
]


def demo_password():
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def seed(ctx):
    User = get_user_model()
    password = demo_password()
    users = {}
    for username, first, last, role_names, _ in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": username == "admin",
            },
        )
        if created or os.environ.get("DEMO_PASSWORD"):
            user.set_password(password)
            user.save()
        user.groups.set(Group.objects.filter(name__in=role_names))
        users[username] = user
    for username, *_, supervisor in DEMO_USERS:
        if supervisor and users[username].supervisor_id != users[supervisor].pk:
            users[username].supervisor = users[supervisor]
            users[username].save(update_fields=["supervisor"])
    ctx["users"] = users
    ctx["password"] = password
    ctx["scenes"] = []
    ctx["scene"] = lambda moment, step: ctx["scenes"].append((moment, len(ctx["scenes"]), step))


@contextlib.contextmanager
def clock_at(moment):
    """Every ``timezone.now()`` (and so ``localdate()``, ``auto_now_add``, history dates) reads
    ``moment``, ticking on from it as real time passes, while the block runs."""
    real_now = timezone.now
    started = real_now()
    with mock.patch("django.utils.timezone.now", lambda: moment + (real_now() - started)):
        yield


def play(ctx):
    """Run the scenes oldest first, each with the clock at its moment; then those without one."""
    now = timezone.now()
    late = now + datetime.timedelta(days=1)
    for moment, _order, step in sorted(ctx.pop("scenes", []), key=lambda s: (s[0] or late, s[1])):
        if moment is None or moment >= now:
            step()
            continue
        with clock_at(moment):
            step()
