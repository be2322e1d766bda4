"""Part 2 consents become releases of information (issue 21): one record of what may be released
to whom, for what purpose, until when; a release covering substance-use treatment records is
the Part 2 consent. The rows and their history are kept (renamed, not copied): the append-only
history table keeps its triggers, renamed with it so ``check_db_role`` still finds them."""

from django.db import migrations

OLD, NEW = "services_historicalpart2consent", "services_historicalreleaseconsent"


def rename_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for suffix in ("append_only", "no_truncate"):
        schema_editor.execute(
            f'ALTER TRIGGER "{OLD}_{suffix}" ON "{NEW}" RENAME TO "{NEW}_{suffix}"'
        )


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for suffix in ("append_only", "no_truncate"):
        schema_editor.execute(
            f'ALTER TRIGGER "{NEW}_{suffix}" ON "{OLD}" RENAME TO "{OLD}_{suffix}"'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_court_hearing_history_append_only"),
        ("services", "0011_judicial_review_report_history_append_only"),
    ]

    operations = [
        migrations.RenameModel("Part2Consent", "ReleaseConsent"),
        migrations.RenameModel("HistoricalPart2Consent", "HistoricalReleaseConsent"),
        migrations.RunPython(rename_triggers, restore_triggers),
    ]
