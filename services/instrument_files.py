"""Loading instrument definitions from services/instruments/*.yaml into ``Instrument`` rows.

One code path for the shipped instruments (data migration) and for licensed ones a program adds
later (``manage.py load_instruments --dir /path``). A definition is immutable once loaded: a
changed file must carry a new version, which becomes the active one; older assessments keep
pointing at the version they were scored with.
"""

from pathlib import Path

import yaml

from .instrument_text import validate_translations
from .scoring import DefinitionError, validate_definition

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"


def read_definitions(directory=SHIPPED_DIR):
    definitions = []
    for path in sorted(Path(directory).glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            defn = yaml.safe_load(handle)
        try:
            validate_definition(defn)
            validate_translations(defn)
        except DefinitionError as exc:
            raise DefinitionError(f"{path.name}: {exc}") from exc
        defn["version"] = str(defn["version"])
        definitions.append((path.name, defn))
    return definitions


def load_instruments(Instrument, directory=SHIPPED_DIR):
    """Create missing versions, activate the newest loaded one; returns (created, unchanged)."""
    created, unchanged = [], []
    for filename, defn in read_definitions(directory):
        existing = Instrument.objects.filter(code=defn["code"], version=defn["version"]).first()
        if existing is not None:
            if existing.definition != defn:
                raise DefinitionError(
                    f"{filename}: {defn['code']} v{defn['version']} is already loaded with a "
                    "different definition; give the changed file a new version."
                )
            unchanged.append(existing)
            continue
        Instrument.objects.filter(code=defn["code"], active=True).update(active=False)
        created.append(
            Instrument.objects.create(
                code=defn["code"],
                version=defn["version"],
                name=defn["name"],
                definition=defn,
                attribution=defn.get("attribution", "").strip(),
                reassess_days=defn.get("reassess_days", 90),
                source_file=filename,
                active=True,
            )
        )
    return created, unchanged
