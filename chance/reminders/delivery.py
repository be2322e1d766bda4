"""Delivering a reminder exactly once in effect: claim with a conditional update, send, mark sent.

A worker that crashes after claiming leaves the claim to expire (CLAIM_LEASE); the next delivery
pass claims it again and sends. A reminder already sent, resolved or claimed by a live worker is
never sent again.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils import timezone

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
    rule = reminder.rule_obj
    label = rule.label if rule else reminder.rule
    level = reminder.get_level_display().lower()
    # The subject shows in inbox lists, lock screens and mail-server logs: no record number or
    # name. The body (read after opening) names the record number, as the in-app list does.
    subject = f"CHANCE reminder: {label} {level}"
    record = f" for {reminder.record_number}" if reminder.record_number else ""
    try:
        url = rule.url(reminder.youth_id, reminder.target_id) if rule else "/"
    except NoReverseMatch:
        url = "/"
    due = timezone.localtime(reminder.due_at).strftime("%Y-%m-%d %H:%M")
    body = f"{label}{record} is {level} (due {due})."
    if reminder.level == Reminder.Level.ESCALATED:
        body += " You are told because you supervise this work."
    return subject, body, url


def deliver(reminder_id, now=None) -> bool:
    """Send one reminder if it is still due to be sent. Returns whether it was sent now."""
    now = now or timezone.now()
    if not claim(reminder_id, now):
        return False
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    subject, body, url = message_for(reminder)
    try:
        if reminder.recipient.email:
            send_mail(
                subject,
                f"{body}\n\nOpen: {absolute_url(url)}",
                settings.DEFAULT_FROM_EMAIL,
                [reminder.recipient.email],
            )
    except Exception:
        # Release the claim so the retry can send at once instead of waiting for the lease.
        Reminder.objects.filter(pk=reminder_id, claimed_at=now).update(claimed_at=None)
        raise
    Notification.objects.create(user=reminder.recipient, subject=subject, body=body, url=url)
    Reminder.objects.filter(pk=reminder_id, claimed_at=now).update(sent_at=now)
    return True


def pending_ids(now=None, limit=1000) -> list[int]:
    now = now or timezone.now()
    return list(deliverable(now).order_by("due_at").values_list("pk", flat=True)[:limit])
