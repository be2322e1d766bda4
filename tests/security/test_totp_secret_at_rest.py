"""The authenticator secret (TOTP key) is Fernet ciphertext in the database, so a dump or a
backup no longer carries anyone's second factor; the device still behaves as django-otp's."""

import importlib
import io
from binascii import hexlify
from types import SimpleNamespace

from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from chance import crypto
from chance.security import actions
from chance.security.models import EncryptedTOTPDevice
from chance.security.rotation import encrypted_fields

from .conftest import totp_code

migration = importlib.import_module(
    "chance.security.migrations.0002_move_totp_devices_to_encrypted"
)


def _stored_key(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM security_encryptedtotpdevice WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_stored_key_is_ciphertext_not_the_hex_secret(clinician):
    device = actions.totp_enrollment_device(user=clinician)
    secret = hexlify(device.bin_key).decode()
    stored = _stored_key(device.pk)
    assert stored.startswith(crypto.PREFIX)
    assert secret not in stored.lower()
    fresh = EncryptedTOTPDevice.objects.get(pk=device.pk)
    assert fresh.key == secret  # the application reads the secret back


def test_the_secret_verifies_the_current_code_and_the_same_code_is_not_accepted_twice(clinician):
    device = EncryptedTOTPDevice.objects.create(user=clinician, name="phone", confirmed=True)
    code = totp_code(device)
    assert actions.two_factor_check(user=clinician, token=code).device == device
    # Replay: the step just used is at or before last_t now, so the same code is refused.
    assert actions.two_factor_check(user=clinician, token=code).device is None
    assert EncryptedTOTPDevice.objects.get(pk=device.pk).last_t >= 0


def test_the_migration_moves_a_plaintext_device_which_still_verifies(clinician):
    old = TOTPDevice.objects.create(
        user=clinician,
        name="Authenticator app",
        confirmed=True,
        drift=1,
        last_t=7,
        throttling_failure_count=3,
    )
    secret, created = old.key, old.created_at
    code = totp_code(old)  # the user's app keeps showing the same codes

    migration.encrypt_totp_devices(apps, SimpleNamespace(connection=connection))

    assert not TOTPDevice.objects.exists()  # no plaintext row left
    new = EncryptedTOTPDevice.objects.get(user=clinician)
    assert (new.name, new.confirmed, new.drift, new.last_t) == ("Authenticator app", True, 1, 7)
    assert new.throttling_failure_count == 3 and new.created_at == created
    assert new.key == secret and _stored_key(new.pk).startswith(crypto.PREFIX)
    new.throttling_failure_count = 0  # the carried-over throttle would make it wait first
    new.save()
    assert actions.two_factor_check(user=clinician, token=code).device == new


def test_the_migration_reverses_into_the_plaintext_model(clinician):
    device = EncryptedTOTPDevice.objects.create(user=clinician, name="phone", last_t=9)
    migration.decrypt_totp_devices(apps, SimpleNamespace(connection=connection))
    assert not EncryptedTOTPDevice.objects.exists()
    old = TOTPDevice.objects.get(user=clinician)
    assert (old.key, old.last_t, old.name) == (device.key, 9, "phone")


def test_rotate_field_keys_re_encrypts_the_totp_key(clinician, settings):
    assert "security.EncryptedTOTPDevice" in {m._meta.label for m, _f in encrypted_fields()}
    device = EncryptedTOTPDevice.objects.create(user=clinician, name="phone", confirmed=True)
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    crypto.reset_keys_cache()
    try:
        out = io.StringIO()
        call_command("rotate_field_keys", stdout=out)
        assert "security.EncryptedTOTPDevice.key: 1" in out.getvalue()
        stored = _stored_key(device.pk)
        plain = Fernet(new_key.encode()).decrypt(stored[len(crypto.PREFIX) :].encode()).decode()
        assert plain == device.key
        settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key can go
        crypto.reset_keys_cache()
        fresh = EncryptedTOTPDevice.objects.get(pk=device.pk)
        assert actions.two_factor_check(user=clinician, token=totp_code(fresh)).device == fresh
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old_key]
        crypto.reset_keys_cache()
