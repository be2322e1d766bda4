"""Home.address and Home.phone become ``_address`` and ``_phone`` in Python (no template can
reach an underscore name; ``placements.addresses.home_contact_for`` is the one reader). The
columns keep their names: nothing changes in the database."""

from django.db import migrations

import chance.crypto


def _renames(model):
    return [
        migrations.RenameField(model, "address", "_address"),
        migrations.RenameField(model, "phone", "_phone"),
        migrations.AlterField(
            model,
            "_address",
            chance.crypto.EncryptedTextField(
                "address", blank=True, db_column="address", max_length=500
            ),
        ),
        migrations.AlterField(
            model,
            "_phone",
            chance.crypto.EncryptedTextField("phone", blank=True, db_column="phone", max_length=40),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("placements", "0003_access_is_computed")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=_renames("home") + _renames("historicalhome"), database_operations=[]
        )
    ]
