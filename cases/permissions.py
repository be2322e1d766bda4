"""What each case-team role may do to the youth it is assigned to (django-guardian grants)."""

from .models import CaseAssignment

Role = CaseAssignment.Role

CLINICAL = ["view_youth", "change_youth", "view_clinical", "change_clinical"]

TEAM_ROLE_PERMISSIONS = {
    Role.PRIMARY_CLINICIAN: CLINICAL,
    Role.CLINICIAN: CLINICAL,
    Role.CARE_COORDINATOR: ["view_youth", "change_youth"],
    Role.SUPERVISOR: ["view_youth", "view_clinical", "approve_clinical"],
    Role.SUPPORT_STAFF: ["view_youth"],
    Role.MENTOR: ["view_youth"],
}

# Granted on top of the team role when the user also holds the global Part 2 permission.
PART2_GLOBAL = "cases.view_part2"
