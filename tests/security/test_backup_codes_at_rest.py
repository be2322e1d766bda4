"""Backup codes are stored only as HMAC-SHA256 with a key derived from FIELD_ENCRYPTION_KEY, so
a dump or a backup carries no working code; each code still signs in once, wrong codes are
throttled, old plaintext codes are migrated, and a key rotation does not break issued codes."""

import datetime
import importlib
from types import SimpleNamespace

from cryptography.fernet import Fernet
from django.apps import apps
from django.contrib.admin import site
from django.db import connection
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from chance import crypto
from chance.security import actions
from chance.security.models import HashedStaticDevice, HashedStaticToken

migration = importlib.import_module("chance.security.migrations.0004_hash_static_tokens")


def _stored_digests():
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest FROM security_hashedstatictoken")
        return [row[0] for row in cursor.fetchall()]


def test_no_stored_value_is_or_contains_an_issued_code(clinician):
    codes = actions.backup_codes_regenerate(user=clinician, request=None)
    assert len(codes) == actions.BACKUP_CODE_COUNT == len(set(codes))
    stored = _stored_digests()
    assert len(stored) == len(codes)
    for value in stored:
        assert len(value) == 64  # a SHA-256 hex digest
        assert not any(code in value.lower() for code in codes)
    assert not StaticToken.objects.exists()  # nothing in django-otp's plaintext table


def test_an_issued_code_signs_in_once_and_only_once(clinician):
    code = actions.backup_codes_regenerate(user=clinician, request=None)[3]
    device = HashedStaticDevice.objects.get(user=clinician)
    assert actions.two_factor_check(user=clinician, token=code.upper()).device == device
    assert HashedStaticToken.objects.filter(device=device).count() == 9
    assert actions.two_factor_check(user=clinician, token=code).device is None


def test_a_wrong_code_is_refused_and_counts_toward_throttling(clinician, time_machine):
    time_machine.move_to(datetime.datetime.now(datetime.UTC), tick=False)  # no wait runs out
    codes = actions.backup_codes_regenerate(user=clinician, request=None)
    device = HashedStaticDevice.objects.get(user=clinician)
    assert device.verify_token("zzzzzzzz") is False
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Right code, but too soon after the wrong one: throttled, and the code is not used up.
    assert device.verify_token(codes[0]) is False
    assert HashedStaticToken.objects.filter(device=device).count() == 10
    assert actions.two_factor_check(user=clinician, token=codes[0]).throttled_seconds > 0


def test_new_codes_replace_the_old_ones(clinician):
    old = actions.backup_codes_regenerate(user=clinician, request=None)
    actions.backup_codes_regenerate(user=clinician, request=None)
    assert HashedStaticDevice.objects.filter(user=clinician).count() == 1
    assert actions.two_factor_check(user=clinician, token=old[0]).device is None


def test_the_migration_hashes_a_plaintext_code_which_still_verifies(clinician):
    old = StaticDevice.objects.create(
        user=clinician, name="Backup codes", confirmed=True, throttling_failure_count=2
    )
    old.token_set.create(token="abcd2345")
    old.token_set.create(token="efgh6723")
    created = old.created_at

    migration.hash_static_tokens(apps, SimpleNamespace(connection=connection))

    assert not StaticDevice.objects.exists() and not StaticToken.objects.exists()
    new = HashedStaticDevice.objects.get(user=clinician)
    assert (new.name, new.confirmed, new.throttling_failure_count) == ("Backup codes", True, 2)
    assert new.created_at == created
    assert "abcd2345" not in _stored_digests() and len(_stored_digests()) == 2
    new.throttling_failure_count = 0  # the carried-over throttle would make it wait first
    new.save()
    assert actions.two_factor_check(user=clinician, token="abcd2345").device == new
    assert actions.two_factor_check(user=clinician, token="abcd2345").device is None


def test_the_migration_reverses_by_deleting_the_hashed_codes(clinician):
    actions.backup_codes_regenerate(user=clinician, request=None)
    migration.delete_hashed_static_tokens(apps, SimpleNamespace(connection=connection))
    assert not HashedStaticDevice.objects.exists() and not HashedStaticToken.objects.exists()


def test_a_code_issued_under_the_old_key_verifies_after_rotation(clinician, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    codes = actions.backup_codes_regenerate(user=clinician, request=None)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    crypto.reset_keys_cache()
    try:
        device = HashedStaticDevice.objects.get(user=clinician)
        assert actions.two_factor_check(user=clinician, token=codes[0]).device == device
        # New codes are hashed with the new key: they keep working once the old key is gone.
        fresh = actions.backup_codes_regenerate(user=clinician, request=None)
        settings.FIELD_ENCRYPTION_KEYS = [new_key]
        crypto.reset_keys_cache()
        assert actions.two_factor_check(user=clinician, token=fresh[0]).device is not None
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old_key]
        crypto.reset_keys_cache()


def test_without_the_old_key_an_old_code_no_longer_verifies(clinician, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    codes = actions.backup_codes_regenerate(user=clinician, request=None)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    try:
        assert actions.two_factor_check(user=clinician, token=codes[0]).device is None
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old_key]


def test_the_plaintext_static_device_admin_is_gone():
    assert StaticDevice not in site._registry
