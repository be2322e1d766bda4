"""Telling a staff member something: an in-app notification and an e-mail.

Subjects carry no record number or name of a youth (they show in inbox lists, on lock screens and
in mail-server logs); bodies carry at most a record number and links by id. The caller writes them;
this module sends them only after the surrounding transaction commits.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def notify(*, user, subject, body="", url="", email=True) -> Notification:
    notification = Notification.objects.create(user=user, subject=subject, body=body, url=url)
    if email and user.email:
        message = body + ("\n\n" + _("Open: %(url)s") % {"url": absolute_url(url)} if url else "")

        def _send():
            send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [user.email])

        transaction.on_commit(_send)
    return notification


def notification_mark_read(*, user, notification_ids=None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
