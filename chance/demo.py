"""Demo staff: one login per role. Clearly fictional."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

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
