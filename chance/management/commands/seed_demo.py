from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from chance.demo import play

# Each app owns the demo data of its own models and adds its scenes in dependency order; the
# story is then played in time order (chance.demo.play). Idempotent.
DEMO_MODULES = [
    "chance.demo",
    "cases.demo",
    "placements.demo",
    "services.demo",
    "frontline.demo",
    "chance.reminders.demo",
]


class Command(BaseCommand):
    help = "Create fictional demo data and one login per role (idempotent)."

    def handle(self, *args, **options):
        ctx = {}
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.seed(ctx)
            play(ctx)  # the scenes every app added, in the order they happened
        self.stdout.write("Demo logins (all fictional; password below):")
        for username in ctx["users"]:
            self.stdout.write(f"  {username}")
        self.stdout.write(f"Password: {ctx['password']}  (set DEMO_PASSWORD to choose another)")
