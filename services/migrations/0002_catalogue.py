"""Seed the service-type catalogue and load the shipped instruments (services/instruments)."""

from django.db import migrations
from django.utils.translation import gettext_noop

SERVICE_TYPES = [
    # code, name, Part 2 (42 CFR Part 2 substance-use treatment record)
    ("assessment", gettext_noop("Assessment and evaluation"), False),
    ("planning", gettext_noop("Treatment and service planning"), False),
    ("oncall", gettext_noop("On-call crisis response"), False),
    ("monitoring", gettext_noop("Monitoring"), False),
    ("psychiatric", gettext_noop("Psychiatric services"), False),
    ("substance-use", gettext_noop("Substance use treatment"), True),
    ("individual-therapy", gettext_noop("Individual therapy"), False),
    ("family-therapy", gettext_noop("Family therapy"), False),
    ("group-therapy", gettext_noop("Group therapy"), False),
    ("case-management", gettext_noop("Case management"), False),
    ("mentoring", gettext_noop("Survivor mentoring"), False),
    ("education", gettext_noop("Education support"), False),
    ("medical", gettext_noop("Medical care coordination"), False),
    ("legal-advocacy", gettext_noop("Legal advocacy"), False),
]


def seed(apps, schema_editor):
    from services.instrument_files import load_instruments

    ServiceType = apps.get_model("services", "ServiceType")
    for order, (code, name, part2) in enumerate(SERVICE_TYPES, start=1):
        ServiceType.objects.update_or_create(
            code=code, defaults={"name": name, "part2": part2, "order": order}
        )
    load_instruments(apps.get_model("services", "Instrument"))


def unseed(apps, schema_editor):
    apps.get_model("services", "Instrument").objects.all().delete()
    apps.get_model("services", "ServiceType").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
