"""Test data built through the real actions, as users would build it."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cases import actions as case_actions
from cases.models import Referral

PASSWORD = "a-long-test-password-9"
_counter = itertools.count(1)


def make_user(username=None, *roles, supervisor=None, **fields):
    n = next(_counter)
    username = username or f"user{n}"
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        first_name=fields.pop("first_name", username.title()),
        last_name=fields.pop("last_name", "Tester"),
        supervisor=supervisor,
        **fields,
    )
    if roles:
        user.groups.set(Group.objects.filter(name__in=roles))
    return user


def youth_fields(**overrides):
    n = next(_counter)
    fields = {
        "legal_first_name": f"Fictional{n}",
        "legal_last_name": "Youth",
        "date_of_birth": datetime.date(2011, 5, 1),
        "gender": "Female",
    }
    fields.update(overrides)
    return fields


def refer_youth(*, by, received_at=None, **overrides):
    """A new youth, referred just now (status REFERRED)."""
    referral = case_actions.referral_receive(
        by=by,
        source=Referral.Source.CHILD_WELFARE,
        received_at=received_at or timezone.now(),
        youth_fields=youth_fields(**overrides),
        reason="Fictional referral for tests",
    )
    return referral.youth


def post_user_change(client, user, **changes):
    """POST Django admin's change form of ``user`` as the signed-in ``client``: the user's
    current values, with ``changes`` on top (as a program admin would submit it)."""
    from django.urls import reverse

    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [g.pk for g in user.groups.all()],
        "supervisor": user.supervisor_id or "",
        "phone": user.phone,
        **changes,
    }
    url = reverse("admin:accounts_user_change", args=[user.pk])
    return client.post(url, {k: v for k, v in data.items() if v != ""})


def final_assessment(*, youth, instrument, by, on, responses):
    """A final assessment, scored and locked by the real action (the form's "Finalize")."""
    from services import actions as service_actions

    return service_actions.assessment_save(
        youth=youth,
        instrument=instrument,
        responses=responses,
        administered_on=on,
        by=by,
        finalize=True,
    )


def record_release(youth, *, by, purpose, covers_part2=True, recipient="Fictional court", **fields):
    """A signed release of information recorded through the service, as ``by`` would on the
    Releases page (by default one covering Part 2 records: the Part 2 consent)."""
    from chance.access import youth_access
    from services import actions as services_actions

    return services_actions.consent_record(
        access=youth_access(by, youth.pk),
        by=by,
        recipient=recipient,
        information=fields.pop("information", "Progress notes and treatment summary"),
        purpose=purpose,
        covers_part2=covers_part2,
        signed_on=fields.pop("signed_on", timezone.localdate()),
        **fields,
    )
