from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from . import log
from .access import action_time
from .models import AccessLog


@receiver(pre_create_historical_record, dispatch_uid="audit.one_moment_per_request")
def _one_moment_per_request(sender, instance, history_instance, **kwargs):
    """Every history row written while serving one request gets the request's moment (the time
    of its first row), so the trail can group a save and the related saves it caused (a youth
    and the lists it was given) into the one user action they were. Outside a request (tasks,
    commands) each row keeps its own time, as does a row given one on purpose."""
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None or hasattr(instance, "_history_date"):
        return
    history_instance.history_date = action_time(request, default=history_instance.history_date)


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
