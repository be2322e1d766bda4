from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from chance.reminders import delivery, engine
from chance.reminders.models import Reminder
from chance.reminders.registry import get_rule
from tests import factories

SCREENING = get_rule("cases.screening")


def levels(**filters):
    return sorted(Reminder.objects.filter(**filters).values_list("level", "recipient__username"))


def test_screening_is_due_at_once_then_overdue_then_escalated_then_resolved(
    coordinator, supervisor
):
    start = timezone.now()
    youth = factories.refer_youth(by=coordinator, received_at=start)
    engine.sweep_rule(SCREENING, start + timedelta(minutes=1))
    assert levels(youth_id=youth.pk) == [("due_soon", "coordinator")]

    engine.sweep_rule(SCREENING, start + timedelta(hours=25))
    assert levels(youth_id=youth.pk) == [("due_soon", "coordinator"), ("overdue", "coordinator")]

    engine.sweep_rule(SCREENING, start + timedelta(hours=49))
    assert ("escalated", "supervisor") in levels(youth_id=youth.pk)

    from cases import actions

    with time_machine.travel(start + timedelta(hours=50)):
        actions.youth_screening_start(youth=youth, by=coordinator)
        actions.youth_screening_decide(youth=youth, by=coordinator, decision="crt")
    result = engine.sweep_rule(SCREENING, start + timedelta(hours=51))
    assert result.resolved == 3
    assert not Reminder.objects.filter(youth_id=youth.pk, resolved_at__isnull=True).exists()


def test_nothing_is_due_before_the_window(coordinator):
    # A sweep three days before the referral (a referral cannot be received in the future).
    youth = factories.refer_youth(by=coordinator, received_at=timezone.now())
    engine.sweep_rule(SCREENING, timezone.now() - timedelta(days=3))
    assert not Reminder.objects.filter(youth_id=youth.pk).exists()


def test_sweeping_twice_creates_nothing_new(coordinator):
    factories.refer_youth(by=coordinator)
    now = timezone.now() + timedelta(hours=30)
    first = engine.sweep(now)
    second = engine.sweep(now)
    assert first.created >= 1
    assert second.created == 0
    assert Reminder.objects.count() == first.created


def test_delivery_sends_once_and_survives_a_crash_between_claim_and_send(coordinator):
    factories.refer_youth(by=coordinator)
    now = timezone.now()
    engine.sweep(now)
    reminder = Reminder.objects.get()

    # A worker claims it and dies before sending.
    assert delivery.claim(reminder.pk, now)
    assert mail.outbox == []
    # A retry while the claim is live does nothing; after the lease it sends exactly once.
    assert delivery.deliver(reminder.pk, now + timedelta(minutes=1)) is False
    later = now + delivery.CLAIM_LEASE + timedelta(minutes=1)
    assert delivery.deliver(reminder.pk, later) is True
    assert delivery.deliver(reminder.pk, later + timedelta(minutes=1)) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert reminder.record_number not in message.subject
    assert reminder.record_number in message.body
    youth = reminder.youth_id
    from cases.models import Youth

    name = Youth.objects.get(pk=youth).legal_first_name
    assert name not in message.subject and name not in message.body


def test_a_failed_send_releases_the_claim_for_the_retry(coordinator, monkeypatch):
    factories.refer_youth(by=coordinator)
    engine.sweep()
    reminder = Reminder.objects.get()

    def boom(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(delivery.EmailMessage, "send", boom)
    with pytest.raises(ConnectionError):
        delivery.deliver(reminder.pk)
    monkeypatch.undo()
    assert delivery.deliver(reminder.pk) is True
    assert len(mail.outbox) == 1


def test_sweep_query_count_does_not_grow_with_youths(coordinator, django_assert_max_num_queries):
    def count_queries(n):
        for _ in range(n):
            factories.refer_youth(by=coordinator)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            engine.sweep(timezone.now() + timedelta(hours=30))
        return len(ctx.captured_queries)

    small = count_queries(10)
    large = count_queries(200)
    assert large == small
