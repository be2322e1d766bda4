"""The foster caregiver and survivor mentor roles as groups (their permissions are synced after
every migrate, chance.accounts.roles.sync_role_permissions)."""

from django.db import migrations

ROLES = ["Survivor mentor", "Foster caregiver"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_field_labels")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
