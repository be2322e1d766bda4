"""Who may see and add which documents of a youth's file: by the document's kind.

- Medical documents need the clinical record (``Need.CLINICAL``), substance-use treatment
  documents the Part 2 grant (``Need.PART2``, 42 CFR Part 2), as the notes they go with.
- Identity documents (birth certificate, passport, social security card: what an exploiter or a
  family member looking for the youth would want most) need ``Need.EDIT``, the coordinators who
  keep the youth's identity, not everyone who can open the record.
- Every other kind needs what opens the record (``Need.IDENTITY``).

Adding a document needs seeing its kind and writing the record: ``Need.EDIT`` (coordinators)
or ``Need.WRITE_CLINICAL`` (the clinical team). A document one may not see is not listed at all.
"""

from chance.access import Need

from .models import YouthDocument

Kind = YouthDocument.Kind

NEED_TO_SEE = {
    Kind.MEDICAL: Need.CLINICAL,
    Kind.PART2: Need.PART2,
    Kind.IDENTITY: Need.EDIT,
}


def need_to_see(kind) -> Need:
    return NEED_TO_SEE.get(kind, Need.IDENTITY)


def kinds_seen(access) -> list[str]:
    return [kind for kind in Kind.values if access.allows(need_to_see(kind))]


def may_add(access) -> bool:
    return access.allows_any(Need.EDIT, Need.WRITE_CLINICAL)


def kinds_added(access) -> list[str]:
    return kinds_seen(access) if may_add(access) else []
