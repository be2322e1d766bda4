"""The six program roles as groups. Their permissions are synced after every migrate
(chance.accounts.roles.sync_role_permissions), since permissions of later apps appear then."""

from django.db import migrations

ROLES = [
    "Clinician",
    "Care coordinator",
    "Supervisor",
    "On-call clinician",
    "Home support staff",
    "Program admin",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
