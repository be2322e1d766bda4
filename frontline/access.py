"""The grounds on which the frontline app opens a youth's record (see ``chance.access``).

- Foster caregiver: a caregiver's login (``Caregiver.user``, the caregiver active) holds
  ``Need.HOME_CARE`` on the youth placed in their home now, and may report that youth missing.
  "Now" is the open placement, read on every request: when the placement ends, so does access.
  ``HOME_CARE`` opens the caregiver's page only (preferred name, age, safety plan, alerts,
  appointments, the home's own notes): never the record, its clinical tabs or other homes.
- Survivor mentor: a mentor with an open "Survivor mentor" place on the youth's case team holds
  ``Need.MENTORING``: the preferred name, age, alerts and their own sessions.
"""

from django.db.models import Q

from cases.models import CaseAssignment, Youth
from chance.access import Ground, Need, clause, register_ground
from placements.models import Placement


def caregiver_clauses(user, now):
    if not user.has_perm("frontline.add_homenote"):
        return
    in_own_home = Placement.objects.filter(
        ended_on__isnull=True,
        home__caregivers__user_id=user.pk,
        home__caregivers__active=True,
    ).values("youth_id")
    yield clause(in_own_home, Need.HOME_CARE)
    yield clause(in_own_home, Need.REPORT_MISSING, where=Q(status=Youth.Status.ACTIVE))


def mentoring_clauses(user, now):
    if not user.has_perm("frontline.add_mentoringsession"):
        return
    mentored = CaseAssignment.objects.filter(
        user_id=user.pk, role=CaseAssignment.Role.MENTOR, ended_on__isnull=True
    ).values("youth_id")
    yield clause(mentored, Need.MENTORING)


def register():
    register_ground(Ground("caregiver", "Foster caregiver of the home", caregiver_clauses, 42))
    register_ground(Ground("mentoring", "Survivor mentor", mentoring_clauses, order=44))
