"""The judicial review report: what the record says about the youth since the last review,
for the court, and the clinician's recommendations (``services.JudicialReviewReport``).

The caller has fetched the youth with ``youth_view(Need.CLINICAL)``. The period runs from the
previous judicial review (or admission, or ``DEFAULT_PERIOD_DAYS`` before the hearing) to the
hearing, or to today if the hearing is still ahead. Part 2 notes follow the printable summary's
rules (``exportable_notes``, the court purpose): left out without an active consent for the
court and ``view_part2``; printed with the redisclosure notice when they are in.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from cases.actions import age_on
from cases.models import CourtHearing
from placements.models import MissingEpisode, Placement
from services.models import Medication, ObjectiveReview, PsychiatricEvaluation
from services.selectors import PART2_REDISCLOSURE_NOTICE

from .summary import approved_plan, exportable_notes, final_scores

DEFAULT_PERIOD_DAYS = 180
PURPOSE = "court"


def report_period(hearing):
    """(first day, last day) the report covers."""
    youth = hearing.youth
    held_on = timezone.localtime(hearing.held_at).date()
    end = min(held_on, timezone.localdate())
    previous = (
        CourtHearing.objects.filter(
            youth=youth, kind=CourtHearing.Kind.JUDICIAL_REVIEW, held_at__lt=hearing.held_at
        )
        .order_by("-held_at")
        .values_list("held_at", flat=True)
        .first()
    )
    if previous is not None:
        start = timezone.localtime(previous).date()
    elif youth.admitted_on is not None:
        start = youth.admitted_on
    else:
        start = held_on - datetime.timedelta(days=DEFAULT_PERIOD_DAYS)
    return min(start, end), end


def _moment(day, *, end=False):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    )


def _latest_reviews(plan):
    """The latest review of each of the plan's objectives: {objective id: review}."""
    if plan is None:
        return {}
    latest = {}
    reviews = (
        ObjectiveReview.objects.filter(objective__goal__plan=plan)
        .select_related("contact")
        .order_by("objective_id", "-contact__occurred_at", "-id")
    )
    for review in reviews:
        latest.setdefault(review.objective_id, review)
    return latest


def judicial_review(request, access, hearing):
    """The report's context for ``hearing`` (a judicial review of ``access.youth``)."""
    youth, perms = access.youth, access.grants
    start, end = report_period(hearing)
    since, until = _moment(start), _moment(end, end=True)

    placements = list(
        Placement.objects.filter(youth=youth).select_related("home").order_by("started_on", "id")
    )
    in_period = [
        p for p in placements if p.started_on <= end and (p.ended_on is None or p.ended_on >= start)
    ]
    # A move is a placement that began in the period after an earlier one.
    moves = sum(1 for i, p in enumerate(placements) if i > 0 and start <= p.started_on <= end)

    notes = list(
        exportable_notes(youth, perms, purpose=PURPOSE).filter(
            occurred_at__gte=since, occurred_at__lte=until
        )
    )
    by_type = defaultdict(lambda: {"count": 0, "minutes": 0})
    for note in notes:
        row = by_type[str(note.service_type)]  # the catalogue name in the reader's language
        row["count"] += 1
        row["minutes"] += note.minutes
    part2_notes = [n for n in notes if n.service_type.part2]

    plan = approved_plan(youth)
    reviews = _latest_reviews(plan)
    goals = [
        {
            "goal": goal,
            "objectives": [
                {"objective": o, "review": reviews.get(o.pk)} for o in goal.objectives.all()
            ],
        }
        for goal in (plan.goals.all() if plan else [])
    ]
    missing = list(
        MissingEpisode.objects.filter(youth=youth, last_seen_at__lte=until)
        .filter(Q(returned_at__isnull=True) | Q(returned_at__gte=since))
        .order_by("last_seen_at")
    )
    medications = list(
        Medication.objects.filter(youth=youth, started_on__lte=end)
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gte=start))
        .order_by("started_on", "id")
    )
    evaluations = list(
        PsychiatricEvaluation.objects.filter(
            youth=youth, evaluated_on__gte=start, evaluated_on__lte=end
        ).order_by("evaluated_on", "id")
    )
    report = getattr(hearing, "judicial_review_report", None)
    return {
        "hearing": hearing,
        "report": report,
        "start": start,
        "end": end,
        "today": timezone.localdate(),
        "age": age_on(youth.date_of_birth, timezone.localdate()),
        "placements": in_period,
        "placement_count": len(placements),
        "moves": moves,
        "services": sorted(by_type.items()),
        "service_minutes": sum(n.minutes for n in notes),
        "part2_notes": part2_notes,
        "part2_notice": PART2_REDISCLOSURE_NOTICE if part2_notes else "",
        "plan": plan,
        "goals": goals,
        "scores": final_scores(youth, request.user),
        "missing": missing,
        "medications": medications,
        "evaluations": evaluations,
    }
