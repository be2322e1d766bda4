from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import log
from .models import AccessLog


@receiver(user_logged_in, dispatch_uid="audit.login")
def _logged_in(sender, request, user, **kwargs):
    log.append(action=AccessLog.Action.LOGIN, user=user, request=request, what="login")


@receiver(user_logged_out, dispatch_uid="audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log.append(action=AccessLog.Action.LOGOUT, user=user, request=request, what="logout")


@receiver(user_login_failed, dispatch_uid="audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    log.append(
        action=AccessLog.Action.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
        request=request,
        what="login",
    )
