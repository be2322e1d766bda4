"""What each case-team role may do to the youth it is assigned to: the django-guardian object
permissions ``case_assignment_create`` grants and ``case_assignment_end`` revokes, read by the
case-team ground of the access policy (``cases.access``)."""

from .models import CaseAssignment

Role = CaseAssignment.Role

CLINICAL = ["view_youth", "change_youth", "view_clinical", "change_clinical"]

TEAM_ROLE_PERMISSIONS = {
    Role.PRIMARY_CLINICIAN: CLINICAL,
    Role.CLINICIAN: CLINICAL,
    Role.CARE_COORDINATOR: ["view_youth", "change_youth"],
    Role.SUPERVISOR: ["view_youth", "view_clinical", "approve_clinical"],
    Role.SUPPORT_STAFF: ["view_youth"],
    # A survivor mentor sees the youth through the mentoring ground (frontline/access.py): the
    # preferred name, age, alerts and their own sessions, never the record.
    Role.MENTOR: [],
}

# The role-wide Part 2 permission: rides with clinical access on every request (cases.access).
PART2_GLOBAL = "cases.view_part2"
