"""Caregiver.phone becomes ``_phone`` in Python, as the home's address and phone did (0004): no
template can reach an underscore name, ``Caregiver.phone`` can be set but not read, and
``placements.addresses`` is the one reader. The column keeps its name: nothing changes in the
database."""

from django.db import migrations

import chance.crypto


def _renames(model):
    return [
        migrations.RenameField(model, "phone", "_phone"),
        migrations.AlterField(
            model,
            "_phone",
            chance.crypto.EncryptedTextField("phone", blank=True, db_column="phone", max_length=40),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("placements", "0007_visible_text")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=_renames("caregiver") + _renames("historicalcaregiver"),
            database_operations=[],
        )
    ]
