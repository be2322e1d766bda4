"""The monthly report to the state under Fla. Admin. Code 65C-43.002.

Each count is defined here and printed on the page in the same words, so the number sent to the
state can be traced to the records. The month runs from its first local midnight to the next.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Referral, Youth
from placements.models import Placement

from .periods import local_midnight, month_label, next_month
from .tables import Table

RULE = "Fla. Admin. Code 65C-43.002"  # a citation: the same in every language
Reason = Referral.NotPlacedReason
NOT_RECORDED = "not_recorded"
REASON_ORDER = [
    (Reason.NO_BED, _("No STFC bed available")),
    (Reason.FUNDING, _("Funding")),
    (Reason.NO_RECOMMENDATION, _("No recommendation for STFC placement")),
    (Reason.RUNAWAY, _("Runaway")),
    (Reason.YOUTH_CHOICE, _("Youth's choice")),
    (NOT_RECORDED, _("Reason not recorded")),
]

DEFINITIONS = [
    (
        _("Youths screened"),
        _(
            "Youths whose screening was completed in the month (the referral's screening "
            "decision was recorded then). A youth screened twice in a month counts once, with "
            "the latest decision."
        ),
    ),
    (
        _("Identified victims"),
        _(
            "Screened youths whose screening did not decline them: admitted to CHANCE STFC, "
            "admitted to the Community Response Team, or waitlisted for an STFC home."
        ),
    ),
    (
        _("Assessed for safe placement"),
        _(
            "Identified victims whose screening recommended a safe (CHANCE STFC) foster home: "
            "admitted to STFC or waitlisted for an STFC home."
        ),
    ),
    (
        _("Referred to non-residential services"),
        _(
            "Identified victims admitted to the Community Response Team, which serves youths "
            "where they live. Assessed for safe placement plus referred to non-residential "
            "services equals identified victims."
        ),
    ),
    (
        _("Placed"),
        _("Youths whose CHANCE STFC placement started in the month, whenever they were screened."),
    ),
    (
        _("Not placed"),
        _(
            "Identified victims of the month with no CHANCE STFC placement started between "
            "their screening and the month's end, by reason: the reason recorded with the "
            "screening decision; otherwise runaway or youth's choice if they were discharged for "
            "that reason by the month's end; otherwise no bed for a youth admitted to STFC or "
            "waitlisted, and no recommendation for a youth admitted to the Community Response "
            "Team."
        ),
    ),
]


def _derived_reason(referral, youth, month_end_day):
    if referral["not_placed_reason"]:
        return referral["not_placed_reason"]
    if youth["discharged_on"] is not None and youth["discharged_on"] < month_end_day:
        if youth["discharge_reason"] == Youth.DischargeReason.RUNAWAY:
            return Reason.RUNAWAY
        if youth["discharge_reason"] == Youth.DischargeReason.YOUTH_CHOICE:
            return Reason.YOUTH_CHOICE
    if referral["decision"] in (Referral.Decision.STFC, Referral.Decision.WAITLIST):
        return Reason.NO_BED
    if referral["decision"] == Referral.Decision.CRT:
        return Reason.NO_RECOMMENDATION
    return NOT_RECORDED


def monthly_counts(scope, month):
    """The counts for ``month`` (its first day), as an ordered list of (key, label, number)."""
    start, end = local_midnight(month), local_midnight(next_month(month))
    end_day = next_month(month)
    screened = {}
    for referral in (
        scope.filter(
            Referral.objects.filter(screening_done_at__gte=start, screening_done_at__lt=end)
        )
        .order_by("screening_done_at", "id")
        .values("youth_id", "decision", "not_placed_reason", "screening_done_at")
    ):
        screened[referral["youth_id"]] = referral  # the latest in the month wins
    victims = {y: r for y, r in screened.items() if r["decision"] != Referral.Decision.DECLINED}
    assessed = [
        y
        for y, r in victims.items()
        if r["decision"] in (Referral.Decision.STFC, Referral.Decision.WAITLIST)
    ]
    non_residential = [y for y, r in victims.items() if r["decision"] == Referral.Decision.CRT]
    stfc = scope.filter(
        Placement.objects.filter(setting=Placement.Setting.STFC, started_on__lt=end_day).filter(
            Q(started_on__gte=month) | Q(youth_id__in=list(victims))
        )
    ).values_list("youth_id", "started_on")
    placed = set()
    placed_since = {}
    for youth_id, started_on in stfc:
        if started_on >= month:
            placed.add(youth_id)
        placed_since.setdefault(youth_id, []).append(started_on)
    youths = {
        y["pk"]: y
        for y in scope.youths_counted()
        .filter(pk__in=list(victims))
        .values("pk", "discharged_on", "discharge_reason")
    }
    reasons = dict.fromkeys([key for key, _label in REASON_ORDER], 0)
    not_placed = 0
    for youth_id, referral in victims.items():
        screened_on = referral["screening_done_at"]
        screened_day = timezone.localtime(screened_on).date()
        if any(day >= screened_day for day in placed_since.get(youth_id, [])):
            continue
        not_placed += 1
        reasons[_derived_reason(referral, youths[youth_id], end_day)] += 1
    counts = [
        ("screened", _("Youths screened"), len(screened)),
        ("identified", _("Identified victims"), len(victims)),
        ("assessed", _("Assessed for safe placement"), len(assessed)),
        ("non_residential", _("Referred to non-residential services"), len(non_residential)),
        ("placed", _("Placed"), len(placed)),
        ("not_placed", _("Not placed"), not_placed),
    ]
    counts += [
        (f"not_placed_{key}", _("Not placed: %(reason)s") % {"reason": label}, reasons[key])
        for key, label in REASON_ORDER
    ]
    return counts


def monthly_table(scope, month):
    counts = monthly_counts(scope, month)
    return Table(
        "state",
        _("Monthly report under %(rule)s for %(month)s")
        % {"rule": RULE, "month": month_label(month)},
        [_("Month"), _("Measure"), pgettext_lazy("a number", "Count")],
        [[month, label, n] for _key, label, n in counts],  # the month: "2025-02" in the CSV
    )
