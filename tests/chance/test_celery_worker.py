import pytest

from chance.celery import app, ping


@pytest.mark.redis
def test_task_round_trips_through_a_real_worker_and_redis(settings):
    from celery.contrib.testing.worker import start_worker

    app.conf.update(
        broker_url=settings.REDIS_URL,
        result_backend=settings.REDIS_URL,
        task_always_eager=False,
        broker_transport_options={},
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            assert ping.delay().get(timeout=20) == "pong"
    finally:
        app.conf.update(task_always_eager=True)
