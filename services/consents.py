"""Who may see and record a youth's releases of information.

A release names who may be given what, so it is for the people who share records: the
coordinators who keep the case (``Need.EDIT``) and the clinical team (``Need.CLINICAL``). A
release covering substance-use treatment records says that the youth is in such treatment, which
42 CFR Part 2 itself protects: it is seen, recorded and revoked only under the Part 2 grant
(``Need.PART2``, with the clinical write grant to record one), as the notes it opens are. Its
signed form is filed as a Part 2 document for the same reason; any other as a release of
information (``cases.documents``).
"""

from cases.models import YouthDocument
from chance.access import Need

from .models import ReleaseConsent


def may_see(access) -> bool:
    return access.allows_any(Need.EDIT, Need.CLINICAL)


def may_record(access, *, covers_part2=False) -> bool:
    if covers_part2:
        return access.allows(Need.PART2) and access.allows(Need.WRITE_CLINICAL)
    return access.allows_any(Need.EDIT, Need.WRITE_CLINICAL)


def may_record_part2(access) -> bool:
    return may_record(access, covers_part2=True)


def visible(access):
    """The youth's releases ``access`` may see (none when it may see none)."""
    consents = ReleaseConsent.objects.filter(youth=access.youth)
    if not may_see(access):
        return consents.none()
    if not access.allows(Need.PART2):
        consents = consents.filter(covers_part2=False)
    return consents


def form_kind(covers_part2: bool) -> str:
    """The document kind the signed form is filed under."""
    return YouthDocument.Kind.PART2 if covers_part2 else YouthDocument.Kind.RELEASE
