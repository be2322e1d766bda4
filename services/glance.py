"""The clinical part of the top of a youth's overview (``cases.glance``): the plan and its next
review, the last contact and the latest scores.

Each fact needs ``view_clinical`` on the youth (the case team, their supervisor, a
break-the-glass grant), the rule of the tabs these facts come from; without it the provider
answers None without a query, so a support worker or a coordinator is not shown a score or the
date of a note. Drafts are their author's alone (``without_others_drafts``) and Part 2 notes
need ``view_part2``, as on the tabs. The last crisis call shows to those who may read crisis
calls (supervisors; on-call clinicians during a shift). Each provider is one query.
"""

from django.db.models import BooleanField, Exists, F, OuterRef, Subquery, Value, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.glance import GlanceFact, GlanceLine, Tag
from chance.access import Need, visible_youths
from chance.dates import day, moment

from . import instrument_text
from .models import (
    Assessment,
    AssessmentAmendment,
    CrisisCall,
    MonitoringContact,
    OnCallShift,
    ProgressNote,
    ServiceType,
    TreatmentPlan,
)
from .selectors import without_others_drafts

Plan = TreatmentPlan.Status


def plan(access, viewer):
    """The approved plan and its next review; a revision waiting for approval or in draft."""
    if not access.allows(Need.CLINICAL):
        return None
    youth = access.youth
    plans = list(
        without_others_drafts(
            TreatmentPlan.objects.filter(youth=youth).exclude(status=Plan.SUPERSEDED), viewer
        )
        .order_by("-created_at", "-id")
        .values("status", "next_review_on")[:5]
    )
    approved = next((p for p in plans if p["status"] == Plan.APPROVED), None)
    newer = next((p for p in plans if p["status"] in (Plan.PENDING, Plan.DRAFT)), None)
    tags, detail = [], ""
    if approved:
        tags.append(Tag(_("Approved"), "ok"))
        review = approved["next_review_on"]
        if review:
            detail = _("Next review %(day)s") % {"day": day(review)}
            if review < timezone.localdate():
                tags.append(Tag(_("Review overdue"), "danger"))
    if newer and newer["status"] == Plan.PENDING:
        tags.append(
            Tag(_("Revision pending approval") if approved else _("Pending approval"), "warn")
        )
    elif newer:
        tags.append(Tag(_("Draft revision") if approved else _("Draft"), "warn"))
    if not tags:
        tags.append(Tag(_("No plan"), "warn"))
    return GlanceFact(
        key="plan",
        label=_("Treatment plan"),
        detail=detail,
        tags=tuple(tags),
        url=reverse("services:plans", args=[youth.pk]),
        action=_("Plans"),
        order=70,
    )


def last_contact(access, viewer):
    """The last time someone of the program was with the youth or spoke with them: the latest
    progress note (a service contact) or monitoring contact the reader may read, whichever is
    later. A crisis call is not a contact with the youth (the caller is often the caregiver), so
    the last one shows on its own line, to those who may read crisis calls."""
    clinical = access.allows(Need.CLINICAL)
    calls_readable = _crisis_calls_readable(viewer)
    if not clinical and calls_readable is None:
        return None
    youth = access.youth
    columns = {}
    if clinical:
        notes = without_others_drafts(ProgressNote.objects.filter(youth=OuterRef("pk")), viewer)
        if not access.allows(Need.PART2):
            notes = notes.filter(service_type__part2=False)
        notes = notes.order_by("-occurred_at", "-id")
        contacts = MonitoringContact.objects.filter(youth=OuterRef("pk")).order_by(
            "-occurred_at", "-id"
        )
        columns.update(
            note_at=Subquery(notes.values("occurred_at")[:1]),
            note_kind=Subquery(notes.values("service_type__name")[:1]),
            contact_at=Subquery(contacts.values("occurred_at")[:1]),
            contact_kind=Subquery(contacts.values("kind")[:1]),
        )
    if calls_readable is not None:
        calls = CrisisCall.objects.filter(youth=OuterRef("pk")).order_by("-received_at", "-id")
        columns.update(
            calls_readable=calls_readable,
            call_at=Subquery(calls.values("received_at")[:1]),
            call_category=Subquery(calls.values("category")[:1]),
        )
    row = (
        visible_youths(viewer).filter(pk=youth.pk).annotate(**columns).values(*columns).first()
    ) or {}
    value, detail, url, action = _("None recorded"), "", "", ""
    seen = []
    if row.get("note_at"):
        kind = _("Progress note: %(kind)s") % {"kind": ServiceType.read(row["note_kind"])}
        seen.append((row["note_at"], kind, "services:notes", _("Notes")))
    if row.get("contact_at"):
        kind = _("Monitoring: %(kind)s") % {
            "kind": _label(MonitoringContact.Kind, row["contact_kind"])
        }
        seen.append((row["contact_at"], kind, "services:monitoring", _("Monitoring")))
    if seen:
        at, kind, url_name, action = max(seen, key=lambda found: found[0])
        value = _("%(when)s ago") % {"when": timesince(at, depth=1)}
        detail = f"{moment(at)} · {kind}"
        url = reverse(url_name, args=[youth.pk])
    lines = ()
    if row.get("calls_readable"):
        call_at = row.get("call_at")
        about = (
            f"{moment(call_at)} · {_label(CrisisCall.Category, row['call_category'])}"
            if call_at
            else _("None recorded")
        )
        lines = (GlanceLine(_("Last crisis call"), about),)
    if not clinical:  # an on-call clinician: the crisis calls, no note or contact dates
        if not lines:
            return None
        return GlanceFact(key="last_contact", label=_("Crisis calls"), lines=lines, order=75)
    return GlanceFact(
        key="last_contact",
        label=_("Last contact"),
        value=value,
        detail=detail,
        lines=lines,
        url=url,
        action=action,
        order=75,
    )


def _label(choices, value):
    return _(choices(value).label) if value in choices.values else (value or "")


def _crisis_calls_readable(viewer):
    """Whether the reader may read crisis calls (``selectors.may_see_crisis_calls``), as a
    condition of the same query (the shift is an ``EXISTS``, read now), or None when their
    role reads none."""
    if viewer.has_perm("services.view_crisiscall"):
        return Value(True, output_field=BooleanField())
    if viewer.has_perm("services.add_crisiscall"):
        now = timezone.now()
        return Exists(
            OnCallShift.objects.filter(user_id=viewer.pk, starts_at__lte=now, ends_at__gt=now)
        )
    return None


SEVERITY_TONES = {"high": "danger", "medium": "warn", "low": "ok"}


def scores(access, viewer):
    """Per instrument, the latest final score (amended where an amendment corrected it), its
    level, whether it is above the instrument's cut-off, and how it moved since the one before."""
    if not access.allows(Need.CLINICAL):
        return None
    youth = access.youth
    latest_amendment = AssessmentAmendment.objects.filter(assessment=OuterRef("pk")).order_by(
        "-at", "-id"
    )
    rows = list(
        Assessment.objects.filter(youth=youth, status=Assessment.Status.FINAL)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("instrument__code")],
                order_by=[F("administered_on").desc(), F("id").desc()],
            ),
            amended=Exists(latest_amendment),
            amended_primary=Subquery(latest_amendment.values("primary_score")[:1]),
            amended_level=Subquery(latest_amendment.values("level")[:1]),
            amended_severity=Subquery(latest_amendment.values("severity")[:1]),
        )
        .filter(rank__lte=2)
        .values(
            "rank",
            "instrument__code",
            "instrument__name",
            "instrument__definition__cutoffs",
            "instrument__definition__translations",
            "administered_on",
            "primary_score",
            "level",
            "severity",
            "amended",
            "amended_primary",
            "amended_level",
            "amended_severity",
        )
    )
    by_code = {}
    for row in sorted(
        rows, key=lambda r: (r["instrument__name"], r["instrument__code"], r["rank"])
    ):
        by_code.setdefault(row["instrument__code"], []).append(_effective(row))
    lines = tuple(_score_line(found) for found in by_code.values())
    return GlanceFact(
        key="scores",
        label=_("Latest scores"),
        value="" if lines else _("No final assessment yet"),
        lines=lines,
        url=reverse("services:assessments", args=[youth.pk]),
        action=_("Assessments"),
        order=100,
        wide=True,
    )


def _effective(row):
    """The scores that count: those of the latest amendment, else the assessment's own."""
    if row["amended"]:
        for key in ("primary", "level", "severity"):
            row[key if key != "primary" else "primary_score"] = row[f"amended_{key}"]
    return row


def trend(latest, previous) -> str:
    """ "up", "down" or "same": how the primary score moved since the one before ("" when there
    is no earlier score to compare)."""
    if latest is None or previous is None:
        return ""
    if latest > previous:
        return "up"
    if latest < previous:
        return "down"
    return "same"


TREND_WORDS = {
    "up": lambda previous: _("↑ up from %(n)s") % {"n": f"{previous:g}"},
    "down": lambda previous: _("↓ down from %(n)s") % {"n": f"{previous:g}"},
    "same": lambda previous: _("= same as before (%(n)s)") % {"n": f"{previous:g}"},
}


def _score_line(found):
    latest = found[0]
    previous = found[1] if len(found) > 1 else None
    score = latest["primary_score"]
    tags = []
    cut = _cut_off(latest["instrument__definition__cutoffs"])
    if score is not None and cut is not None:
        above = score >= cut
        text = _("Above cut-off (%(cut)s)") if above else _("Below cut-off (%(cut)s)")
        tags.append(Tag(text % {"cut": f"{cut:g}"}, SEVERITY_TONES.get(latest["severity"], "")))
    direction = trend(score, previous["primary_score"] if previous else None)
    if direction:
        tags.append(Tag(TREND_WORDS[direction](previous["primary_score"])))
    # The name and the stored (English) level in the reader's language, where the instrument
    # has one: its translations come with the row, so this costs no query.
    words = {
        "name": latest["instrument__name"],
        "translations": latest["instrument__definition__translations"] or {},
    }
    text = instrument_text.name_in(words, get_language())
    if score is not None:
        text = f"{text}: {score:g}"
    detail = day(latest["administered_on"])
    if latest["level"]:
        level = instrument_text.level_in(words, latest["level"], get_language())
        detail = f"{level} · {detail}"
    return GlanceLine(text, detail, tuple(tags))


def _cut_off(cutoffs):
    """The first score at which the level changes (the instrument's screening cut-off)."""
    mins = sorted(band["min"] for band in cutoffs or [] if "min" in band)
    return mins[1] if len(mins) > 1 else None
