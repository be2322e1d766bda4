"""Demo: run the sweep once, at the real now after the story, so the bell and "My due work" are
not empty on first sign-in."""

from . import delivery, engine


def seed(ctx):
    ctx["scene"](None, _sweep)


def _sweep():
    engine.sweep()
    for reminder_id in delivery.pending_ids():
        delivery.deliver(reminder_id)
