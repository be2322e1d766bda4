from smtplib import SMTPException

from celery import shared_task

from . import delivery, engine


@shared_task(name="chance.reminders.tasks.sweep_reminders", acks_late=True)
def sweep_reminders():
    """Beat job: evaluate every rule, then hand new reminders to delivery."""
    result = engine.sweep()
    deliver_pending_reminders.delay()
    return {"created": result.created, "resolved": result.resolved}


@shared_task(name="chance.reminders.tasks.deliver_pending_reminders", acks_late=True)
def deliver_pending_reminders():
    for reminder_id in delivery.pending_ids():
        deliver_reminder.delay(reminder_id)


@shared_task(
    name="chance.reminders.tasks.deliver_reminder",
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=8,
)
def deliver_reminder(reminder_id):
    return delivery.deliver(reminder_id)
