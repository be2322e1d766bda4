import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import BreakGlassGrant
from chance.audit.models import AccessLog
from chance.notifications.models import Notification

REASON = "Crisis call from the foster home at night; I need the safety plan and contacts now."


def same_page(a: bytes, b: bytes) -> bool:
    """Equal but for per-response tokens (CSP nonce, CSRF token, request id)."""
    token = re.compile(rb'(nonce|value|content)="[^"]*"')
    return token.sub(b"", a) == token.sub(b"", b)


def open_glass(client, youth, reason=REASON, number=None):
    return client.post(
        reverse("cases:break_glass"),
        {"record_number": number or youth.record_number, "reason": reason},
    )


def test_oncall_breaks_the_glass_and_the_supervisor_is_told(
    login, oncall, supervisor, youth, django_capture_on_commit_callbacks
):
    client = login(oncall)
    assert client.get(reverse("cases:detail", args=[youth.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = open_glass(client, youth)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[youth.pk])
    grant = BreakGlassGrant.objects.get(user=oncall, youth=youth)
    assert grant.expires_at - grant.granted_at == datetime.timedelta(hours=4)
    row = AccessLog.objects.get(action=AccessLog.Action.BREAK_GLASS)
    assert (row.user, row.youth_id, row.reason) == (oncall, youth.pk, REASON)
    note = Notification.objects.get(user=supervisor)
    assert youth.record_number in note.body and REASON not in note.body
    assert note.url == reverse("cases:viewers", args=[youth.pk])
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert youth.legal_first_name not in mail.outbox[0].subject + mail.outbox[0].body
    # The record is open now, and each view says it was break-the-glass.
    assert client.get(reverse("cases:detail", args=[youth.pk])).status_code == 200
    view = AccessLog.objects.filter(youth_id=youth.pk, user=oncall).latest("id")
    assert view.action == AccessLog.Action.VIEWED and "Break-the-glass" in view.reason


def test_outsider_clinician_may_break_the_glass(login, clinician2, youth):
    assert open_glass(login(clinician2), youth).status_code == 302
    assert BreakGlassGrant.objects.filter(user=clinician2, youth=youth).exists()


@pytest.mark.parametrize("reason", ["", "   ", "need it", "x" * 30])
def test_reason_of_at_least_a_sentence_is_required(login, oncall, youth, reason):
    response = open_glass(login(oncall), youth, reason=reason)
    assert response.status_code == 400
    assert (
        b"at least a sentence" in response.content or b"This field is required" in response.content
    )
    assert not BreakGlassGrant.objects.exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.BREAK_GLASS).exists()


def test_access_expires(login, oncall, youth):
    client = login(oncall)
    open_glass(client, youth)
    url = reverse("cases:detail", args=[youth.pk])
    # Signing in again inside the moved clock: the idle-session timeout is not what is tested.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3, minutes=59)):
        assert login(oncall).get(url).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=4, minutes=1)):
        assert login(oncall).get(url).status_code == 404
    assert AccessLog.objects.filter(youth_id=youth.pk).latest("id").action == "denied"


def test_grant_never_opens_changes(login, oncall, youth):
    client = login(oncall)
    open_glass(client, youth)
    assert client.get(reverse("cases:edit", args=[youth.pk])).status_code == 404


def test_unknown_record_number_gets_a_clear_message(login, oncall, youth):
    response = open_glass(login(oncall), youth, number="CH-99999")
    assert response.status_code == 400
    assert b"No youth has that record number" in response.content


def test_team_member_needs_no_glass(login, clinician, youth):
    response = open_glass(login(clinician), youth)
    assert response.status_code == 302
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "supervisor", "support", "admin_user"])
def test_other_roles_get_the_same_404_for_known_and_unknown_records(request, login, youth, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:break_glass")).status_code == 404
    known = open_glass(client, youth)
    unknown = open_glass(client, youth, number="CH-99999")
    assert known.status_code == unknown.status_code == 404
    assert same_page(known.content, unknown.content)
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_form_renders_for_clinicians(login, oncall, db):
    response = login(oncall).get(reverse("cases:break_glass"))
    assert response.status_code == 200
    assert b'<label class="usa-label" for="id_reason">' in response.content
