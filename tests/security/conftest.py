"""Helpers for the security tests: a real sign-in through the login form, and TOTP codes."""

import pytest
from django_otp.oath import TOTP

from tests import factories


def totp_code(device, offset_steps=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def sign_in(client):
    """Post the real login form: ``sign_in(user)``; returns the response."""

    def _sign_in(user, password=factories.PASSWORD, **extra):
        return client.post(
            "/accounts/login/", {"username": user.username, "password": password}, **extra
        )

    return _sign_in


@pytest.fixture
def clock(time_machine):
    """time-machine started at the real now (ticking), so tests can ``clock.shift(seconds)``."""
    import datetime

    time_machine.move_to(datetime.datetime.now(datetime.UTC))
    return time_machine
