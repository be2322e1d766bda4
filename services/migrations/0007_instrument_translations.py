"""Load versions 1.1 of the CSEC indicator checklist and the protective factors rating: the same
items and scoring, with their Spanish and Haitian Creole text. Assessments already given keep
pointing at 1.0."""

from django.db import migrations


def load(apps, schema_editor):
    from services.instrument_files import load_instruments

    load_instruments(apps.get_model("services", "Instrument"))


class Migration(migrations.Migration):
    dependencies = [("services", "0006_assessment_language")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
