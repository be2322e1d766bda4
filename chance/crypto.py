"""Column encryption for the most dangerous facts we hold (foster-home addresses and phones).

Keys come from FIELD_ENCRYPTION_KEY (comma-separated Fernet keys, newest first), never from
SECRET_KEY, so a leaked SECRET_KEY or a lost database backup alone reveals no address. Older keys
still decrypt; ``manage.py rotate_field_keys`` re-encrypts every row with the newest one.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


def reset_keys_cache():
    _fernet.cache_clear()


def encrypt(value: str) -> str:
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption was switched on; re-encrypted on next save
    try:
        return _fernet().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("A stored value could not be decrypted with any configured key.") from exc


def rotate(value: str) -> str:
    if not value.startswith(PREFIX):
        return encrypt(value)
    return PREFIX + _fernet().rotate(value[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """A text column stored as Fernet ciphertext; reads give plain text. Not searchable."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


# Files (documents) are encrypted whole with the same keys, before they reach storage.


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(token)
    except InvalidToken as exc:
        raise ValueError("A stored file could not be decrypted with any configured key.") from exc


def rotate_bytes(token: bytes) -> bytes:
    return _fernet().rotate(token)
