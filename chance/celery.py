import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chance.settings")

app = Celery("chance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="chance.ping")
def ping():
    """A round trip through the broker, used by health checks and tests."""
    return "pong"
