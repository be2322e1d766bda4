"""The demo data is built through the actions, covers every status and is idempotent."""

from django.core.management import call_command

from cases.demo import DEMO_YOUTHS
from cases.models import CaseAssignment, LifecycleEvent, Referral, SafetyAlert, Youth
from chance.access import Need, visible_youths
from chance.accounts.models import User


def test_seed_demo_covers_every_status_and_runs_twice(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Youth.objects.count(), Referral.objects.count(), LifecycleEvent.objects.count())
    assert counts[0] == len(DEMO_YOUTHS)
    assert set(Youth.objects.values_list("status", flat=True)) == set(Youth.Status.values)
    assert set(Youth.objects.exclude(track="").values_list("track", flat=True)) == {"stfc", "crt"}
    assert SafetyAlert.objects.filter(kind="no_contact").exists()
    assert SafetyAlert.objects.filter(kind="runaway").exists()
    assert counts[1] == len(DEMO_YOUTHS) + 1  # one youth was re-referred after discharge
    mine = set(
        CaseAssignment.objects.filter(user__username="clinician").values_list("youth", flat=True)
    )
    theirs = set(
        CaseAssignment.objects.filter(user__username="clinician2").values_list("youth", flat=True)
    )
    supervisor = User.objects.get(username="supervisor")
    supervised = set(visible_youths(supervisor, Need.APPROVE).values_list("pk", flat=True))
    assert mine and theirs and not mine & theirs and mine | theirs <= supervised
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Youth.objects.count(),
        Referral.objects.count(),
        LifecycleEvent.objects.count(),
    ) == counts
