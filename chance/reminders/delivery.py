"""Delivering a reminder: claim with a conditional update, send the e-mail, then record it.

What it promises, per reminder (one reminder is one level of one piece of work for one person):

- **In-app notification: exactly once.** It is inserted with a unique ``dedupe_key`` in the same
  transaction that writes ``sent_at``, so either both are committed or neither, and a second
  insert is a no-op.
- **E-mail: at most once if the worker records the delivery after the mail server confirms it.**
  If the worker dies (or the database write fails, or the server's reply is lost) after the
  server accepted the message and before ``sent_at`` commits, the next pass sends it again, with
  the same ``Message-ID`` (derived from the reminder, not random), so mail systems and clients
  that collapse duplicates by Message-ID show it once.

A worker that crashes after claiming leaves the claim to expire (CLAIM_LEASE); the next delivery
pass claims it again and sends. A reminder already sent, resolved or claimed by a live worker is
never sent again.
"""

from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from chance.accounts.languages import in_language_of
from chance.dates import moment
from chance.notifications.actions import absolute_url
from chance.notifications.models import Notification

from .models import Reminder

CLAIM_LEASE = timedelta(minutes=10)


def deliverable(now):
    return Reminder.objects.filter(sent_at__isnull=True, resolved_at__isnull=True).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE),
        Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now),
    )


def claim(reminder_id, now) -> bool:
    return deliverable(now).filter(pk=reminder_id).update(claimed_at=now) == 1


def message_for(reminder: Reminder):
    """Subject, body and link, in the active language (``deliver`` picks the recipient's)."""
    label = str(reminder.label)
    level = str(reminder.get_level_display()).lower()
    # The subject shows in inbox lists, lock screens and mail-server logs: no record number or
    # name. The body (read after opening) names the record number, as the in-app list does.
    subject = _("CHANCE reminder: %(work)s %(level)s") % {"work": label, "level": level}
    # Work with no page of its own is seen on the due-work list.
    url = reminder.work_url or reverse("reminders:due_work")
    due = moment(reminder.due_at)
    if reminder.record_number:
        body = _("%(work)s for %(record)s is %(level)s (due %(due)s).") % {
            "work": label,
            "record": reminder.record_number,
            "level": level,
            "due": due,
        }
    else:
        body = _("%(work)s is %(level)s (due %(due)s).") % {
            "work": label,
            "level": level,
            "due": due,
        }
    if reminder.level == Reminder.Level.ESCALATED:
        body += " " + _("You are told because you supervise this work.")
    return subject, body, url


def dedupe_key(reminder: Reminder) -> str:
    return f"reminder-{reminder.pk}-{reminder.level}"


def message_id_for(reminder: Reminder) -> str:
    """The same Message-ID every time this reminder is sent, in make_msgid's ``<left@domain>`` form.

    The id and level make it readable in mail logs; the digest over them and the row's creation
    time (keyed by SECRET_KEY) keeps ids from colliding between installations, or after a database
    is rebuilt and ids start again, where a mail client would hide a real reminder as a duplicate.
    """
    digest = salted_hmac(
        "chance.reminders.message-id",
        f"{reminder.pk}:{reminder.level}:{reminder.created_at.isoformat()}",
    ).hexdigest()[:20]
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.rpartition("@")[2] or str(DNS_NAME)
    return f"<reminder.{reminder.pk}.{reminder.level}.{digest}@{domain}>"


def email_for(reminder: Reminder, subject, body, url) -> EmailMessage:
    return EmailMessage(
        subject,
        body + "\n\n" + _("Open: %(url)s") % {"url": absolute_url(url)},
        settings.DEFAULT_FROM_EMAIL,
        [reminder.recipient.email],
        headers={"Message-ID": message_id_for(reminder)},
    )


def deliver(reminder_id, now=None) -> bool:
    """Send one reminder if it is still due to be sent. Returns whether it was sent now."""
    now = now or timezone.now()
    if not claim(reminder_id, now):
        return False
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    with in_language_of(reminder.recipient):
        subject, body, url = message_for(reminder)
        email = email_for(reminder, subject, body, url) if reminder.recipient.email else None
    try:
        if email is not None:
            email.send()
    except Exception:
        # Release the claim so the retry can send at once instead of waiting for the lease.
        Reminder.objects.filter(pk=reminder_id, claimed_at=now).update(claimed_at=None)
        raise
    # The server has the e-mail. Notification and sent_at commit together; a worker killed before
    # this commits leaves neither, and the pass after the lease sends the same Message-ID again.
    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(
                    user=reminder.recipient,
                    subject=subject,
                    body=body,
                    url=url,
                    dedupe_key=dedupe_key(reminder),
                )
            ],
            ignore_conflicts=True,
        )
        # Not conditional on our claim: if a slow send outlived the lease and another worker
        # claimed it, the e-mail has still gone, and recording that spares a third send.
        Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(sent_at=now)
    return True


def pending_ids(now=None, limit=1000) -> list[int]:
    now = now or timezone.now()
    return list(deliverable(now).order_by("due_at").values_list("pk", flat=True)[:limit])
