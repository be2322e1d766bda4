"""Issue 15: a worker killed after the mail server took a reminder and before `sent_at` was written.

The in-app notification must exist once; a repeated e-mail must carry the same Message-ID.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Youth
from chance.notifications.models import Notification
from chance.reminders import delivery, engine
from chance.reminders.models import Reminder
from tests import factories

CRASHING_BACKEND = "tests.reminders.test_delivery_crash.AcceptThenKilledBackend"


class WorkerKilled(BaseException):
    """SIGKILL, OOM or a lost pod: not an Exception, so no `except Exception` cleanup runs."""


class AcceptThenKilledBackend(LocmemBackend):
    """The mail server accepts the message (it lands in the outbox), then the worker dies."""

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        raise WorkerKilled(f"killed after the server accepted {sent} message(s)")


def _reminder(coordinator, now):
    factories.refer_youth(by=coordinator, received_at=now)
    engine.sweep(now)
    return Reminder.objects.select_related("recipient").get()


def _message_ids():
    return [m.message()["Message-ID"] for m in mail.outbox]


@pytest.mark.django_db(transaction=True)  # real commits, as in a worker
def test_a_worker_killed_between_smtp_accept_and_sent_at_resends_the_same_message_id_only(
    coordinator, settings
):
    start = timezone.now()
    reminder = _reminder(coordinator, start)

    with time_machine.travel(start, tick=False):
        settings.EMAIL_BACKEND = CRASHING_BACKEND
        with pytest.raises(WorkerKilled):
            delivery.deliver(reminder.pk)
    # The server has it; the database does not know.
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is None and reminder.claimed_at is not None
    assert not Notification.objects.filter(user=coordinator).exists()

    # The restarted worker: nothing while the dead worker's claim is live, then one resend.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        assert delivery.pending_ids() == []
        assert delivery.deliver(reminder.pk) is False
    with time_machine.travel(start + delivery.CLAIM_LEASE + timedelta(minutes=1), tick=False):
        assert delivery.pending_ids() == [reminder.pk]
        assert delivery.deliver(reminder.pk) is True
        assert delivery.deliver(reminder.pk) is False

    assert Notification.objects.filter(dedupe_key=delivery.dedupe_key(reminder)).count() == 1
    assert Notification.objects.filter(user=coordinator).count() == 1
    assert len(mail.outbox) == 2
    first, second = _message_ids()
    assert first == second == delivery.message_id_for(reminder)
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


@pytest.mark.django_db(transaction=True)  # real commits, as in a worker
def test_a_worker_killed_before_the_delivery_commits_leaves_no_notification(
    coordinator, monkeypatch
):
    """Killed after inserting the notification but before sent_at: the two roll back together."""
    start = timezone.now()
    reminder = _reminder(coordinator, start)
    real_bulk_create = Notification.objects.bulk_create

    def insert_then_killed(*args, **kwargs):
        real_bulk_create(*args, **kwargs)
        raise WorkerKilled("killed before sent_at")

    monkeypatch.setattr(Notification.objects, "bulk_create", insert_then_killed)
    with time_machine.travel(start, tick=False), pytest.raises(WorkerKilled):
        delivery.deliver(reminder.pk)
    monkeypatch.undo()
    assert not Notification.objects.filter(user=coordinator).exists()

    with time_machine.travel(start + delivery.CLAIM_LEASE + timedelta(minutes=1), tick=False):
        assert delivery.deliver(reminder.pk) is True
    assert Notification.objects.filter(user=coordinator).count() == 1
    assert len(mail.outbox) == 2 and len(set(_message_ids())) == 1


def test_a_normal_delivery_sends_one_email_with_the_stable_message_id_and_one_notification(
    coordinator, settings
):
    reminder = _reminder(coordinator, timezone.now())
    assert delivery.deliver(reminder.pk) is True

    assert len(mail.outbox) == 1
    message_id = mail.outbox[0].message()["Message-ID"]
    assert message_id == delivery.message_id_for(reminder)
    assert message_id.startswith(f"<reminder.{reminder.pk}.{reminder.level}.")
    assert message_id.endswith("@localhost>")  # the domain of DEFAULT_FROM_EMAIL
    notification = Notification.objects.get(user=coordinator)
    assert notification.dedupe_key == f"reminder-{reminder.pk}-{reminder.level}"
    # Another installation (another SECRET_KEY) never produces the same id for its reminder #1.
    settings.SECRET_KEY = "another-installation-" + "x" * 50
    assert delivery.message_id_for(reminder) != message_id


def test_a_second_notification_for_the_same_reminder_level_is_refused_by_the_database(
    coordinator,
):
    reminder = _reminder(coordinator, timezone.now())
    assert delivery.deliver(reminder.pk) is True
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            user=coordinator, subject="again", dedupe_key=delivery.dedupe_key(reminder)
        )
    # Ordinary notifications have no key and are not limited.
    Notification.objects.create(user=coordinator, subject="one")
    Notification.objects.create(user=coordinator, subject="two")
    assert Notification.objects.filter(user=coordinator).count() == 3


def test_reminder_subjects_carry_no_record_number_or_name(coordinator, supervisor):
    start = timezone.now()
    youth = factories.refer_youth(by=coordinator, received_at=start)
    youth = Youth.objects.get(pk=youth.pk)
    # Due soon, then overdue and escalated to the supervisor.
    engine.sweep(start + timedelta(minutes=1))
    engine.sweep(start + timedelta(hours=49))
    reminders = list(Reminder.objects.filter(youth_id=youth.pk))
    assert {r.level for r in reminders} == set(Reminder.Level.values)
    for reminder in reminders:
        assert delivery.deliver(reminder.pk, start + timedelta(hours=49)) is True

    names = [
        value
        for value in (
            youth.legal_first_name,
            youth.legal_last_name,
            youth.preferred_name,
        )
        if value
    ]
    subjects = [m.subject for m in mail.outbox]
    subjects += list(Notification.objects.values_list("subject", flat=True))
    assert len(mail.outbox) == 3 and len(subjects) == 6
    for subject in subjects:
        assert subject.startswith("CHANCE reminder: ")
        assert youth.record_number not in subject
        for name in names:
            assert name not in subject
    for message in mail.outbox:
        assert all(name not in message.body for name in names)
        assert youth.record_number in message.body  # the body says which record
