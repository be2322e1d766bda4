from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from services.instrument_files import SHIPPED_DIR, load_instruments
from services.models import Instrument
from services.scoring import DefinitionError


class Command(BaseCommand):
    help = "Load assessment instrument definitions (*.yaml) into the catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(SHIPPED_DIR), help="Folder of *.yaml files.")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                created, unchanged = load_instruments(Instrument, options["dir"])
        except DefinitionError as exc:
            raise CommandError(str(exc)) from exc
        for instrument in created:
            self.stdout.write(f"loaded {instrument.code} v{instrument.version}")
        self.stdout.write(f"{len(created)} loaded, {len(unchanged)} already present")
