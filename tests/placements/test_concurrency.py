"""Two coordinators must never put two youths in one STFC home, even at the same second."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from placements import actions
from placements.models import Placement
from tests.placements.conftest import make_active_youth, make_home


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_coordinators_racing_for_one_home_place_exactly_one_youth(coordinator):
    home = make_home(by=coordinator, code="H-99")
    youths = [make_active_youth(by=coordinator) for _ in range(20)]
    barrier = threading.Barrier(len(youths))
    results = [None] * len(youths)

    def place(i, youth):
        try:
            barrier.wait(timeout=30)
            actions.placement_start(
                youth=youth, setting=Placement.Setting.STFC, home=home, by=coordinator
            )
            results[i] = "placed"
        except ValidationError as exc:
            results[i] = " ".join(exc.messages)
        except Exception as exc:  # anything else is a failure the assertion below shows
            results[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(i, y)) for i, y in enumerate(youths)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert results.count("placed") == 1
    refusals = [r for r in results if r != "placed"]
    assert len(refusals) == 19
    assert all("H-99 already has a youth placed" in r for r in refusals), refusals
    assert Placement.objects.filter(home=home, ended_on__isnull=True).count() == 1
    assert Placement.objects.filter(ended_on__isnull=True).count() == 1
