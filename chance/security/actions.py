"""Every change to a user's second factor. Each one is written to the access log."""

import base64
import io
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from chance.audit import log
from chance.audit.models import AccessLog

from .models import EncryptedTOTPDevice, HashedStaticDevice, HashedStaticToken

BACKUP_CODE_COUNT = 10


@dataclass
class CheckResult:
    device: object = None
    throttled_seconds: int = 0


def two_factor_check(*, user, token) -> CheckResult:
    """Try a code against each confirmed device of the user, honouring django-otp's throttling
    (each wrong code doubles the wait on that device)."""
    throttled = 0
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            allowed, info = device.verify_is_allowed()
            if not allowed:
                until = (info or {}).get("locked_until")
                if until:
                    throttled = max(throttled, int((until - timezone.now()).total_seconds()) + 1)
                continue
            if device.verify_token(token):
                return CheckResult(device=device)
    return CheckResult(throttled_seconds=throttled)


def totp_enrollment_device(*, user) -> EncryptedTOTPDevice:
    """The unconfirmed authenticator being set up (one per user, reused on reload). Its key is
    encrypted at rest (chance/security/models.py)."""
    device = EncryptedTOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = EncryptedTOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    return device


def qr_data_uri(device) -> str:
    """The provisioning QR code as an SVG data: URI: no request leaves the page, and the
    Content-Security-Policy only has to allow ``img-src data:``."""
    out = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def _new_backup_codes(user) -> list[str]:
    """Fresh codes replace all older ones. Only their keyed hashes are stored
    (chance/security/models.py); the plaintext is returned to be shown once, then it is gone."""
    HashedStaticDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # plaintext codes from before migration 0004
    device = HashedStaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [HashedStaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    device.add_codes(codes)
    return codes


def two_factor_confirm(*, user, device, request) -> list[str]:
    """The new authenticator proved it works: it replaces any older one, and fresh backup codes
    are issued (returned once, to be shown once; only their copies in the database remain)."""
    with transaction.atomic():
        EncryptedTOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(user=user).delete()  # a plaintext one from before migration 0002
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        log.append(
            action=AccessLog.Action.SUBMITTED,
            user=user,
            what="security:2fa-enrolled",
            object_ref=f"user:{user.pk}",
            request=request,
        )
    return codes


def backup_codes_regenerate(*, user, request) -> list[str]:
    with transaction.atomic():
        codes = _new_backup_codes(user)
        log.append(
            action=AccessLog.Action.SUBMITTED,
            user=user,
            what="security:2fa-backup-codes",
            object_ref=f"user:{user.pk}",
            request=request,
        )
    return codes


def two_factor_reset(*, user, by, request, reason="") -> int:
    """Program admin removes a user's second factor (lost phone): the user enrols again at the
    next sign-in. Returns how many devices were removed."""
    with transaction.atomic():
        # Every kind of device django-otp knows of, so none can survive a reset.
        removed = 0
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
        log.append(
            action=AccessLog.Action.SUBMITTED,
            user=by,
            what="security:2fa-reset",
            object_ref=f"user:{user.pk}",
            request=request,
            reason=reason or "Second factor reset by program admin.",
        )
    return removed


def users_with_second_factor() -> set[int]:
    return set(
        EncryptedTOTPDevice.objects.filter(confirmed=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
