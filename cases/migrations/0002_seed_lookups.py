"""Lookup tables from the program's training material (shared/seed/chance-program-overview.md)."""

from django.db import migrations
from django.utils.translation import gettext_noop

# The names are marked so the catalogues carry them; pages show them through the lookups'
# __str__, in the reader's language (a name added later stays as typed).

EXPLOITATION_TYPES = [
    gettext_noop("Street prostitution"),
    gettext_noop("Pornography"),
    gettext_noop("Stripping"),
    gettext_noop("Erotic/nude massage"),
    gettext_noop("Escort services"),
    gettext_noop("Phone sex lines"),
    gettext_noop("Private parties"),
    gettext_noop("Gang-based prostitution"),
    gettext_noop("Interfamilial pimping"),
    gettext_noop("Internet-based exploitation"),
]

RECRUITMENT_PATHWAYS = [
    gettext_noop("Seduction or coercion, often beginning online"),
    gettext_noop("Romeo entry: recruited by a 'boyfriend' or significant other"),
    gettext_noop("Peer pressure"),
    gettext_noop("Gang initiation"),
    gettext_noop("False advertising for modeling, acting or dancing"),
    gettext_noop("Blackmail with photos or sexting (sextortion)"),
    gettext_noop("Internet enticement through chat rooms"),
    gettext_noop("Sold by a parent or family member"),
    gettext_noop("Violence, force or kidnapping"),
]

VULNERABILITY_FACTORS = [
    gettext_noop("History of child sexual abuse"),
    gettext_noop("History of physical abuse or neglect"),
    gettext_noop("Child welfare involvement or foster care"),
    gettext_noop("Multiple placements or placement disruption"),
    gettext_noop("Runaway or homeless episodes"),
    gettext_noop("Juvenile justice involvement"),
    gettext_noop("Substance use by the youth"),
    gettext_noop("Caregiver substance use or mental illness"),
    gettext_noop("Family violence"),
    gettext_noop("LGBTQ+ youth rejected by family"),
    gettext_noop("Poverty or unmet basic needs"),
    gettext_noop("Developmental or learning disability"),
    gettext_noop("Gang-involved peers or family"),
    gettext_noop("Older 'boyfriend' or adult befriending the youth"),
    gettext_noop("Unsupervised online activity"),
    gettext_noop("School truancy or disengagement"),
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
