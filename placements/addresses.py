"""The one place a home's address and phone are read in clear text.

:func:`home_contact_for` demands a recent re-authentication (the check of
``chance.security.decorators.recent_auth_required``), asks the access policy (the address of the
home a youth lives in now is part of that youth's record: ``Need.ADDRESS``; a vacant home's
goes by :func:`placements.selectors.can_see_home_address`), writes the access-log row naming
the ground, and only then decrypts. Every page, form, export or report that would carry an
address or a phone calls it, or leaves them out. The model keeps them as ``Home._address`` and
``Home._phone`` (no template can reach an underscore name) and ``Home.address``/``Home.phone``
can be set but not read.

The phones of a home's caregivers are what the on-call clinician calls at night: they are read in
clear by :func:`caregiver_phones_for`, for the youths the policy gives the safety essentials on
(``Need.SAFETY``: the on-call clinician while a shift covers now, the youth's team and
supervisors, the home's support staff), with one access-log row per youth shown, and no re-auth
(a crisis at night). The only other reader is the home's address page
(``home_contact_for(with_caregivers=True)``): whoever may see the home's address after a re-auth
(the coordinator checking a number on file) sees its caregivers' phones too, in the same logged
row. ``Caregiver._phone`` is out of any template's reach and ``Caregiver.phone`` can be set but
not read; the caregiver edit form starts with the phone empty.
"""

from dataclasses import dataclass

from django.http import Http404

from chance.access import Need, YouthRefused, visible_youths, youth_access
from chance.audit import log as audit_log
from chance.audit.access import note_access, note_also, note_denied, noted
from chance.audit.models import AccessLog
from chance.security import stamps

from .models import Caregiver, Home
from .selectors import can_see_home_address, current_placement

WHAT = "home address"
PHONES = "caregiver phones"


class ReauthNeeded(Exception):
    """The last proof of identity is older than SECURITY_REAUTH_SECONDS: re-authenticate."""


@dataclass(frozen=True)
class CaregiverPhone:
    first_name: str
    phone: str
    last_name: str = ""
    active: bool = True


@dataclass(frozen=True)
class HomeContact:
    address: str
    phone: str
    # The home's caregivers with their phones (``with_caregivers``), active first.
    caregivers: tuple[CaregiverPhone, ...] = ()


def _decrypted(home: Home, *, with_caregivers=False) -> HomeContact:
    # The instance may have been loaded with the columns deferred (the board's rows): read them
    # from the row, decrypted by the field.
    row = Home.objects.filter(pk=home.pk).values_list("_address", "_phone").get()
    caregivers = ()
    if with_caregivers:
        caregivers = tuple(
            CaregiverPhone(first, phone or "", last, active)
            for first, last, phone, active in Caregiver.objects.filter(home_id=home.pk)
            .order_by("-active", "last_name", "first_name", "id")
            .values_list("first_name", "last_name", "_phone", "active")
        )
    return HomeContact(address=row[0] or "", phone=row[1] or "", caregivers=caregivers)


def home_contact_for(
    request, home: Home, *, access=None, if_allowed=False, with_caregivers=False
) -> HomeContact | None:
    """The address and phone of ``home`` for the signed-in user, logged.

    ``with_caregivers``: also the phones of the home's caregivers (the coordinator's one way to
    read a number on file: the caregiver edit form never shows it), under the same re-auth and
    policy, named in the same access-log row.

    Raises :class:`ReauthNeeded` without a recent re-auth and ``Http404`` when the policy
    refuses (a refusal about the youth living there is logged as a denial). With
    ``if_allowed`` (a page that shows the address only to those who may see it, such as the
    printable summary) a refusal answers ``None`` and logs nothing. ``access``: the policy's
    answer for the youth living there, when the caller already holds it.

    One access-log row: when the request has already noted the youth living there (a youth
    page), the address is added to that row's reason instead of writing a second row.
    """
    if not stamps.auth_is_recent(request):
        if if_allowed:
            return None
        raise ReauthNeeded
    user = request.user
    placement = current_placement(home)
    youth_id = placement.youth_id if placement is not None else None
    reason = ""
    if youth_id is None:
        if not can_see_home_address(user, home):
            if if_allowed:
                return None
            raise Http404("No such home")
    elif access is not None and access.youth.pk == youth_id:
        if not access.allows(Need.ADDRESS):
            if if_allowed:
                return None
            note_denied(request, youth_id)
            raise Http404("No such home")
        reason = access.reason
    else:
        try:
            reason = youth_access(user, youth_id, Need.ADDRESS).reason
        except YouthRefused:
            if if_allowed:
                return None
            note_denied(request, youth_id)
            raise Http404("No such home") from None
    also = f" and the {PHONES}" if with_caregivers else ""
    if youth_id is not None and youth_id in noted(request):
        note_also(request, youth_id, f"with the address{also} of home {home.code}")
    else:
        audit_log.append(
            action=AccessLog.Action.VIEWED,
            user=user,
            youth_id=youth_id,
            what=WHAT,
            object_ref=f"placements.Home:{home.pk}",
            request=request,
            reason=f"{reason} (with the {PHONES})".lstrip() if with_caregivers else reason,
        )
    return _decrypted(home, with_caregivers=with_caregivers)


def caregiver_phones_for(request, youth_ids) -> dict[int, list[CaregiverPhone]]:
    """The phones of the active caregivers of the home each of ``youth_ids`` lives in now,
    ``{youth id: [CaregiverPhone, ...]}``, for the signed-in user: only the youths the policy
    gives ``Need.SAFETY`` on (asked in the same query, so an on-call shift that has ended shows
    nothing), only caregivers with a phone on file. One access-log row per youth shown, naming
    the home: noted for the request (a youth page's own row says it too), written by the
    access-log middleware in one insert. No re-auth (unlike the address and the home's own
    line): the on-call clinician needs the number in a crisis at night; the shift, which ends
    by itself, and the logged row are the guard."""
    ids = sorted(set(youth_ids))
    if not ids:
        return {}
    allowed = visible_youths(request.user, Need.SAFETY).filter(pk__in=ids).values("pk")
    rows = (
        Caregiver.objects.filter(
            active=True,
            home__placements__ended_on__isnull=True,
            home__placements__youth_id__in=allowed,
        )
        .exclude(_phone="")
        .order_by("home__placements__youth_id", "last_name", "first_name", "id")
        .values_list("home__placements__youth_id", "home__code", "first_name", "_phone")
    )
    phones: dict[int, list[CaregiverPhone]] = {}
    homes: dict[int, str] = {}
    for youth_id, code, first_name, phone in rows:
        phones.setdefault(youth_id, []).append(CaregiverPhone(first_name, phone))
        homes[youth_id] = code
    already = noted(request)
    for youth_id, code in homes.items():
        what = f"with the {PHONES} of home {code}"
        if youth_id in already:
            note_also(request, youth_id, what)
        else:
            note_access(request, youth_id, reason=f"Safety essentials {what}")
    return phones
