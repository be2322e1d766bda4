"""The accounts that machines write under: an alarm company's webhook is not a person, yet every
audited write says who made it (``recorded_by``, ``opened_by``, the history user).

One account per sender, made on first use: inactive, with an unusable password and no role, so it
can never sign in, is never told anything (notices go to active users only) and is offered in no
picker of staff. The trail and the access log name it like anyone else.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

USERNAME_PREFIX = "integration."


def integration_user(source: str, *, name: str):
    """The account ``source`` writes under (``integration.<source>``), created the first time.
    ``name`` is how the trail shows it (e.g. "Alarm company")."""
    user, _created = get_user_model().objects.get_or_create(
        username=USERNAME_PREFIX + source,
        defaults={
            "first_name": name,
            "last_name": "(integration)",
            "is_active": False,
            "password": make_password(None),
        },
    )
    return user
