"""States of a youth that every page about them must show (today: missing from care).

``cases`` sits below the apps that know these states (a missing episode is a placements record),
so those apps register a provider in their ``AppConfig.ready()`` with
:func:`register_youth_state`. A provider answers for a set of youth ids in one query; the
youth header (``cases.youth_page``) and every table of youths (``cases.selectors.youth_rows``)
ask :func:`youth_states` once for all the ids they show. A state is only a label and a link
by id: the caller has already let the viewer see the youth.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class YouthState:
    key: str  # "missing"
    label: str  # "Missing since Dec 1, 2026 21:40", translated and in local time
    status: str  # the word added to the status badge: "Missing"
    url: str = ""  # where to act on it (the youth's missing episodes)
    action: str = ""  # the words of that link
    tone: str = "missing"  # the badge class: "missing" is solid red


Provider = Callable[[list[int]], dict[int, list[YouthState]]]
_PROVIDERS: dict[str, Provider] = {}


def register_youth_state(key: str, provider: Provider):
    """``provider(youth_ids)`` answers ``{youth id: [YouthState, ...]}`` in one query."""
    _PROVIDERS[key] = provider


def youth_states(youth_ids: Iterable[int]) -> dict[int, list[YouthState]]:
    """Every registered state of ``youth_ids``: one query per provider, none when empty."""
    ids = sorted(set(youth_ids))
    states: dict[int, list[YouthState]] = {}
    if not ids:
        return states
    for key in sorted(_PROVIDERS):
        for youth_id, found in _PROVIDERS[key](ids).items():
            states.setdefault(youth_id, []).extend(found)
    return states
