"""Lookup tables from the program's training material (shared/seed/chance-program-overview.md)."""

from django.db import migrations

EXPLOITATION_TYPES = [
    "Street prostitution",
    "Pornography",
    "Stripping",
    "Erotic/nude massage",
    "Escort services",
    "Phone sex lines",
    "Private parties",
    "Gang-based prostitution",
    "Interfamilial pimping",
    "Internet-based exploitation",
]

RECRUITMENT_PATHWAYS = [
    "Seduction or coercion, often beginning online",
    "Romeo entry: recruited by a 'boyfriend' or significant other",
    "Peer pressure",
    "Gang initiation",
    "False advertising for modeling, acting or dancing",
    "Blackmail with photos or sexting (sextortion)",
    "Internet enticement through chat rooms",
    "Sold by a parent or family member",
    "Violence, force or kidnapping",
]

VULNERABILITY_FACTORS = [
    "History of child sexual abuse",
    "History of physical abuse or neglect",
    "Child welfare involvement or foster care",
    "Multiple placements or placement disruption",
    "Runaway or homeless episodes",
    "Juvenile justice involvement",
    "Substance use by the youth",
    "Caregiver substance use or mental illness",
    "Family violence",
    "LGBTQ+ youth rejected by family",
    "Poverty or unmet basic needs",
    "Developmental or learning disability",
    "Gang-involved peers or family",
    "Older 'boyfriend' or adult befriending the youth",
    "Unsupervised online activity",
    "School truancy or disengagement",
]


def seed(apps, schema_editor):
    for model, names in (
        ("ExploitationType", EXPLOITATION_TYPES),
        ("RecruitmentPathway", RECRUITMENT_PATHWAYS),
        ("VulnerabilityFactor", VULNERABILITY_FACTORS),
    ):
        Model = apps.get_model("cases", model)
        for order, name in enumerate(names, start=1):
            Model.objects.update_or_create(name=name, defaults={"order": order})


def unseed(apps, schema_editor):
    for model in ("ExploitationType", "RecruitmentPathway", "VulnerabilityFactor"):
        apps.get_model("cases", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
