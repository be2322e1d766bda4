"""Reminder rules about clinical work: assessments, plans, monitoring, unsigned notes."""

from datetime import timedelta

from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import CaseAssignment, CourtHearing, Youth
from cases.reminders import part2_reader, primary_clinician, team_member, team_supervisor
from chance.access import Need
from chance.reminders.registry import AddDays, Rule, StartOfDay, register, reminder_setting

from .models import (
    Assessment,
    JudicialReviewReport,
    MonitoringContact,
    ProgressNote,
    ReleaseConsent,
    TreatmentPlan,
)


def _days(name):
    return timedelta(days=reminder_setting(name))


def _plus(expression, delta):
    return ExpressionWrapper(expression + delta, output_field=DateTimeField())


def _admitted_at():
    return StartOfDay("admitted_on")


def _active_youths():
    return Youth.objects.filter(status=Youth.Status.ACTIVE, admitted_on__isnull=False).annotate(
        reminder_youth_id=F("pk"),
        reminder_record_number=F("record_number"),
        reminder_recipient_id=primary_clinician("pk"),
        reminder_supervisor_id=team_supervisor("pk"),
    )


def _tab(name):
    return lambda youth_id, target_id: reverse(f"services:{name}", args=[youth_id])


def _initial_assessment(now):
    any_final = Assessment.objects.filter(youth=OuterRef("pk"), status=Assessment.Status.FINAL)
    return (
        _active_youths()
        .exclude(Exists(any_final))
        .annotate(reminder_due_at=_plus(_admitted_at(), _days("INITIAL_ASSESSMENT_DAYS")))
    )


def _reassessment(now):
    """The latest final administration of each instrument, due again after its interval."""
    newer = Assessment.objects.filter(
        youth=OuterRef("youth"),
        instrument__code=OuterRef("instrument__code"),
        status=Assessment.Status.FINAL,
        administered_on__gt=OuterRef("administered_on"),
    )
    days = Coalesce(F("instrument__reassess_days"), Value(reminder_setting("REASSESSMENT_DAYS")))
    return (
        Assessment.objects.filter(
            status=Assessment.Status.FINAL,
            youth__status=Youth.Status.ACTIVE,
            instrument__reassess_days__gt=0,
        )
        .exclude(Exists(newer))
        .annotate(
            reminder_due_at=AddDays(StartOfDay("administered_on"), days),
            reminder_youth_id=F("youth_id"),
            reminder_record_number=F("youth__record_number"),
            reminder_recipient_id=primary_clinician(),
            reminder_supervisor_id=team_supervisor(),
        )
    )


def _treatment_plan(now):
    approved = TreatmentPlan.objects.filter(
        youth=OuterRef("pk"),
        status__in=[TreatmentPlan.Status.APPROVED, TreatmentPlan.Status.SUPERSEDED],
    )
    return (
        _active_youths()
        .exclude(Exists(approved))
        .annotate(reminder_due_at=_plus(_admitted_at(), _days("TREATMENT_PLAN_DAYS")))
    )


def _plan_review(now):
    return TreatmentPlan.objects.filter(
        status=TreatmentPlan.Status.APPROVED,
        next_review_on__isnull=False,
        youth__status=Youth.Status.ACTIVE,
    ).annotate(
        reminder_due_at=StartOfDay("next_review_on"),
        reminder_youth_id=F("youth_id"),
        reminder_record_number=F("youth__record_number"),
        reminder_recipient_id=primary_clinician(),
        reminder_supervisor_id=team_supervisor(),
    )


def _monitoring(now):
    """STFC youths are seen weekly and CRT youths every 14 days, counted from the last contact
    (or from admission, before the first)."""
    last_contact = Subquery(
        MonitoringContact.objects.filter(youth=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    since = Coalesce(last_contact, _admitted_at(), output_field=DateTimeField())
    return _active_youths().annotate(
        reminder_due_at=Case(
            When(track=Youth.Track.STFC, then=_plus(since, _days("MONITORING_STFC_DAYS"))),
            default=_plus(since, _days("MONITORING_CRT_DAYS")),
            output_field=DateTimeField(),
        )
    )


def _unsigned_notes(now):
    return ProgressNote.objects.filter(
        status=ProgressNote.Status.DRAFT, youth__status=Youth.Status.ACTIVE
    ).annotate(
        reminder_due_at=_plus(
            F("created_at"), timedelta(hours=reminder_setting("UNSIGNED_NOTE_HOURS"))
        ),
        reminder_youth_id=F("youth_id"),
        reminder_record_number=F("youth__record_number"),
        reminder_recipient_id=F("author_id"),
        reminder_supervisor_id=F("author__supervisor_id"),
    )


def _judicial_review_report(now):
    """A judicial-review hearing still ahead with no report yet: due a number of days before
    the hearing (REMINDERS["JUDICIAL_REVIEW_REPORT_DAYS"]), to the primary clinician."""
    written = JudicialReviewReport.objects.filter(hearing=OuterRef("pk"))
    return (
        CourtHearing.objects.filter(
            kind=CourtHearing.Kind.JUDICIAL_REVIEW,
            held_at__gt=now,
            youth__status=Youth.Status.ACTIVE,
        )
        .exclude(Exists(written))
        .annotate(
            reminder_due_at=_plus(F("held_at"), -_days("JUDICIAL_REVIEW_REPORT_DAYS")),
            reminder_youth_id=F("youth_id"),
            reminder_record_number=F("youth__record_number"),
            reminder_recipient_id=primary_clinician(),
            reminder_supervisor_id=team_supervisor(),
        )
    )


def _release_renewal(now):
    """A release of information with an end date is to be renewed RELEASE_RENEWAL_DAYS before
    it expires, by the youth's care coordinator (told a week before that). Recording a newer
    release to the same recipient for the same purpose closes it; so does a revocation, and a
    month after the end date a release that was let go is no longer asked about. Part 2
    releases are the next rule's (a coordinator may not see them)."""
    return _releases_to_renew(
        now,
        part2=False,
        recipient=team_member("youth_id", CaseAssignment.Role.CARE_COORDINATOR),
    )


def _part2_release_renewal(now):
    """The same for a release covering Part 2 records, asked of a Part 2 reader on the team:
    the clinician who recorded it while they still are one, else another. Its label is the
    same as any release's, so a reminder says nothing of substance-use treatment."""
    return _releases_to_renew(
        now, part2=True, recipient=part2_reader("youth_id", prefer_ref="recorded_by_id")
    )


def _releases_to_renew(now, *, part2, recipient):
    # A newer release renews this one only if it covers as much: one leaving out Part 2 records
    # does not renew a Part 2 release.
    renewed = ReleaseConsent.objects.filter(
        youth=OuterRef("youth_id"),
        recipient=OuterRef("recipient"),
        purpose=OuterRef("purpose"),
        covers_part2__gte=OuterRef("covers_part2"),
        signed_on__gt=OuterRef("signed_on"),
        revoked_on__isnull=True,
    )
    return (
        ReleaseConsent.objects.filter(
            covers_part2=part2,
            revoked_on__isnull=True,
            expires_on__gte=timezone.localdate(now) - timedelta(days=30),
            youth__status=Youth.Status.ACTIVE,
        )
        .exclude(Exists(renewed))
        .annotate(
            reminder_due_at=_plus(StartOfDay("expires_on"), -_days("RELEASE_RENEWAL_DAYS")),
            reminder_youth_id=F("youth_id"),
            reminder_record_number=F("youth__record_number"),
            reminder_recipient_id=recipient,
            reminder_supervisor_id=team_supervisor(),
        )
    )


def _consents_page(youth_id, target_id):
    return reverse("services:consents", args=[youth_id])


def _court_tab(youth_id, target_id):
    return reverse("cases:court", args=[youth_id])


SOURCE = "Program default (DESIGN.md)"
for rule in (
    Rule(
        name="services.initial_assessment",
        label=_("Initial assessment"),
        source=SOURCE + ": 7 days after admission",
        open_work=_initial_assessment,
        need=Need.CLINICAL,
        url=_tab("assessments"),
        due_soon=timedelta(days=5),
    ),
    Rule(
        name="services.reassessment",
        label=_("Re-assessment"),
        source=SOURCE + ": per instrument (default 90 days)",
        open_work=_reassessment,
        need=Need.CLINICAL,
        url=_tab("assessments"),
    ),
    Rule(
        name="services.treatment_plan",
        label=_("Treatment plan"),
        source=SOURCE + ": 30 days after admission",
        open_work=_treatment_plan,
        need=Need.CLINICAL,
        url=_tab("plans"),
    ),
    Rule(
        name="services.plan_review",
        label=_("Treatment plan review"),
        source=SOURCE + ": every 90 days",
        open_work=_plan_review,
        need=Need.CLINICAL,
        url=_tab("plans"),
    ),
    Rule(
        name="services.monitoring",
        label=_("Monitoring contact"),
        source=SOURCE + ": STFC weekly, CRT every 14 days",
        open_work=_monitoring,
        need=Need.CLINICAL,
        url=_tab("monitoring"),
        due_soon=timedelta(days=2),
    ),
    Rule(
        name="services.unsigned_note",
        label=_("Unsigned progress note"),
        source=SOURCE + ": sign within 48 hours",
        open_work=_unsigned_notes,
        need=Need.CLINICAL,
        url=_tab("notes"),
        due_soon=timedelta(hours=24),
    ),
    Rule(
        name="services.judicial_review_report",
        label=_("Judicial review report"),
        source="Program default: 10 days before a judicial review hearing",
        open_work=_judicial_review_report,
        need=Need.CLINICAL,
        url=_court_tab,
    ),
    Rule(
        name="services.release_renewal",
        label=_("Release of information renewal"),
        source="Program default: a release is renewed before it expires",
        open_work=_release_renewal,
        need=Need.EDIT,
        url=_consents_page,
    ),
    Rule(
        name="services.part2_release_renewal",
        label=_("Release of information renewal"),
        source="Program default: a release is renewed before it expires (42 CFR Part 2)",
        open_work=_part2_release_renewal,
        need=Need.PART2,
        url=_consents_page,
    ),
):
    register(rule)
