"""Seed the service-type catalogue and load the shipped instruments (services/instruments)."""

from django.db import migrations

SERVICE_TYPES = [
    # code, name, Part 2 (42 CFR Part 2 substance-use treatment record)
    ("assessment", "Assessment and evaluation", False),
    ("planning", "Treatment and service planning", False),
    ("oncall", "On-call crisis response", False),
    ("monitoring", "Monitoring", False),
    ("psychiatric", "Psychiatric services", False),
    ("substance-use", "Substance use treatment", True),
    ("individual-therapy", "Individual therapy", False),
    ("family-therapy", "Family therapy", False),
    ("group-therapy", "Group therapy", False),
    ("case-management", "Case management", False),
    ("mentoring", "Survivor mentoring", False),
    ("education", "Education support", False),
    ("medical", "Medical care coordination", False),
    ("legal-advocacy", "Legal advocacy", False),
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
