"""The authenticator (TOTP) device, with its shared secret encrypted at rest.

django-otp's own ``TOTPDevice`` keeps ``key`` as plaintext hex, so a database dump would carry
every user's second factor. This model is that device with one change: ``key`` is an
``EncryptedTextField`` (Fernet, FIELD_ENCRYPTION_KEY, rotated by ``rotate_field_keys``). The
fields are copied from ``TOTPDevice`` and the behaviour (code check, drift, throttling, replay
protection through ``last_t``, the provisioning URL) is django-otp's own code, borrowed rather
than rewritten, so it stays exactly what the library does.

``django_otp.plugins.otp_totp`` stays installed only so migration 0002 can move the old rows
across (and so a rollback can move them back); nothing creates ``TOTPDevice`` rows any more.
"""

from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key, key_validator

from chance.crypto import EncryptedTextField


class EncryptedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    key = EncryptedTextField(
        validators=[key_validator],
        default=default_key,
        help_text="A hex-encoded secret key of up to 40 bytes, stored encrypted.",
    )
    step = models.PositiveSmallIntegerField(default=30, help_text="The time step in seconds.")
    t0 = models.BigIntegerField(
        default=0, help_text="The Unix time at which to begin counting steps."
    )
    digits = models.PositiveSmallIntegerField(
        choices=[(6, 6), (8, 8)],
        default=6,
        help_text="The number of digits to expect in a token.",
    )
    tolerance = models.PositiveSmallIntegerField(
        default=1, help_text="The number of time steps in the past or future to allow."
    )
    drift = models.SmallIntegerField(
        default=0,
        help_text="The number of time steps the prover is known to deviate from our clock.",
    )
    last_t = models.BigIntegerField(
        default=-1,
        help_text="The t value of the latest verified token. "
        "The next token must be at a higher time step.",
    )

    class Meta(Device.Meta):
        verbose_name = "TOTP device"

    # django-otp's implementation, unchanged: ``bin_key`` reads ``self.key`` (decrypted on
    # load), ``verify_token`` refuses any step at or before ``last_t`` and throttles failures.
    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings
