"""Supervision and home support are computed by the access policy now (``chance.access``), so
the case-team rows the old actions wrote for them end here, with their object permissions:

- an open "support staff" assignment of someone who supports the home the youth lives in now;
- an open "supervisor" assignment of someone who supervises another open member of that team.

Both kept exactly what the policy now computes, so no one gains or loses access. Part 2 object
permissions go too: Part 2 rides with the role-wide permission on every request. Each ended
assignment gets a history row saying why (migrations do not fire simple-history's signals).
Reversing restores nothing: the policy gives the same access either way.
"""

from django.db import migrations
from django.utils import timezone

# As in cases.permissions.TEAM_ROLE_PERMISSIONS when this migration was written.
TEAM_ROLE_PERMISSIONS = {
    "primary_clinician": ["view_youth", "change_youth", "view_clinical", "change_clinical"],
    "clinician": ["view_youth", "change_youth", "view_clinical", "change_clinical"],
    "care_coordinator": ["view_youth", "change_youth"],
    "supervisor": ["view_youth", "view_clinical", "approve_clinical"],
    "support_staff": ["view_youth"],
    "mentor": ["view_youth"],
}


def forwards(apps, schema_editor):
    CaseAssignment = apps.get_model("cases", "CaseAssignment")
    History = apps.get_model("cases", "HistoricalCaseAssignment")
    Grant = apps.get_model("cases", "YouthUserObjectPermission")
    Placement = apps.get_model("placements", "Placement")
    SupportAssignment = apps.get_model("placements", "SupportAssignment")
    today, now = timezone.localdate(), timezone.now()
    ending = []
    for a in CaseAssignment.objects.filter(ended_on__isnull=True, role="support_staff"):
        home_ids = Placement.objects.filter(youth_id=a.youth_id, ended_on__isnull=True).values(
            "home_id"
        )
        if SupportAssignment.objects.filter(
            user_id=a.user_id, ended_on__isnull=True, home_id__in=home_ids
        ).exists():
            ending.append((a, "Home support is now computed from the home the youth lives in"))
    for a in CaseAssignment.objects.filter(ended_on__isnull=True, role="supervisor"):
        if (
            CaseAssignment.objects.filter(
                youth_id=a.youth_id, ended_on__isnull=True, user__supervisor_id=a.user_id
            )
            .exclude(pk=a.pk)
            .exists()
        ):
            ending.append((a, "Supervision is now computed from User.supervisor"))
    for a, reason in ending:
        a.ended_on = max(today, a.started_on)
        a.save(update_fields=["ended_on"])
        fields = {f.attname: getattr(a, f.attname) for f in CaseAssignment._meta.concrete_fields}
        History.objects.create(
            **fields, history_date=now, history_type="~", history_change_reason=reason
        )
    for youth_id, user_id in {(a.youth_id, a.user_id) for a, _ in ending}:
        roles = CaseAssignment.objects.filter(
            youth_id=youth_id, user_id=user_id, ended_on__isnull=True
        ).values_list("role", flat=True)
        kept = {c for role in roles for c in TEAM_ROLE_PERMISSIONS.get(role, [])}
        Grant.objects.filter(content_object_id=youth_id, user_id=user_id).exclude(
            permission__codename__in=kept
        ).delete()
    Grant.objects.filter(permission__codename="view_part2").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0002_postgres_exclusions"),
        ("cases", "0007_search_and_waitlist_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
