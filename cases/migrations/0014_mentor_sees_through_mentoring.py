"""A survivor mentor sees a youth through the mentoring ground now (frontline/access.py): the
preferred name, age, alerts and their own sessions, not the record. The "view youth" object
permission an open mentor assignment carried goes, unless another open role of the same person
on that team carries it too. Reversing restores nothing the policy needs."""

from django.db import migrations

# As in cases.permissions.TEAM_ROLE_PERMISSIONS when this migration was written.
CARRY_VIEW = {"primary_clinician", "clinician", "care_coordinator", "supervisor", "support_staff"}


def forwards(apps, schema_editor):
    CaseAssignment = apps.get_model("cases", "CaseAssignment")
    Grant = apps.get_model("cases", "YouthUserObjectPermission")
    for youth_id, user_id in set(
        CaseAssignment.objects.filter(ended_on__isnull=True, role="mentor").values_list(
            "youth_id", "user_id"
        )
    ):
        if not CaseAssignment.objects.filter(
            youth_id=youth_id, user_id=user_id, ended_on__isnull=True, role__in=CARRY_VIEW
        ).exists():
            Grant.objects.filter(
                content_object_id=youth_id, user_id=user_id, permission__codename="view_youth"
            ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_field_labels")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
