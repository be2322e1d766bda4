"""The printable youth summary for a court hearing or a treatment-team meeting.

The caller has fetched the youth with ``youth_for(request, pk, perm="view_clinical")``. Part 2
(substance-use) notes appear only if the viewer holds ``view_part2`` on the youth and the youth
has an active consent for the chosen purpose; then the redisclosure notice is printed with them.
No draft is ever printed, not even the viewer's own: only signed notes, the approved plan and
final assessment scores.
"""

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.actions import age_on
from cases.models import SafetyAlert
from placements.addresses import home_contact_for
from placements.models import MissingEpisode, Placement
from services.models import Goal, Objective, TreatmentPlan
from services.selectors import PART2_REDISCLOSURE_NOTICE, assessment_overview, notes_for_export

RECENT_SERVICE_DAYS = 90
PURPOSES = {"treatment": _("Treatment-team meeting"), "court": _("Court hearing")}


def approved_plan(youth):
    """The youth's approved treatment plan with its goals and objectives, or None."""
    return (
        TreatmentPlan.objects.filter(youth=youth, status=TreatmentPlan.Status.APPROVED)
        .select_related("author", "approved_by")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch("objectives", queryset=Objective.objects.order_by("order", "id"))
                ),
            )
        )
        .first()
    )


def exportable_notes(youth, perms, *, purpose):
    """Signed notes that may leave the program for ``purpose``: Part 2 notes only with the
    youth's active consent for it (``notes_for_export``) and for a reader holding view_part2."""
    notes = notes_for_export(youth, purpose=purpose)
    if "view_part2" not in perms:
        notes = notes.filter(service_type__part2=False)
    return notes


def final_scores(youth, user):
    """The latest final score of each instrument."""
    return [
        {"instrument": g["instrument"], "row": g["final"][0], "label": g["primary_label"]}
        for g in assessment_overview(youth, viewer=user)
        if g["final"]
    ]


def youth_summary(request, access, *, purpose="treatment"):
    """``access``: the policy's answer for the youth (``youth_view``). The home's address is
    printed only for those the policy gives it to, read through ``home_contact_for`` (the
    re-auth, and the address named on the page's one access-log row)."""
    user, youth, perms = request.user, access.youth, access.grants
    today = timezone.localdate()
    placement = (
        Placement.objects.filter(youth=youth, ended_on__isnull=True).select_related("home").first()
    )
    missing = MissingEpisode.objects.filter(youth=youth, returned_at__isnull=True).first()
    contact = (
        home_contact_for(request, placement.home, access=access, if_allowed=True)
        if placement is not None and placement.home is not None
        else None
    )
    plan = approved_plan(youth)
    since = timezone.now() - datetime.timedelta(days=RECENT_SERVICE_DAYS)
    notes = list(exportable_notes(youth, perms, purpose=purpose).filter(occurred_at__gte=since))
    latest_scores = final_scores(youth, user)
    part2_included = any(n.service_type.part2 for n in notes)
    return {
        "age": age_on(youth.date_of_birth, today),
        "today": today,
        "placement": placement,
        "missing": missing,
        "contact": contact,
        "alerts": list(SafetyAlert.objects.filter(youth=youth, active=True).order_by("kind", "id")),
        "plan": plan,
        "scores": latest_scores,
        "notes": notes,
        "service_days": RECENT_SERVICE_DAYS,
        "service_minutes": sum(n.minutes for n in notes),
        "part2_included": part2_included,
        "part2_notice": PART2_REDISCLOSURE_NOTICE if part2_included else "",
        "purpose": purpose,
        "purpose_label": PURPOSES[purpose],
        "purposes": PURPOSES,
    }
