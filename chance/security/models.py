"""The second factors, kept so that a database dump alone reveals no working one.

The authenticator (TOTP) device has its shared secret encrypted at rest; backup codes are stored
as keyed hashes (``HashedStaticDevice``, further down).

django-otp's own ``TOTPDevice`` keeps ``key`` as plaintext hex, so a database dump would carry
every user's second factor. This model is that device with one change: ``key`` is an
``EncryptedTextField`` (Fernet, FIELD_ENCRYPTION_KEY, rotated by ``rotate_field_keys``). The
fields are copied from ``TOTPDevice`` and the behaviour (code check, drift, throttling, replay
protection through ``last_t``, the provisioning URL) is django-otp's own code, borrowed rather
than rewritten, so it stays exactly what the library does.

``django_otp.plugins.otp_totp`` stays installed only so migration 0002 can move the old rows
across (and so a rollback can move them back); nothing creates ``TOTPDevice`` rows any more.
Likewise ``django_otp.plugins.otp_static`` stays for migration 0004 (plaintext backup codes in,
hashed out); nothing creates ``StaticDevice`` rows any more.
"""

import base64
import hashlib
import hmac

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key, key_validator

from chance.crypto import EncryptedTextField


class EncryptedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    key = EncryptedTextField(
        validators=[key_validator],
        default=default_key,
        help_text=_("A hex-encoded secret key of up to 40 bytes, stored encrypted."),
    )
    step = models.PositiveSmallIntegerField(default=30, help_text=_("The time step in seconds."))
    t0 = models.BigIntegerField(
        default=0, help_text=_("The Unix time at which to begin counting steps.")
    )
    digits = models.PositiveSmallIntegerField(
        choices=[(6, 6), (8, 8)],
        default=6,
        help_text=_("The number of digits to expect in a token."),
    )
    tolerance = models.PositiveSmallIntegerField(
        default=1, help_text=_("The number of time steps in the past or future to allow.")
    )
    drift = models.SmallIntegerField(
        default=0,
        help_text=_("The number of time steps the prover is known to deviate from our clock."),
    )
    last_t = models.BigIntegerField(
        default=-1,
        help_text=_(
            "The t value of the latest verified token. "
            "The next token must be at a higher time step."
        ),
    )

    class Meta(Device.Meta):
        verbose_name = _("TOTP device")

    # django-otp's implementation, unchanged: ``bin_key`` reads ``self.key`` (decrypted on
    # load), ``verify_token`` refuses any step at or before ``last_t`` and throttles failures.
    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings


# --- Backup codes --------------------------------------------------------------------------------

BACKUP_CODE_LABEL = b"chance.security backup codes v1"


def _backup_code_keys() -> list[bytes]:
    """One HMAC key per configured FIELD_ENCRYPTION_KEY (newest first), derived with a fixed
    label so it is never the Fernet key itself. Like that key, it is not in the database."""
    return [
        HKDF(algorithm=SHA256(), length=32, salt=None, info=BACKUP_CODE_LABEL).derive(
            base64.urlsafe_b64decode(key)
        )
        for key in settings.FIELD_ENCRYPTION_KEYS
    ]


def normalize_backup_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def backup_code_digests(code: str) -> list[str]:
    """HMAC-SHA256 of the normalized code under every configured key, newest key first."""
    code = normalize_backup_code(code).encode()
    return [hmac.new(key, code, hashlib.sha256).hexdigest() for key in _backup_code_keys()]


def backup_code_digest(code: str) -> str:
    """What is stored for a code: its HMAC under the newest key."""
    return backup_code_digests(code)[0]


class HashedStaticDevice(TimestampMixin, ThrottlingMixin, Device):
    """django-otp's ``StaticDevice`` (10 single-use backup codes), but each code is stored only
    as a keyed hash (``HashedStaticToken.digest``), so a database dump holds no working code.

    The hash is HMAC-SHA256 with a key derived from FIELD_ENCRYPTION_KEY, never stored with the
    data: an 8-character code has only 40 bits, so a plain (unkeyed) hash could be reversed
    offline by trying them all; without the key a dump gives nothing to test guesses against.

    Key rotation: a code cannot be re-hashed (its plaintext is never kept), so ``verify_token``
    tries the HMAC under every configured key. A code issued before a rotation works until it
    is used, until new codes are made, or until its key is removed from FIELD_ENCRYPTION_KEY.

    ``verify_token`` follows django-otp's ``StaticDevice.verify_token`` (the same throttling:
    each wrong code doubles the wait; the used code is deleted), looking codes up by digest
    instead of by plaintext.
    """

    class Meta(Device.Meta):
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    get_throttle_factor = StaticDevice.get_throttle_factor

    def add_codes(self, codes) -> None:
        HashedStaticToken.objects.bulk_create(
            HashedStaticToken(device=self, digest=backup_code_digest(code)) for code in codes
        )

    def verify_token(self, token):
        verify_allowed, _ = self.verify_is_allowed()
        if not verify_allowed:
            return False
        # The comparison is an indexed equality in the database over HMAC outputs (which an
        # attacker cannot steer without the key); no digest is compared in Python.
        match = self.token_set.filter(digest__in=backup_code_digests(token)).first()
        # Single use even under two concurrent requests: only the one whose DELETE removed
        # the row succeeds.
        if match is not None and HashedStaticToken.objects.filter(pk=match.pk).delete()[0]:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class HashedStaticToken(models.Model):
    """One backup code, as HMAC-SHA256 hex of the normalized code (see HashedStaticDevice)."""

    device = models.ForeignKey(
        HashedStaticDevice, related_name="token_set", on_delete=models.CASCADE
    )
    digest = models.CharField(max_length=64, db_index=True)

    random_token = staticmethod(StaticToken.random_token)
