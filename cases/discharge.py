"""What else a discharge closes, filled in by the apps that own it.

``cases`` sits below ``placements`` and ``services`` and never imports them, yet a discharge must
leave nothing of theirs open (an open placement keeps a home "occupied" and its support staff
seeing the youth). Each app registers a step in its ``AppConfig.ready()`` with
:func:`register_discharge_step`; ``cases.actions.youth_discharge`` runs every step inside its own
transaction, before the youth is marked discharged, in ``order``. A step refuses with a
``ValidationError`` (keyed by a field of the discharge form where it is about one, e.g.
``discharged_on``): the whole discharge then rolls back and the form shows the step's message.
A step that closes something says so with :meth:`DischargeContext.closed` (a short sentence
marked for translation, naming no person), so the coordinator and the timeline read what the
discharge ended.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DischargeContext:
    """What a step needs to know: whose discharge, by whom, on which day and why."""

    youth: object  # the Youth row, locked for the transaction
    by: object
    discharged_on: date
    reason_label: str  # e.g. "Goals met"
    closed: list[str] = field(default_factory=list)  # what the steps ended, in their order

    @property
    def reason(self) -> str:
        """The reason every closed record carries: "Discharged: <reason label>"."""
        return f"Discharged: {self.reason_label}"


@dataclass(frozen=True)
class DischargeStep:
    name: str
    run: Callable[[DischargeContext], None]
    order: int = 50


_STEPS: dict[str, DischargeStep] = {}


def register_discharge_step(name: str, run: Callable[[DischargeContext], None], *, order=50):
    """Register ``run(context)`` under ``name`` (registering the same name again replaces it,
    so a reloaded app config does not run a step twice). Lower ``order`` runs first: refusals
    (order < 20) before anything is closed."""
    _STEPS[name] = DischargeStep(name, run, order)


def discharge_steps() -> list[DischargeStep]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


def run_discharge_steps(context: DischargeContext) -> None:
    for step in discharge_steps():
        step.run(context)
