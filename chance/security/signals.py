from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import user_has_device

from chance.audit import log
from chance.audit.models import AccessLog

from . import stamps


@receiver(user_logged_in, dispatch_uid="security.stamp_login")
def _stamp_login(sender, request, user, **kwargs):
    # Runs after Django cycled the session key, so the stamps live in the new session only.
    if request is not None and hasattr(request, "session"):
        stamps.stamp_login(request, otp_required=user_has_device(user))


@receiver(user_locked_out, dispatch_uid="security.locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    log.append(
        action=AccessLog.Action.LOCKED_OUT,
        username=str(username or "")[:150],
        request=request,
        what="login",
        reason="Too many failed sign-ins; cool-off started.",
    )
