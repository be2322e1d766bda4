import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from chance import crypto
from chance.security.rotation import encrypted_fields
from placements import actions as placement_actions
from placements.models import Home


@pytest.fixture
def home(coordinator):
    home = Home(code="H-88", address="99 Canary Street, Apt 4", phone="555-0199")
    placement_actions.home_save(home=home, by=coordinator)
    home.address = "100 Canary Street"
    return placement_actions.home_save(home=home, by=coordinator, reason="moved")


def _raw(table, column, where_column, value):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE {where_column} = %s",  # noqa: S608
            [value],
        )
        return [row[0] for row in cursor.fetchall()]


def test_addresses_and_phones_are_ciphertext_in_the_table_and_its_history(home):
    for column in ("address", "phone"):
        current = _raw("placements_home", column, "id", home.pk)
        history = _raw("placements_historicalhome", column, "id", home.pk)
        assert len(current) == 1 and len(history) == 2
        for stored in current + history:
            assert stored.startswith(crypto.PREFIX)
            assert "Canary" not in stored and "555" not in stored
    assert Home.objects.get(pk=home.pk)._address == "100 Canary Street"


def test_every_model_with_the_field_is_found_including_history():
    labels = {model._meta.label for model, _fields in encrypted_fields()}
    assert {"placements.Home", "placements.HistoricalHome"} <= labels


def test_rotate_field_keys_moves_every_value_to_the_newest_key(home, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    crypto.reset_keys_cache()
    try:
        out = io.StringIO()
        call_command("rotate_field_keys", stdout=out)
        assert "placements.HistoricalHome.address: 2" in out.getvalue()
        # Only the new key is needed now: the old one can be retired.
        settings.FIELD_ENCRYPTION_KEYS = [new_key]
        crypto.reset_keys_cache()
        only_new = Fernet(new_key.encode())
        for table in ("placements_home", "placements_historicalhome"):
            for stored in _raw(table, "address", "id", home.pk):
                plain = only_new.decrypt(stored[len(crypto.PREFIX) :].encode()).decode()
                assert "Canary Street" in plain
        assert Home.objects.get(pk=home.pk)._address == "100 Canary Street"
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old_key]
        crypto.reset_keys_cache()


def test_rotation_encrypts_a_value_left_in_clear_text(home):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE placements_home SET phone = %s WHERE id = %s", ["555-0000", home.pk])
    call_command("rotate_field_keys", stdout=io.StringIO())
    assert _raw("placements_home", "phone", "id", home.pk)[0].startswith(crypto.PREFIX)
    assert Home.objects.get(pk=home.pk)._phone == "555-0000"
