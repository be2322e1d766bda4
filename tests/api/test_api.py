"""The REST API reads through the same access policy as the pages, writes through the intake
form's rules, answers with problem details, and writes every youth it returns to the access log."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from cases.models import Youth
from chance.api.auth import PerTokenRateThrottle
from chance.audit.models import AccessLog
from tests.placements.conftest import make_home

from .conftest import bearer

YOUTHS = reverse("api:youths")
REFERRALS = reverse("api:referrals")


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"]
    return body


def test_anonymous_gets_401_as_a_problem_not_the_login_page(db):
    response = Client().get(YOUTHS)
    _problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_team_reads_its_youth_and_the_outsider_gets_404_and_no_record_number(
    youth, clinician, clinician2
):
    detail = reverse("api:youth", args=[youth.pk])
    mine = bearer(clinician)
    listed = mine.get(YOUTHS).json()["results"]
    assert [y["record_number"] for y in listed] == [youth.record_number]
    assert mine.get(detail).json()["legal_last_name"] == youth.legal_last_name
    rows = AccessLog.objects.filter(user=clinician, youth_id=youth.pk)
    assert {(r.what, r.action) for r in rows} == {
        ("api:youths", AccessLog.Action.VIEWED),
        ("api:youth", AccessLog.Action.VIEWED),
    }
    assert all(r.reason for r in rows)  # the ground that opened the record, or the list

    outsider = bearer(clinician2)
    response = outsider.get(YOUTHS)
    assert response.status_code == 200 and response.json()["results"] == []
    assert youth.record_number.encode() not in response.content
    _problem(outsider.get(detail), 404)
    assert AccessLog.objects.get(user=clinician2, youth_id=youth.pk).action == "denied"
    # The records of the youth are not in the outsider's lists either.
    for name in ("api:referrals", "api:placements", "api:missing_episodes"):
        assert outsider.get(reverse(name)).json()["results"] == [], name
    assert mine.get(REFERRALS, {"youth": youth.pk}).json()["results"][0]["youth"] == youth.pk


def test_an_expired_or_revoked_token_is_refused(youth, clinician):
    gone = bearer(clinician, expiry=datetime.timedelta(seconds=-1))
    _problem(gone.get(YOUTHS), 401)
    token, secret = AuthToken.objects.create(user=clinician)
    revoked = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert revoked.get(YOUTHS).status_code == 200
    token.delete()  # what the program admin's "delete" in the admin does
    _problem(revoked.get(YOUTHS), 401)
    clinician.is_active = False
    clinician.save()
    _problem(bearer(clinician).get(YOUTHS), 401)


def test_create_api_token_prints_the_token_once_and_keeps_only_a_hash(clinician):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", clinician.username, stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert secret.startswith("chance_") and len(secret) > 40
    stored = AuthToken.objects.get(user=clinician)
    assert secret not in (stored.digest, stored.token_key)
    assert stored.expiry > timezone.now() + datetime.timedelta(days=80)
    assert secret not in err.getvalue()
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(YOUTHS)
    assert response.status_code == 200


def _referral(**changes):
    return {
        "legal_first_name": "Api",
        "legal_last_name": "Fictional",
        "date_of_birth": (timezone.localdate() - datetime.timedelta(days=15 * 365)).isoformat(),
        "source": "child_welfare",
        "source_agency": "Fictional CBC",
        "received_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        **changes,
    }


def _post(client, data):
    return client.post(REFERRALS, json.dumps(data), content_type="application/json")


def test_the_state_system_sends_a_referral_through_the_intake_rules(coordinator, clinician):
    client = bearer(coordinator)
    response = _post(client, _referral())
    assert response.status_code == 201, response.content
    youth = Youth.objects.get(pk=response.json()["youth"])
    assert youth.status == Youth.Status.REFERRED and youth.legal_last_name == "Fictional"
    referral = youth.referrals.get()
    assert referral.screening_due_at == referral.received_at + datetime.timedelta(hours=24)
    assert AccessLog.objects.get(youth_id=youth.pk).action == AccessLog.Action.SUBMITTED

    # The same youth again: nothing saved, and no word of which record it may be.
    again = _post(client, _referral())
    body = _problem(again, 409)
    assert youth.record_number not in json.dumps(body)
    assert Youth.objects.count() == 1

    # The intake form's own rules, by field.
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    body = _problem(_post(client, _referral(received_at=future, legal_last_name="Other")), 400)
    assert "received_at" in body["errors"]
    body = _problem(_post(client, _referral(source="nowhere")), 400)
    assert "source" in body["errors"]
    assert Youth.objects.count() == 1

    # A clinician does not take referrals.
    _problem(_post(bearer(clinician), _referral(legal_last_name="Third")), 403)
    assert Youth.objects.count() == 1


def test_homes_go_out_by_code_never_by_address(coordinator, clinician2):
    home = make_home(by=coordinator, code="H-31", address="31 Secret Road, Nowhere FL")
    response = bearer(coordinator).get(reverse("api:homes"))
    assert [h["code"] for h in response.json()["results"]] == [home.code]
    assert b"Secret Road" not in response.content and b"555-" not in response.content
    assert bearer(clinician2).get(reverse("api:homes")).json()["results"] == []


def test_monthly_counts_for_report_readers_only(supervisor, support):
    response = bearer(supervisor).get(reverse("api:state_monthly"))
    assert response.status_code == 200
    body = response.json()
    assert body["rule"] and body["counts"] and all("count" in c for c in body["counts"])
    _problem(bearer(supervisor).get(reverse("api:state_monthly"), {"month": "2999-01"}), 400)
    _problem(bearer(support).get(reverse("api:state_monthly")), 404)


def test_requests_are_limited_per_token(monkeypatch, clinician):
    monkeypatch.setattr(PerTokenRateThrottle, "rate", "2/minute", raising=False)
    first, second = bearer(clinician), bearer(clinician)
    assert first.get(YOUTHS).status_code == 200
    assert first.get(YOUTHS).status_code == 200
    refused = first.get(YOUTHS)
    _problem(refused, 429)
    assert int(refused["Retry-After"]) > 0
    assert second.get(YOUTHS).status_code == 200  # another token, its own budget


@pytest.mark.parametrize("name", ["api:youths", "api:placements", "api:missing_episodes"])
def test_list_queries_do_not_grow_with_the_caseload(
    name, coordinator, clinician, django_assert_max_num_queries
):
    from cases import actions as case_actions
    from cases.models import CaseAssignment
    from tests.placements.conftest import make_active_youth

    client = bearer(clinician)
    for _ in range(4):
        y = make_active_youth(by=coordinator)
        case_actions.case_assignment_create(
            youth=y, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name)).status_code == 200


def test_the_program_admin_revokes_a_token_in_the_admin(login, admin_user, clinician, supervisor):
    token, secret = AuthToken.objects.create(user=clinician)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(YOUTHS).status_code == 200
    url = reverse("admin:knox_authtoken_delete", args=[token.pk])
    # Not someone else's to revoke: a supervisor has no admin page for tokens.
    assert login(supervisor).post(url, {"post": "yes"}).status_code in (302, 403, 404)
    assert AuthToken.objects.filter(pk=token.pk).exists()
    assert login(admin_user).post(url, {"post": "yes"}).status_code == 302
    assert not AuthToken.objects.filter(pk=token.pk).exists()
    _problem(client.get(YOUTHS), 401)
