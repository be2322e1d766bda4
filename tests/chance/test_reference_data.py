import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from cases.models import ExploitationType, RecruitmentPathway
from chance.accounts import roles
from services.models import Instrument, ServiceType


@pytest.mark.django_db(transaction=True)
def test_a_flush_restores_roles_lookups_and_the_service_catalogue():
    call_command("flush", "--noinput", verbosity=0)
    assert set(roles.ALL_ROLES) <= set(Group.objects.values_list("name", flat=True))
    assert ExploitationType.objects.count() == 10
    assert RecruitmentPathway.objects.count() == 9
    assert ServiceType.objects.filter(part2=True).exists()
    assert Instrument.objects.filter(code="crafft", active=True).exists()


def test_a_curated_lookup_survives_a_migrate(db):
    ExploitationType.objects.filter(name="Phone sex lines").update(active=False)
    call_command("migrate", verbosity=0)
    assert not ExploitationType.objects.get(name="Phone sex lines").active
