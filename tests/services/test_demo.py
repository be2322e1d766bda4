from django.core.management import call_command

from services.models import Assessment, CrisisCall, OnCallShift, ProgressNote, TreatmentPlan


def counts():
    return [
        m.objects.count()
        for m in (Assessment, TreatmentPlan, ProgressNote, OnCallShift, CrisisCall)
    ]


def test_demo_seeds_clinical_records_once(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    assert all(first)
    assert Assessment.objects.filter(status="draft").exists()
    assert TreatmentPlan.objects.filter(status="approved").exists()
    assert TreatmentPlan.objects.filter(status="draft").exists()
    assert ProgressNote.objects.filter(service_type__part2=True, status="signed").exists()
    assert OnCallShift.objects.filter(user__username="oncall", role="primary").exists()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first
