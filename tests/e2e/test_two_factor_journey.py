"""Two-factor sign-in in a real browser: a user enrols an authenticator from the key shown on
the page, and from then on the password alone opens nothing.

The codes are worked out the way an authenticator app does it: from the key the page shows
(RFC 6238, 30-second steps, 6 digits), not from the device row in the database.
"""

import base64
import re
import time

from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect

from chance.security.models import EncryptedTOTPDevice as TOTPDevice
from tests.e2e.conftest import (
    check_accessibility,
    follow,
    screenshot,
    sign_in,
    status_message,
    submit,
)

STEP = 30  # what every authenticator app assumes unless the QR code says otherwise


def app_code(key: bytes, steps_ahead=0) -> str:
    """The code an authenticator app holding ``key`` shows, ``steps_ahead`` codes from now."""
    totp = TOTP(key, step=STEP, t0=0, digits=6, drift=0)
    totp.time = time.time() + steps_ahead * STEP
    return f"{totp.token():06d}"


def a_wrong_code(key: bytes) -> str:
    """Six digits the app is not showing now, nor one step either side of now."""
    near = {app_code(key, s) for s in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1, 10)) if c not in near)


def key_from_page(page) -> bytes:
    """The "Cannot scan? Type this key instead" text, read as the user would type it."""
    shown = page.get_by_text("Cannot scan? Type this key instead").locator("code").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})*", shown), shown
    return base64.b32decode(shown.replace(" ", ""))


def code_field(page):
    return page.get_by_role("textbox", name="Code")


def test_a_user_enrols_an_authenticator_and_then_needs_its_code_to_sign_in(page, clinician):
    sign_in(page, clinician)
    check_accessibility(page)

    # Enrol: header link, then the set-up page with the QR code and the typed-in key.
    follow(page, "Two-factor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    expect(page.get_by_text("Two-factor sign-in is off for your account")).to_be_visible()
    follow(page, "Set it up")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    key = key_from_page(page)
    page.get_by_label("Code shown by the app").fill(app_code(key))
    submit(page, "Turn on two-factor sign-in")
    assert "Two-factor sign-in is set up." in status_message(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    assert TOTPDevice.objects.get(user=clinician).confirmed
    # The page showed the key the server keeps: the app and the server agree.
    assert TOTPDevice.objects.get(user=clinician).bin_key == key

    follow(page, "Sign out", role="button")
    assert "/accounts/login/" in page.url

    # Signing in again: the password leads to the second step, not into the records.
    sign_in(page, clinician)
    assert reverse("security:otp_verify") in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Second step: your code")
    check_accessibility(page)

    # A wrong code: refused, with the reason next to the field, and still at the second step.
    code_field(page).fill(a_wrong_code(key))
    submit(page, "Continue")
    assert reverse("security:otp_verify") in page.url
    error = (
        page.locator(".usa-form-group--error")
        .filter(has=code_field(page))
        .locator(".usa-error-message")
    )
    expect(error).to_have_text("That code is not right, or it has expired.")
    # ... and tied to the field, so a screen reader reads it out with the field.
    expect(code_field(page)).to_have_attribute("aria-invalid", "true")
    expect(code_field(page)).to_have_accessible_description(re.compile("That code is not right"))
    expect(code_field(page)).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_have_text("Second step: your code")

    # django-otp makes the user wait a second after a wrong code (doubling with each one);
    # a person retyping takes longer than that anyway.
    page.wait_for_timeout(1_100)
    # The code used to enrol cannot be replayed; the app's next code is the one to type.
    code_field(page).fill(app_code(key, steps_ahead=1))
    submit(page, "Continue")
    assert "/security/" not in page.url and "/accounts/login/" not in page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    screenshot(page, "two-factor-signed-in")
    assert page.console_errors == []


def test_password_without_the_code_opens_no_youth_page(page, clinician, youth):
    """The twin: the same clinician, on the youth's team, gives only the password."""
    key = _enrolled(clinician)
    detail = reverse("cases:detail", args=[youth.pk])

    sign_in(page, clinician)
    page.goto(detail)
    assert reverse("security:otp_verify") in page.url, page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Second step: your code")
    html = page.content()
    for secret in (youth.legal_first_name, youth.legal_last_name, youth.record_number):
        assert secret not in html
    check_accessibility(page)

    # The session's data is not reachable by other routes either: every URL leads to the step.
    for url in (reverse("cases:list"), reverse("security:two_factor"), detail + "?x=1"):
        page.goto(url)
        assert reverse("security:otp_verify") in page.url, url

    # With the code they land where they were going, and the record opens: the second factor
    # was the only thing in the way.
    page.goto(detail)
    code_field(page).fill(app_code(key))
    submit(page, "Continue")
    assert page.url.endswith(detail), page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text(youth.legal_first_name)
    screenshot(page, "two-factor-outsider-twin")
    assert page.console_errors == []


def _enrolled(user) -> bytes:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device.bin_key
