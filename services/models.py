"""Wraparound services: catalogue, assessments, treatment plans, progress notes, monitoring,
on-call shifts and crisis calls, safety plans, psychiatric services and Part 2 consents.

Invariants both databases understand are declared here; PostgreSQL-only protections (triggers
that refuse changes to final assessments and signed notes) live in migration 0003.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import CourtHearing, Youth
from chance.text import visible_text

from . import instrument_text

USER = settings.AUTH_USER_MODEL
LONG_TEXT = 20_000
MEDIUM_TEXT = 5_000


def long_text(verbose_name=None, *, blank=False, limit=LONG_TEXT, **kwargs):
    """A text column whose length is enforced by full_clean() and by the generated form field."""
    return models.TextField(
        verbose_name,
        blank=blank,
        max_length=limit,
        validators=[MaxLengthValidator(limit)],
        **kwargs,
    )


class ServiceType(models.Model):
    """A wraparound service (seed: assessment, planning, on-call, monitoring, psychiatric, SUD…).

    ``part2`` marks substance-use treatment: its records are 42 CFR Part 2 records, shown only
    with the per-youth ``view_part2`` permission and never exported without consent.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    part2 = models.BooleanField(
        _("42 CFR Part 2 record"), default=False, help_text=_("Substance-use treatment records.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["order", "name"]

    def __str__(self):
        return self.read(self.name)

    @staticmethod
    def read(name):
        """A service type's name in the reader's language: the seeded names are in the
        catalogues (migration 0002); one a program adds reads as typed."""
        return gettext(name)


class Instrument(models.Model):
    """A versioned assessment definition loaded from services/instruments/*.yaml."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.CharField(_("version"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    definition = models.JSONField(_("definition"))
    attribution = models.TextField(_("attribution"), blank=True, max_length=2000)
    reassess_days = models.PositiveSmallIntegerField(
        _("re-administer after (days)"), default=90, validators=[MinValueValidator(1)]
    )
    source_file = models.CharField(_("source file"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(active=True), name="one_active_instrument_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def title(self):
        """The name in the reader's language, where the instrument has one."""
        return instrument_text.name_in(self.definition, get_language())

    def in_reader_language(self):
        """The definition with its texts in the reader's language, where it has them."""
        return instrument_text.localized(self.definition, get_language())

    @property
    def reader_text_language(self):
        """The language ``in_reader_language`` is in (for ``lang=``): English without one."""
        offered = instrument_text.languages(self.definition)
        return get_language() if get_language() in offered else instrument_text.ENGLISH

    def level_text(self, level):
        """A stored (English) level in the reader's language."""
        return instrument_text.level_in(self.definition, level, get_language())


class Assessment(models.Model):
    """One administration of an instrument. Final assessments are locked: corrections are
    ``AssessmentAmendment`` rows, and on PostgreSQL a trigger refuses UPDATE/DELETE."""

    # Whose draft it is: a draft is its author's alone (services.selectors.without_others_drafts,
    # and the audit trail's change pages).
    DRAFT_AUTHOR_FIELD = "administered_by"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="assessments"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="+"
    )
    administered_by = models.ForeignKey(
        USER, verbose_name=_("administered by"), on_delete=models.PROTECT, related_name="+"
    )
    administered_on = models.DateField(_("administered on"))
    # The language the items were put to the youth in (one of the instrument's languages,
    # services.instrument_text). The level is stored in English and read in any language.
    language = models.CharField(
        _("language given in"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    responses = models.JSONField(_("responses"), default=dict, blank=True)
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    primary_score = models.FloatField(_("primary score"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=10, blank=True)
    comments = long_text(_("comments"), blank=True, limit=MEDIUM_TEXT)
    status = models.CharField(
        _("status"), max_length=5, choices=Status.choices, default=Status.DRAFT
    )
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-administered_on", "-id"]
        indexes = [
            models.Index(
                fields=["youth", "instrument", "administered_on"], name="assessment_youth_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="final") | Q(finalized_at__isnull=False),
                name="assessment_final_has_time",
            )
        ]

    def __str__(self):
        return f"Assessment #{self.pk}"

    @property
    def is_final(self):
        return self.status == self.Status.FINAL


class AssessmentAmendment(models.Model):
    """A correction of a final assessment: the corrected answers, rescored, with who and why."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = long_text(_("reason"), limit=2000)
    responses = models.JSONField(_("responses"), default=dict)
    scores = models.JSONField(_("scores"), default=dict)
    primary_score = models.FloatField(_("primary score"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=10, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment amendment")
        verbose_name_plural = _("assessment amendments")
        ordering = ["at", "id"]

    def __str__(self):
        return f"Amendment #{self.pk} of assessment #{self.assessment_id}"


class TreatmentPlan(models.Model):
    """The youth's individualized treatment and service plan."""

    DRAFT_AUTHOR_FIELD = "author"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="treatment_plans"
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    strengths = long_text(_("strengths and protective factors"), blank=True, limit=MEDIUM_TEXT)
    needs = long_text(_("needs and presenting concerns"), blank=True, limit=MEDIUM_TEXT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        USER,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    return_note = models.CharField(_("return note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("treatment plan")
        verbose_name_plural = _("treatment plans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"], condition=Q(status="approved"), name="one_approved_plan_per_youth"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "superseded"])
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="plan_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("author")),
                name="plan_not_approved_by_author",
            ),
        ]

    def __str__(self):
        return f"Treatment plan #{self.pk}"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class Goal(models.Model):
    plan = models.ForeignKey(
        TreatmentPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("description"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "id"]

    def __str__(self):
        return self.description


class Objective(models.Model):
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="objectives"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("description"), max_length=500)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["order", "id"]

    def __str__(self):
        return self.description


class Intervention(models.Model):
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.CASCADE,
        related_name="interventions",
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=100, help_text=_("For example: weekly, 60 minutes.")
    )
    responsible = models.ForeignKey(
        USER, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["id"]

    def __str__(self):
        return f"{self.service_type} ({self.frequency})"


class ProgressNote(models.Model):
    """A service contact note. Signed notes are never edited: ``NoteAmendment`` appends, and on
    PostgreSQL a trigger refuses UPDATE/DELETE of a signed row."""

    DRAFT_AUTHOR_FIELD = "author"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    class Setting(models.TextChoices):
        OFFICE = "office", _("Office")
        HOME = "home", _("Foster or family home")
        SCHOOL = "school", _("School")
        COMMUNITY = "community", _("Community")
        TELEHEALTH = "telehealth", _("Telehealth (video)")
        PHONE = "phone", _("Telephone")
        HOSPITAL = "hospital", _("Hospital")
        OTHER = "other", _("Other")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="progress_notes"
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices)
    text = long_text(_("note"))
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.DRAFT
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["youth", "occurred_at"], name="note_youth_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(signed_at__isnull=False),
                name="note_signed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=720), name="note_minutes_range"
            ),
        ]

    def __str__(self):
        return f"Progress note #{self.pk}"

    @property
    def is_signed(self):
        return self.status == self.Status.SIGNED


class NoteAmendment(models.Model):
    note = models.ForeignKey(
        ProgressNote, verbose_name=_("note"), on_delete=models.PROTECT, related_name="amendments"
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    text = long_text(_("text"), limit=MEDIUM_TEXT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("note amendment")
        verbose_name_plural = _("note amendments")
        ordering = ["at", "id"]

    def __str__(self):
        return f"Amendment #{self.pk} of note #{self.note_id}"


class ReleaseConsent(models.Model):
    """A signed release of information: the youth's (and where required, the guardian's)
    consent that ``what`` may be released ``to`` a recipient for a purpose, until it expires or
    is revoked. The signed form is a document of the youth's file. A release covering
    substance-use treatment records (``covers_part2``) is also the 42 CFR Part 2 consent: the
    Part 2 rules (``selectors.active_part2_consents``) read these same rows."""

    class Purpose(models.TextChoices):
        TREATMENT = "treatment", _("Treatment and care coordination")
        COURT = "court", _("Court or legal proceedings")
        CASEWORKER = "caseworker", _("Child welfare caseworker")
        EDUCATION = "education", _("School and education")
        PAYMENT = "payment", _("Payment and health-care operations")
        OTHER = "other", _("Other")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="consents"
    )
    recipient = models.CharField(
        _("released to"),
        max_length=200,
        validators=[visible_text],
        help_text=_("The person or agency the information may be given to."),
    )
    information = models.CharField(
        _("information released"),
        max_length=500,
        validators=[visible_text],
        help_text=_("What may be released, as the signed form says."),
    )
    covers_part2 = models.BooleanField(
        _("includes substance use treatment records (42 CFR Part 2)"), default=False
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    signed_on = models.DateField(_("signed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    signed_form = models.ForeignKey(
        "cases.YouthDocument",
        verbose_name=_("signed form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("release of information")
        verbose_name_plural = _("releases of information")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("signed_on")),
                name="consent_expires_after_signing",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=F("signed_on")),
                name="consent_revoked_after_signing",
            ),
        ]

    def __str__(self):
        return f"Release of information #{self.pk}"

    @staticmethod
    def audit_value_perm(record):
        """In the audit trail, a Part 2 release's values are for Part 2 readers only."""
        return "view_part2" if record.covers_part2 else "view_clinical"

    def is_active(self, on=None):
        on = on or timezone.localdate()
        return (
            self.signed_on <= on
            and (self.expires_on is None or self.expires_on >= on)
            and (self.revoked_on is None or self.revoked_on > on)
        )


class MonitoringContact(models.Model):
    """Regular monitoring that the plan's goals are pursued, or need adjusting."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit")
        SCHOOL = "school", _("School contact")
        PHONE = "phone", _("Phone")
        VIRTUAL = "virtual", _("Virtual (video)")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="monitoring_contacts"
    )
    plan = models.ForeignKey(
        TreatmentPlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    by = models.ForeignKey(USER, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    summary = long_text(_("summary"), limit=MEDIUM_TEXT)
    needs_adjustment = models.BooleanField(_("plan needs adjustment"), default=False)
    adjustment_reason = models.CharField(_("adjustment reason"), max_length=1000, blank=True)
    flag_resolved_at = models.DateTimeField(_("flag resolved at"), null=True, blank=True)
    flag_resolved_by = models.ForeignKey(
        USER,
        verbose_name=_("flag resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring contact")
        verbose_name_plural = _("monitoring contacts")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["youth", "occurred_at"], name="monitoring_youth_time_idx"),
            models.Index(
                fields=["needs_adjustment", "flag_resolved_at"], name="monitoring_flag_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(needs_adjustment=True) | Q(flag_resolved_at__isnull=True),
                name="monitoring_resolved_only_if_flagged",
            )
        ]

    def __str__(self):
        return f"Monitoring contact #{self.pk}"


class ObjectiveReview(models.Model):
    class Rating(models.IntegerChoices):
        REGRESSED = 1, _("Regressed")
        NO_PROGRESS = 2, _("No progress")
        SOME = 3, _("Some progress")
        GOOD = 4, _("Good progress")
        ACHIEVED = 5, _("Achieved")

    contact = models.ForeignKey(
        MonitoringContact,
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.PROTECT, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objective review")
        verbose_name_plural = _("objective reviews")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "objective"], name="one_review_per_objective"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="objective_rating_range"
            ),
        ]


class SafetyPlan(models.Model):
    """The youth's safety plan: one current row per youth, every version kept by history."""

    youth = models.OneToOneField(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="safety_plan"
    )
    warning_signs = long_text(_("warning signs"), limit=MEDIUM_TEXT)
    coping_steps = long_text(_("coping steps the youth can take"), limit=MEDIUM_TEXT)
    people_to_call = long_text(_("people and numbers to call"), limit=MEDIUM_TEXT)
    safe_places = long_text(_("safe places"), limit=MEDIUM_TEXT)
    updated_by = models.ForeignKey(
        USER, verbose_name=_("updated by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")

    def __str__(self):
        return f"Safety plan #{self.pk}"


class Medication(models.Model):
    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="medications"
    )
    name = models.CharField(_("name"), max_length=200)
    dose = models.CharField(_("dose"), max_length=200, help_text=_("Dose, route and frequency."))
    prescriber = models.CharField(_("prescriber"), max_length=200, validators=[visible_text])
    started_on = models.DateField(_("started on"))
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    stop_reason = models.CharField(_("stop reason"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medication")
        verbose_name_plural = _("medications")
        ordering = ["stopped_on", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True) | Q(stopped_on__gte=F("started_on")),
                name="medication_stops_after_start",
            )
        ]

    def __str__(self):
        return self.name


class PsychiatricEvaluation(models.Model):
    youth = models.ForeignKey(
        Youth,
        verbose_name=_("youth"),
        on_delete=models.PROTECT,
        related_name="psychiatric_evaluations",
    )
    evaluated_on = models.DateField(_("evaluated on"))
    evaluator = models.CharField(
        _("psychiatrist or prescriber"), max_length=200, validators=[visible_text]
    )
    findings = long_text(_("findings"))
    recommendations = long_text(_("recommendations"), blank=True, limit=MEDIUM_TEXT)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("psychiatric evaluation")
        verbose_name_plural = _("psychiatric evaluations")
        ordering = ["-evaluated_on", "-id"]

    def __str__(self):
        return f"Psychiatric evaluation #{self.pk}"


class OnCallShift(models.Model):
    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        BACKUP = "backup", _("Backup")

    user = models.ForeignKey(
        USER, verbose_name=_("user"), on_delete=models.PROTECT, related_name="oncall_shifts"
    )
    role = models.CharField(_("role"), max_length=7, choices=Role.choices, default=Role.PRIMARY)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("on-call shift")
        verbose_name_plural = _("on-call shifts")
        ordering = ["starts_at", "role"]
        indexes = [models.Index(fields=["user", "starts_at", "ends_at"], name="shift_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} on-call shift #{self.pk}"


class CrisisCall(models.Model):
    class Category(models.TextChoices):
        RUNAWAY = "runaway", _("Runaway / missing")
        SELF_HARM = "self_harm", _("Self-harm or suicide risk")
        EXPLOITER = "exploiter", _("Contact from an exploiter")
        DISRUPTION = "disruption", _("Placement disruption")
        MEDICAL = "medical", _("Medical")
        OTHER = "other", _("Other")

    class CallerKind(models.TextChoices):
        YOUTH = "youth", _("The youth")
        CAREGIVER = "caregiver", _("Foster parent / caregiver")
        SUPPORT = "support", _("Home support staff")
        FAMILY = "family", _("Family member")
        CASEWORKER = "caseworker", _("Caseworker")
        LAW = "law", _("Law enforcement")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    class Disposition(models.TextChoices):
        PHONE = "phone", _("Resolved by phone")
        IN_PERSON = "in_person", _("In-person response")
        EMERGENCY = "emergency", _("Emergency services (911)")
        HOSPITAL = "hospital", _("Taken to hospital / crisis unit")
        LAW = "law", _("Law enforcement notified")
        MISSING = "missing", _("Missing episode opened")
        OTHER = "other", _("Other")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="crisis_calls"
    )
    home = models.ForeignKey(
        "placements.Home",
        verbose_name=_("home"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The home the call concerns; by default the youth's current home."),
    )
    received_at = models.DateTimeField(_("received at"))
    taken_by = models.ForeignKey(
        USER, verbose_name=_("taken by"), on_delete=models.PROTECT, related_name="+"
    )
    caller_kind = models.CharField(_("caller kind"), max_length=10, choices=CallerKind.choices)
    caller_name = models.CharField(
        _("caller name"), max_length=200, blank=True, validators=[visible_text]
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    description = long_text(_("what happened"), limit=MEDIUM_TEXT)
    response = long_text(_("response given"), limit=MEDIUM_TEXT)
    disposition = models.CharField(_("disposition"), max_length=10, choices=Disposition.choices)
    follow_up_needed = models.BooleanField(_("follow up needed"), default=False)
    follow_up_done_at = models.DateTimeField(_("follow up done at"), null=True, blank=True)
    follow_up_note = models.CharField(_("follow up note"), max_length=1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("crisis call")
        verbose_name_plural = _("crisis calls")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["received_at"], name="crisis_received_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_needed=True) | Q(follow_up_done_at__isnull=True),
                name="crisis_followup_done_only_if_needed",
            )
        ]

    def __str__(self):
        return f"Crisis call #{self.pk}"


class JudicialReviewReport(models.Model):
    """The treatment team's report to the court before a judicial-review hearing. The record
    speaks for itself (placements, services, plan, missing episodes: ``chance.reports``); what
    is stored is what only the clinician can say: the recommendations. One report per hearing,
    corrected in place, every version kept in its history."""

    youth = models.ForeignKey(
        Youth,
        verbose_name=_("youth"),
        on_delete=models.PROTECT,
        related_name="judicial_review_reports",
    )
    hearing = models.OneToOneField(
        CourtHearing,
        verbose_name=_("hearing"),
        on_delete=models.PROTECT,
        related_name="judicial_review_report",
    )
    recommendations = long_text(_("recommendations"))
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judicial review report")
        verbose_name_plural = _("judicial review reports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Judicial review report #{self.pk}"
