import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from chance.security.decorators import parse_rate, rate_limited
from tests import factories


@rate_limited("export", "3/h")
def _export(request):
    return HttpResponse("csv")


def test_rate_limit_allows_the_rate_then_refuses_with_429(clinician, clinician2, clock):
    rf = RequestFactory()

    def call(user):
        request = rf.get("/export")
        request.user = user
        return _export(request)

    assert [call(clinician).status_code for _ in range(3)] == [200, 200, 200]
    refused = call(clinician)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert b"Nothing was lost" in refused.content
    assert call(clinician2).status_code == 200  # counted per user
    clock.shift(3600)
    assert call(clinician).status_code == 200


def test_a_bad_rate_is_refused_at_import_time():
    with pytest.raises(ValueError):
        parse_rate("lots")


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_login_needs_the_csrf_token(csrf_client, clinician):
    data = {"username": "clinician", "password": factories.PASSWORD}
    assert csrf_client.post("/accounts/login/", data).status_code == 403
    page = csrf_client.get("/accounts/login/")
    data["csrfmiddlewaretoken"] = page.context["csrf_token"]
    assert csrf_client.post("/accounts/login/", data).status_code == 302


@pytest.mark.parametrize(
    "url",
    ["/accounts/logout/", "/security/reauth/", "/security/session/", "/security/2fa/setup/"],
)
def test_signed_in_posts_need_the_csrf_token(csrf_client, clinician, url):
    csrf_client.force_login(clinician)
    assert csrf_client.post(url, {"password": factories.PASSWORD}).status_code == 403
    assert "_auth_user_id" in csrf_client.session  # the forged logout did not sign anyone out


def test_admin_reset_needs_the_csrf_token(csrf_client, admin_user, clinician):
    csrf_client.force_login(admin_user)
    assert csrf_client.post(f"/security/users/{clinician.pk}/reset-2fa/").status_code == 403
