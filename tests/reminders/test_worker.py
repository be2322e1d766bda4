"""The engine in a real Celery worker over Redis, and two sweeps racing on PostgreSQL."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.celery import app
from chance.reminders import engine
from chance.reminders.models import Reminder
from chance.reminders.tasks import sweep_reminders
from placements import actions
from tests.placements.conftest import make_active_youth


def _missing_youth(coordinator, clinician):
    youth = make_active_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    # Trained staff, so the only work the clinician owes is the missing-youth reports.
    actions.training_record_add(
        by=coordinator,
        course="Human trafficking 101",
        category="specialized",
        hours=6,
        completed_on=timezone.localdate(),
        staff=clinician,
    )
    actions.missing_episode_open(
        youth=youth, by=coordinator, last_seen_at=timezone.now() - timedelta(hours=2)
    )
    return youth


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sweeps_and_delivers_one_email_to_the_primary_clinician(
    settings, coordinator, clinician
):
    from celery.contrib.testing.worker import start_worker

    youth = _missing_youth(coordinator, clinician)
    # Opening the episode told the clinician at once (tests/placements/test_missing_everywhere);
    # what is counted here is the reminder the worker delivers.
    assert [m.subject for m in mail.outbox if clinician.email in m.to] == [
        "A youth on your caseload is missing"
    ]
    mail.outbox.clear()
    app.conf.update(
        broker_url=settings.REDIS_URL,
        result_backend=settings.REDIS_URL,
        task_always_eager=False,
        broker_transport_options={},
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            sweep_reminders.delay().get(timeout=30)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not any(
                clinician.email in m.to for m in mail.outbox
            ):
                time.sleep(0.2)
            time.sleep(1)  # let any duplicate arrive before counting
    finally:
        app.conf.update(task_always_eager=True)
    to_clinician = [m for m in mail.outbox if clinician.email in m.to]
    assert len(to_clinician) == 1
    assert "NCMEC" in to_clinician[0].subject
    assert youth.record_number not in to_clinician[0].subject
    assert youth.legal_first_name not in to_clinician[0].subject + to_clinician[0].body
    assert Reminder.objects.get(recipient=clinician).sent_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_create_each_reminder_once(coordinator, clinician):
    _missing_youth(coordinator, clinician)
    now = timezone.now() + timedelta(days=40)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            engine.sweep(now)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    keys = list(
        Reminder.objects.values_list("rule", "target_id", "due_at", "level", "recipient_id")
    )
    assert len(keys) == len(set(keys)) > 0
    assert engine.sweep(now).created == 0
