"""The service-type catalogue and the shipped instruments, loadable at any time (idempotent).

Migration 0002 seeded them first; ``ensure_catalogue`` puts them back after a database flush
(tests that truncate tables) and is what ``seed_demo`` relies on. One list, in that migration.
"""

from importlib import import_module

from .instrument_files import load_instruments

SERVICE_TYPES = import_module("services.migrations.0002_catalogue").SERVICE_TYPES


def ensure_catalogue():
    from .models import Instrument, ServiceType

    for order, (code, name, part2) in enumerate(SERVICE_TYPES, start=1):
        ServiceType.objects.get_or_create(
            code=code, defaults={"name": name, "part2": part2, "order": order}
        )
    load_instruments(Instrument)
