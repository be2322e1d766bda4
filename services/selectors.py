"""Reads of the services app that already apply permissions.

Per-youth clinical pages fetch the youth with ``cases.selectors.youth_for(request, pk,
perm="view_clinical")`` first; the selectors below then only narrow what that youth's page may
show (Part 2 notes need ``view_part2``; other people's drafts are left out, see
``without_others_drafts``). On-call access is by shift, not by team.
"""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import SafetyAlert, Youth
from chance.access import Need, visible_youths
from chance.charts import score_chart

from .models import (
    Assessment,
    AssessmentAmendment,
    CrisisCall,
    Goal,
    Instrument,
    MonitoringContact,
    NoteAmendment,
    Objective,
    ObjectiveReview,
    OnCallShift,
    ProgressNote,
    ReleaseConsent,
    TreatmentPlan,
)
from .scoring import answer_rows, cutoff_bands, primary_range, subscale_labels

try:  # placements sits below services; guarded so this module loads before it has models
    from placements.addresses import caregiver_phones_for
    from placements.models import MissingEpisode, Placement
except ImportError:  # pragma: no cover
    MissingEpisode = Placement = caregiver_phones_for = None


# --- Drafts --------------------------------------------------------------------------------


def without_others_drafts(queryset, viewer):
    """``queryset`` (progress notes, treatment plans or assessments) less the drafts ``viewer``
    did not write.

    A draft is unfinished clinical writing: its author's alone until it is signed (note),
    finalized (assessment) or submitted for approval (plan); from then on everyone who may read
    the youth's clinical record sees it, so a supervisor sees a plan once it is pending. A plan
    returned by the supervisor is a draft again, its author's alone. Every read of these records
    on someone's behalf goes through here, so others' drafts are missing (404), never refused.
    The author is the model's ``DRAFT_AUTHOR_FIELD`` (the audit trail reads it too)."""
    model = queryset.model
    return queryset.filter(
        ~Q(status=model.Status.DRAFT) | Q(**{f"{model.DRAFT_AUTHOR_FIELD}_id": viewer.pk})
    )


# --- Progress notes and Part 2 -------------------------------------------------------------


def _amendments_prefetch():
    return Prefetch(
        "amendments", queryset=NoteAmendment.objects.select_related("author").order_by("at", "id")
    )


def notes_for_youth(youth, perms, *, viewer):
    """The youth's notes ``viewer`` (holding ``perms`` on the youth) may read: Part 2 notes only
    with view_part2, drafts only their own."""
    qs = without_others_drafts(ProgressNote.objects.filter(youth=youth), viewer).select_related(
        "service_type", "author"
    )
    if "view_part2" not in perms:
        qs = qs.filter(service_type__part2=False)
    return qs.prefetch_related(_amendments_prefetch())


def note_for(youth, perms, pk, *, viewer):
    note = notes_for_youth(youth, perms, viewer=viewer).filter(pk=pk).first()
    if note is None:
        raise Http404("No such note")
    return note


def active_part2_consents(youth, *, purpose, on=None):
    """The youth's releases in force ``on`` that cover Part 2 records for ``purpose``: the one
    test every Part 2 disclosure (summary, export, judicial review report) asks."""
    on = on or timezone.localdate()
    return ReleaseConsent.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on),
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=on),
        youth=youth,
        covers_part2=True,
        purpose=purpose,
        signed_on__lte=on,
    )


# Required with every disclosure of Part 2 records (42 CFR 2.32); the printable summary shows it
# whenever it includes a Part 2 note, in the reader's language (the rule's own wording is this
# English text).
PART2_REDISCLOSURE_NOTICE = _(
    "This record which has been disclosed to you is protected by federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Part 2 rules prohibit you from using or disclosing this "
    "record, or testimony that describes the information contained in this record, in any "
    "civil, criminal, administrative, or legislative proceedings by any Federal, State, or "
    "local authority, against the patient, unless authorized by the consent of the patient."
)


def notes_for_export(youth, *, purpose, on=None):
    """Signed notes for a printable summary or disclosure with ``purpose`` (a
    ``ReleaseConsent.Purpose`` value). Part 2 notes are left out unless the youth has an active
    consent for that purpose; drafts are never exported. The caller must already have checked
    that the requesting user may see the youth's clinical records; when the result holds a
    Part 2 note, print ``PART2_REDISCLOSURE_NOTICE`` with it."""
    qs = (
        ProgressNote.objects.filter(youth=youth, status=ProgressNote.Status.SIGNED)
        .select_related("service_type", "author")
        .prefetch_related(_amendments_prefetch())
        .order_by("occurred_at", "id")
    )
    if not active_part2_consents(youth, purpose=purpose, on=on).exists():
        qs = qs.filter(service_type__part2=False)
    return qs


# --- Assessments ---------------------------------------------------------------------------


def assessments_for_youth(youth, *, viewer):
    """The youth's assessments ``viewer`` may read: final ones and their own drafts."""
    return (
        without_others_drafts(Assessment.objects.filter(youth=youth), viewer)
        .select_related("instrument", "administered_by")
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=AssessmentAmendment.objects.select_related("author").order_by("at", "id"),
            )
        )
        .order_by("administered_on", "id")
    )


def effective(assessment):
    """The scores that count: those of the latest amendment, else the assessment's own."""
    amendments = list(assessment.amendments.all())
    return amendments[-1] if amendments else assessment


def changed_answers(defn, before, after):
    """The answers an amendment corrected, each as (question, old label, new label)."""
    old = {row["key"]: row for row in answer_rows(defn, before)}
    return [
        (row["text"], old[row["key"]]["answer"], row["answer"])
        for row in answer_rows(defn, after)
        if row["answer"] != old[row["key"]]["answer"]
    ]


def assessment_overview(youth, *, viewer):
    """Per instrument: the final assessments over time (chart + table rows) and ``viewer``'s own
    drafts. Only final assessments feed the chart.

    A constant number of queries whatever the number of assessments."""
    groups = {}
    for assessment in assessments_for_youth(youth, viewer=viewer):
        group = groups.setdefault(
            assessment.instrument.code,
            {"instrument": assessment.instrument, "final": [], "drafts": []},
        )
        if assessment.is_final:
            scored = effective(assessment)
            group["final"].append(
                {
                    "assessment": assessment,
                    "scores": scored.scores,
                    "primary": scored.primary_score,
                    "level": assessment.instrument.level_text(scored.level),
                    "severity": scored.severity,
                    "amended": scored is not assessment,
                }
            )
        else:
            group["drafts"].append(assessment)
    result = []
    for group in groups.values():
        defn = group["instrument"].in_reader_language()
        low, high = primary_range(defn)
        points = [
            (row["assessment"].administered_on, row["primary"])
            for row in group["final"]
            if row["primary"] is not None
        ]
        labels = subscale_labels(defn)
        for row in group["final"]:
            row["cells"] = [
                {"label": label, "value": row["scores"].get(key)} for key, label in labels
            ]
        group["labels"] = labels
        group["primary_label"] = dict(labels).get(defn["primary"], "")
        group["chart"] = score_chart(
            points,
            low=low,
            high=high,
            cutoffs=cutoff_bands(defn),
            y_label=group["primary_label"],
        )
        group["final"].reverse()  # table: newest first; chart: oldest to newest
        result.append(group)
    result.sort(key=lambda g: g["instrument"].name)
    return result


def active_instruments():
    return Instrument.objects.filter(active=True).order_by("name")


def assessment_for(youth, pk, *, viewer):
    assessment = assessments_for_youth(youth, viewer=viewer).filter(pk=pk).first()
    if assessment is None:
        raise Http404("No such assessment")
    return assessment


# --- Treatment plans and monitoring --------------------------------------------------------


def plans_for_youth(youth, *, viewer):
    """The youth's plans ``viewer`` may read: submitted (pending), approved and superseded ones,
    and their own drafts."""
    return (
        without_others_drafts(TreatmentPlan.objects.filter(youth=youth), viewer)
        .select_related("author", "approved_by")
        .order_by("-created_at", "-id")
    )


def plan_for(youth, pk, *, viewer):
    plan = (
        plans_for_youth(youth, viewer=viewer)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch(
                        "objectives",
                        queryset=Objective.objects.prefetch_related(
                            "interventions__service_type", "interventions__responsible"
                        ),
                    )
                ),
            )
        )
        .first()
    )
    if plan is None:
        raise Http404("No such plan")
    return plan


def current_plan_objectives(youth):
    plan = TreatmentPlan.objects.filter(youth=youth, status=TreatmentPlan.Status.APPROVED).first()
    if plan is None:
        return None, []
    return plan, list(
        Objective.objects.filter(goal__plan=plan)
        .select_related("goal")
        .order_by("goal__order", "goal_id", "order", "id")
    )


def monitoring_for_youth(youth):
    return (
        MonitoringContact.objects.filter(youth=youth)
        .select_related("by", "flag_resolved_by")
        .prefetch_related(
            Prefetch("reviews", queryset=ObjectiveReview.objects.select_related("objective"))
        )
    )


def monitoring_flags_for_supervisor(user):
    """Open "plan needs adjustment" flags on youths the user supervises (approve_clinical),
    oldest first: the supervisor's home page lists these."""
    youths = visible_youths(user, Need.APPROVE)
    return (
        MonitoringContact.objects.filter(
            needs_adjustment=True, flag_resolved_at__isnull=True, youth__in=youths
        )
        .select_related("youth", "by")
        .order_by("occurred_at", "id")
    )


# --- On-call -------------------------------------------------------------------------------


_UNKNOWN = object()


def shift_now(user, at=None):
    """The user's on-call shift covering ``at`` (default now), or None. Without ``at`` the answer
    is kept on the user object, which lives for one request: the page and its navigation (which
    offers the crisis calls only during a shift) ask once between them."""
    if not user.is_authenticated:
        return None
    if at is None:
        shift = getattr(user, "_shift_now", _UNKNOWN)
        if shift is _UNKNOWN:
            shift = shift_now(user, timezone.now())
            user._shift_now = shift
        return shift
    return OnCallShift.objects.filter(user=user, starts_at__lte=at, ends_at__gt=at).first()


def rota(at=None, upcoming=10):
    at = at or timezone.now()
    shifts = OnCallShift.objects.select_related("user").order_by("starts_at", "role")
    return {
        "now": list(shifts.filter(starts_at__lte=at, ends_at__gt=at)),
        "next": list(shifts.filter(starts_at__gt=at)[:upcoming]),
    }


def _essentials_prefetches():
    prefetches = [
        Prefetch(
            "safety_alerts",
            queryset=SafetyAlert.objects.filter(active=True).order_by("kind", "id"),
            to_attr="active_alerts",
        )
    ]
    if Placement is not None:
        prefetches.append(
            Prefetch(
                "placements",
                queryset=Placement.objects.filter(ended_on__isnull=True).select_related("home"),
                to_attr="open_placements",
            )
        )
        prefetches.append(
            Prefetch(
                "missing_episodes",
                queryset=MissingEpisode.objects.filter(returned_at__isnull=True),
                to_attr="open_missing",
            )
        )
    return prefetches


def with_essentials():
    """Youths with what the safety essentials show loaded: active alerts, the safety plan, the
    current placement with its home code and the open missing episode (no address, nothing
    clinical). The caregivers' phones come from ``essentials_phones``, logged."""
    return Youth.objects.select_related("safety_plan").prefetch_related(*_essentials_prefetches())


def essentials_for_active_youths(user):
    """The safety essentials of every active youth the user holds them on: for the on-call
    clinician in shift, every active youth."""
    return (
        with_essentials()
        .filter(status=Youth.Status.ACTIVE, pk__in=visible_youths(user, Need.SAFETY).values("pk"))
        .order_by("legal_last_name", "legal_first_name", "id")
    )


def essentials_phones(request, youths):
    """Set ``caregiver_phones`` on each of ``youths`` (``placements.addresses``: decrypted for
    those the policy gives the safety essentials on, one access-log row per youth shown)."""
    youths = list(youths)
    phones = caregiver_phones_for(request, [y.pk for y in youths]) if caregiver_phones_for else {}
    for y in youths:
        y.caregiver_phones = phones.get(y.pk, [])
    return youths


def may_see_crisis_calls(user):
    """Supervisors see every crisis call; on-call clinicians see them during a shift."""
    if user.has_perm("services.view_crisiscall"):
        return True
    return user.has_perm("services.add_crisiscall") and shift_now(user) is not None


def visible_crisis_calls(user):
    """Crisis calls about the youths the user may see (the caller checks the rota permission:
    ``may_see_crisis_calls``)."""
    return CrisisCall.objects.filter(youth__in=visible_youths(user).values("pk"))


def crisis_calls(user, limit=100):
    return (
        visible_crisis_calls(user)
        .select_related("youth", "taken_by", "home")
        .order_by("-received_at", "-id")[:limit]
    )
