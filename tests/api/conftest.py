import pytest
from django.test import Client
from knox.models import AuthToken


def bearer(user, **kwargs):
    """A client that sends ``user``'s new API token (no session, no cookies)."""
    _token, secret = AuthToken.objects.create(user=user, **kwargs)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def api():
    return bearer
