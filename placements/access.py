"""The grounds on which the placements app opens a youth's record (see ``chance.access``).

- Home support: staff with an open support assignment to the home a youth lives in now see that
  youth's identity, alerts, contacts and safety essentials, keep the home's visit log, and may
  report them missing. "Lives
  in now" is the open placement, read on every request: a move ends the access at once.
- Program homes: coordinators and supervisors see the address of any youth's home.
- Missing-episode reporting: coordinators may open a missing episode for any youth.
"""

from django.db.models import Q

from cases.models import Youth
from chance.access import EVERY_YOUTH, Ground, Need, clause, register_ground

from .models import Placement


def home_support_clauses(user, now):
    if not user.has_perm("placements.view_home"):
        return
    lives_in_supported_home = Placement.objects.filter(
        ended_on__isnull=True,
        home__support_assignments__user_id=user.pk,
        home__support_assignments__ended_on__isnull=True,
    ).values("youth_id")
    yield clause(lives_in_supported_home, Need.IDENTITY, Need.SAFETY, Need.ADDRESS, Need.VISIT_HOME)
    if user.has_perm("placements.add_missingepisode"):
        active = Q(status=Youth.Status.ACTIVE)
        yield clause(lives_in_supported_home, Need.REPORT_MISSING, where=active)


def program_homes_clauses(user, now):
    # Coordinators and supervisors see every home's address (DESIGN's matrix); which youths they
    # see at all is another ground's answer.
    if user.has_perm("placements.view_all_homes"):
        yield clause(EVERY_YOUTH, Need.ADDRESS)


def missing_report_clauses(user, now):
    if user.has_perm("placements.add_missingepisode") and user.has_perm("cases.view_all_youths"):
        yield clause(EVERY_YOUTH, Need.REPORT_MISSING)


def register():
    register_ground(Ground("home_support", "Home support", home_support_clauses, order=40))
    register_ground(Ground("program_homes", "Program role", program_homes_clauses, order=45))
    register_ground(
        Ground("missing_report", "Missing-youth report", missing_report_clauses, order=60)
    )
