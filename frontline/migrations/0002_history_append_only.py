"""The frontline records' history tables are append-only on PostgreSQL like every other history
table (audit 0005): a caregiver's incident report or a mentor's session log, once written, keeps
every earlier version."""

from django.db import migrations

from chance.audit.append_only import protect


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_checkpoint_history"),
        ("frontline", "0001_initial"),
    ]

    operations = [
        protect(
            "frontline_historicalappointment",
            "frontline_historicalhomenote",
            "frontline_historicalhomevisit",
            "frontline_historicalincident",
            "frontline_historicalmentoringsession",
        )
    ]
