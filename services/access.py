"""The ground on which the services app opens a youth's record (see ``chance.access``).

The on-call shift: while a shift of theirs covers now, an on-call clinician sees every active
youth's identity and safety essentials and may report a youth missing. The shift is read in the
same query (an uncorrelated ``EXISTS``), so the access ends the moment the shift does.
"""

from django.db.models import Exists, Q

from cases.models import Youth
from chance.access import Ground, Need, clause, register_ground

from .models import OnCallShift


def oncall_clauses(user, now):
    if not user.has_perm("services.add_crisiscall"):
        return
    in_shift = Exists(
        OnCallShift.objects.filter(user_id=user.pk, starts_at__lte=now, ends_at__gt=now)
    )
    grants = [Need.IDENTITY, Need.SAFETY]
    if user.has_perm("placements.add_missingepisode"):
        grants.append(Need.REPORT_MISSING)
    yield clause(Q(in_shift, status=Youth.Status.ACTIVE), *grants)


def register():
    register_ground(Ground("oncall", "On-call shift", oncall_clauses, order=50))
