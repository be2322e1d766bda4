"""Demo: run the sweep once so the bell and "My due work" are not empty on first sign-in."""

from . import delivery, engine


def seed(ctx):
    engine.sweep()
    for reminder_id in delivery.pending_ids():
        delivery.deliver(reminder_id)
