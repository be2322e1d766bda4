"""Django's makemessages with CHANCE's defaults, so `make messages` and the catalogue test run it
the same way: both catalogues (every language but English), no obsolete entries, and only our own
sources (not the virtualenv, the vendored design system, the tests or the scripts)."""

from django.conf import settings
from django.core.management.commands import makemessages

IGNORED = [".venv/*", "var/*", "tests/*", "static/*", "scripts/*", "benchmarks/*"]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        if not options["locale"] and not options["all"]:
            options["locale"] = [code for code, _name in settings.LANGUAGES if code != "en"]
        options["no_obsolete"] = True
        return super().handle(*args, **options)
