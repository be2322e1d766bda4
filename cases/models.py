from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from chance import spoken
from chance.documents import StoredDocument
from chance.text import visible_text


class LookupBase(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        # The seeded names are in the catalogues (migration 0002); others read as typed.
        return gettext(self.name)


class ExploitationType(LookupBase):
    """A form of commercial sexual exploitation (seed: street prostitution … Internet-based)."""

    class Meta(LookupBase.Meta):
        verbose_name = _("exploitation type")
        verbose_name_plural = _("exploitation types")


class RecruitmentPathway(LookupBase):
    """How recruitment happened (seed: Romeo entry, peer pressure, gang initiation …)."""

    class Meta(LookupBase.Meta):
        verbose_name = _("recruitment pathway")
        verbose_name_plural = _("recruitment pathways")


class VulnerabilityFactor(LookupBase):
    """A factor that makes a child vulnerable to exploitation (APA task force, 2014)."""

    class Meta(LookupBase.Meta):
        verbose_name = _("vulnerability factor")
        verbose_name_plural = _("vulnerability factors")


class Sequence(models.Model):
    """Named counters for human-readable numbers (record numbers); rows are locked to increment."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    value = models.PositiveIntegerField(_("value"), default=0)


class Youth(models.Model):
    class Track(models.TextChoices):
        STFC = "stfc", "CHANCE STFC"
        CRT = "crt", _("Community Response Team")

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        SCREENING = "screening", _("Screening")
        WAITLISTED = "waitlisted", _("Waitlisted for STFC")
        ACTIVE = "active", _("Active")
        DISCHARGED = "discharged", _("Discharged")

    class Custody(models.TextChoices):
        DEPENDENCY = "dependency", _("Dependent (child welfare custody)")
        PARENT = "parent", _("Parent or guardian")
        EXTENDED = "extended", _("Extended foster care (18–22)")
        JUVENILE_JUSTICE = "juvenile_justice", _("Juvenile justice")
        OTHER = "other", _("Other")

    class DischargeReason(models.TextChoices):
        DECLINED = "declined", _("Referral declined at screening")
        GOALS_MET = "goals_met", _("Treatment goals met")
        REUNIFIED = "reunified", _("Reunified with family")
        AGED_OUT = "aged_out", _("Aged out of the program")
        TRANSFERRED = "transferred", _("Transferred to another program")
        MOVED = "moved", _("Moved out of the service area")
        RUNAWAY = "runaway", _("Extended runaway")
        YOUTH_CHOICE = "youth_choice", _("Youth or guardian withdrew")
        OTHER = "other", _("Other")

    record_number = models.CharField(_("record number"), max_length=20, unique=True, editable=False)
    legal_first_name = models.CharField(
        _("legal first name"), max_length=100, validators=[visible_text]
    )
    legal_last_name = models.CharField(
        _("legal last name"), max_length=100, validators=[visible_text]
    )
    preferred_name = models.CharField(
        _("preferred name"), max_length=100, blank=True, validators=[visible_text]
    )
    aliases = models.CharField(
        _("aliases"),
        max_length=500,
        blank=True,
        help_text=_("Street names and aliases, separated by commas."),
        validators=[visible_text],
    )
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=40, blank=True)
    language = spoken.language_field()
    language_other = spoken.language_other_field()
    custody_status = models.CharField(
        _("custody status"), max_length=20, choices=Custody.choices, default=Custody.DEPENDENCY
    )
    court_case_number = models.CharField(
        _("dependency court case number"), max_length=40, blank=True, validators=[visible_text]
    )
    track = models.CharField(_("track"), max_length=4, choices=Track.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REFERRED
    )
    waitlist_priority = models.PositiveSmallIntegerField(
        _("waitlist priority"), null=True, blank=True, help_text=_("1 is the most urgent.")
    )
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("discharge reason"), max_length=20, choices=DischargeReason.choices, blank=True
    )
    exploitation_types = models.ManyToManyField(
        ExploitationType, verbose_name=_("exploitation types"), blank=True
    )
    recruitment_pathways = models.ManyToManyField(
        RecruitmentPathway, verbose_name=_("recruitment pathways"), blank=True
    )
    vulnerability_factors = models.ManyToManyField(
        VulnerabilityFactor, verbose_name=_("vulnerability factors"), blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[exploitation_types, recruitment_pathways, vulnerability_factors]
    )

    class Meta:
        verbose_name = _("youth")
        verbose_name_plural = _("youths")
        ordering = ["legal_last_name", "legal_first_name", "id"]
        permissions = [
            ("view_all_youths", "See every youth's identity (coordinators)"),
            ("manage_lifecycle", "Move youths through referral, screening, admission, discharge"),
            ("view_clinical", "See a youth's clinical records"),
            ("change_clinical", "Write a youth's clinical records"),
            ("approve_clinical", "Approve a youth's treatment plans"),
            ("view_part2", "See a youth's substance-use (42 CFR Part 2) records"),
        ]
        indexes = [
            models.Index(fields=["status", "track"], name="youth_status_track_idx"),
            models.Index(fields=["legal_last_name", "legal_first_name"], name="youth_name_idx"),
            # Duplicate check at intake: dates of birth near the typed one (cases.duplicates).
            models.Index(fields=["date_of_birth"], name="youth_dob_idx"),
            # The STFC waitlist in its order (board, waitlist page), reading only those waiting.
            models.Index(
                fields=["waitlist_priority", "waitlisted_at", "id"],
                condition=Q(waitlisted_at__isnull=False),
                name="youth_waitlist_order_idx",
            ),
        ]
        constraints = [
            spoken.other_is_named("youth_other_language_named"),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True)
                | Q(admitted_on__isnull=True)
                | Q(discharged_on__gte=models.F("admitted_on")),
                name="youth_discharge_after_admission",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="youth_waitlisted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | (Q(admitted_on__isnull=False) & ~Q(track="")),
                name="youth_active_is_admitted_with_track",
            ),
            models.CheckConstraint(
                condition=~Q(status="discharged") | Q(discharged_on__isnull=False),
                name="youth_discharged_has_date",
            ),
            # On the STFC waitlist = waitlisted_at and a priority 1–5, both or neither.
            models.CheckConstraint(
                condition=Q(waitlisted_at__isnull=True, waitlist_priority__isnull=True)
                | Q(
                    waitlisted_at__isnull=False,
                    waitlist_priority__gte=1,
                    waitlist_priority__lte=5,
                ),
                name="youth_waitlist_priority_1_to_5",
            ),
            # Only a waitlisted youth, or a CRT youth waiting for an STFC home, is on the list.
            models.CheckConstraint(
                condition=Q(waitlisted_at__isnull=True)
                | Q(status="waitlisted", track="stfc")
                | Q(status="active", track="crt"),
                name="youth_on_waitlist_only_when_waiting",
            ),
        ]

    def __str__(self):
        return self.record_number

    def clean(self):
        spoken.check_other_named(self)

    @property
    def language_name(self):
        return spoken.spoken_name(self)

    @property
    def display_name(self):
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def on_stfc_waitlist(self) -> bool:
        """Waiting for an STFC home: status WAITLISTED, or ACTIVE on CRT with a waitlist entry."""
        return self.waitlisted_at is not None

    @property
    def alias_list(self):
        return [a.strip() for a in self.aliases.split(",") if a.strip()]


class YouthUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(
        Youth, verbose_name=_("content object"), on_delete=models.CASCADE
    )


class YouthGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(
        Youth, verbose_name=_("content object"), on_delete=models.CASCADE
    )


class Referral(models.Model):
    """One referral of a youth to the program; re-entry opens a new one on the same record."""

    class Source(models.TextChoices):
        CHILD_WELFARE = "child_welfare", _("Child welfare (DCF / CBC)")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        JUVENILE_JUSTICE = "juvenile_justice", _("Juvenile justice")
        COURT = "court", _("Dependency court")
        SCHOOL = "school", _("School")
        HOSPITAL = "hospital", _("Hospital or medical provider")
        HOTLINE = "hotline", _("Abuse or trafficking hotline")
        COMMUNITY = "community", _("Community agency")
        FAMILY = "family", _("Family or self")
        OTHER = "other", _("Other")

    class Decision(models.TextChoices):
        STFC = "stfc", _("Admit to CHANCE STFC")
        CRT = "crt", _("Admit to Community Response Team")
        WAITLIST = "waitlist", _("Waitlist for an STFC home")
        DECLINED = "declined", _("Declined")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="referrals"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_agency = models.CharField(_("source agency"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"))
    reason = models.TextField(_("reason"), blank=True, max_length=5000)
    screening_due_at = models.DateTimeField(_("screening due at"))
    screening_started_at = models.DateTimeField(_("screening started at"), null=True, blank=True)
    screening_done_at = models.DateTimeField(_("screening done at"), null=True, blank=True)

    class NotPlacedReason(models.TextChoices):
        """Why an identified victim was not placed in an STFC home (Fla. Admin. Code 65C-43.002
        monthly report). Empty: derived in chance/reports/state.py from the decision."""

        NO_BED = "no_bed", _("No STFC bed available")
        FUNDING = "funding", _("Funding")
        NO_RECOMMENDATION = "no_recommendation", _("STFC placement not recommended")
        RUNAWAY = "runaway", _("Youth ran away")
        YOUTH_CHOICE = "youth_choice", _("Youth's choice")

    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    not_placed_reason = models.CharField(
        _("reason not placed in an STFC home"),
        max_length=20,
        choices=NotPlacedReason.choices,
        blank=True,
        help_text=_("Only when the youth is not admitted to an STFC home now."),
    )
    decision_note = models.TextField(_("decision note"), blank=True, max_length=5000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"], condition=Q(decided_at__isnull=True), name="one_open_referral"
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | ~Q(decision=""),
                name="referral_decided_has_decision",
            ),
        ]

    def __str__(self):
        return f"Referral of {self.youth} on {self.received_at:%Y-%m-%d}"


class LifecycleEvent(models.Model):
    """A step in a youth's journey (status or track change), with who, when and why."""

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="lifecycle_events"
    )
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(
        _("from status"), max_length=12, choices=Youth.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=12, choices=Youth.Status.choices, blank=True
    )
    from_track = models.CharField(
        _("from track"), max_length=4, choices=Youth.Track.choices, blank=True
    )
    to_track = models.CharField(
        _("to track"), max_length=4, choices=Youth.Track.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True, max_length=5000)
    joined_stfc_waitlist = models.BooleanField(
        _("joined stfc waitlist"),
        default=False,
        help_text=_("This step put the youth on the STFC waitlist (WAITLISTED, or active on CRT)."),
    )

    class Meta:
        verbose_name = _("lifecycle event")
        verbose_name_plural = _("lifecycle events")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.youth}: {self.from_status or '—'} → {self.to_status}"


class CaseAssignment(models.Model):
    """A staff member on a youth's case team. Creating or ending one grants or revokes access."""

    class Role(models.TextChoices):
        PRIMARY_CLINICIAN = "primary_clinician", _("Primary clinician")
        CLINICIAN = "clinician", _("Clinician")
        CARE_COORDINATOR = "care_coordinator", _("Care coordinator")
        SUPERVISOR = "supervisor", _("Supervisor")
        SUPPORT_STAFF = "support_staff", _("Home support staff")
        MENTOR = "mentor", _("Survivor mentor")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="case_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case assignment")
        verbose_name_plural = _("case assignments")
        ordering = ["role", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["youth", "user", "role"],
                condition=Q(ended_on__isnull=True),
                name="one_open_assignment_per_role",
            ),
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(ended_on__isnull=True, role="primary_clinician"),
                name="one_primary_clinician",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "ended_on"], name="assignment_user_open_idx"),
            # The open teams of a set of users, read by index only: whom a supervisor
            # supervises (chance.access's supervision ground) and every caseload.
            models.Index(
                fields=["user", "youth"],
                condition=Q(ended_on__isnull=True),
                name="assignment_open_user_youth_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} for {self.youth}"


class Contact(models.Model):
    class Kind(models.TextChoices):
        PARENT = "parent", _("Parent")
        GUARDIAN = "guardian", _("Legal guardian")
        RELATIVE = "relative", _("Relative")
        CASEWORKER = "caseworker", _("Child welfare caseworker")
        GAL = "gal", _("Guardian ad litem")
        ATTORNEY = "attorney", _("Attorney")
        SCHOOL = "school", _("School")
        PROBATION = "probation", _("Probation officer")
        MEDICAL = "medical", _("Medical provider")
        OTHER = "other", _("Other")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, validators=[visible_text])
    organization = models.CharField(
        _("organization"), max_length=200, blank=True, validators=[visible_text]
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["kind", "name"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class SafetyAlert(models.Model):
    """Something every staff member must know before acting: shown on every page of the youth."""

    class Kind(models.TextChoices):
        NO_CONTACT = "no_contact", _("No contact with this person")
        RUNAWAY = "runaway", _("Runaway risk")
        MEDICAL = "medical", _("Medical")
        SELF_HARM = "self_harm", _("Self-harm risk")
        OTHER = "other", _("Other")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="safety_alerts"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=200)
    details = models.TextField(_("details"), blank=True, max_length=5000)
    person_name = models.CharField(
        _("person name"),
        max_length=200,
        blank=True,
        help_text=_("For no-contact alerts: name or street name."),
        validators=[visible_text],
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safety alert")
        verbose_name_plural = _("safety alerts")
        ordering = ["kind", "-created_at"]
        indexes = [models.Index(fields=["youth", "active"], name="alert_youth_active_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.summary}"


class BreakGlassGrant(models.Model):
    """Time-limited access to a youth's record by someone off the team, with a stated reason."""

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    granted_at = models.DateTimeField(_("granted at"))
    expires_at = models.DateTimeField(_("expires at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("break-the-glass grant")
        verbose_name_plural = _("break-the-glass grants")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "youth", "expires_at"], name="breakglass_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("granted_at")), name="breakglass_expires"
            )
        ]

    def __str__(self):
        return f"Break-the-glass on {self.youth}"


class YouthDocument(StoredDocument):
    """One version of a document in the youth's file (a court order, a consent …). A new
    version is a new row of the same ``series`` with the next ``version``: nothing is ever
    overwritten, and the database refuses two rows with one number. The bytes are encrypted in
    the documents storage under a random name (``chance.documents``); ``public_id`` is the
    only way a URL names a version."""

    class Kind(models.TextChoices):
        COURT_ORDER = "court_order", _("Court order")
        RELEASE = "release", _("Release of information")
        CONSENT = "consent", _("Consent")
        SCHOOL = "school", _("School")
        MEDICAL = "medical", _("Medical")
        PART2 = "part2", _("Substance use treatment (42 CFR Part 2)")
        IDENTITY = "identity", _("Identity document")
        PLACEMENT_AGREEMENT = "placement_agreement", _("Placement agreement")
        OTHER = "other", _("Other")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), help_text=_("The date on the document."))
    description = models.CharField(_("description"), max_length=200, validators=[visible_text])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "series", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="document_one_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="document_version_positive"),
        ]
        indexes = [models.Index(fields=["youth", "kind"], name="document_youth_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description} (v{self.version})"


class CourtHearing(models.Model):
    """A hearing of the youth's dependency or delinquency case. The judicial review report
    (``services.JudicialReviewReport``) is written for a judicial-review hearing."""

    class Kind(models.TextChoices):
        SHELTER = "shelter", _("Shelter hearing")
        ARRAIGNMENT = "arraignment", _("Arraignment")
        JUDICIAL_REVIEW = "judicial_review", _("Judicial review")
        PERMANENCY = "permanency", _("Permanency hearing")
        OTHER = "other", _("Other hearing")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="court_hearings"
    )
    kind = models.CharField(_("type of hearing"), max_length=16, choices=Kind.choices)
    held_at = models.DateTimeField(_("date and time"))
    court = models.CharField(_("court"), max_length=200, validators=[visible_text])
    judge = models.CharField(_("judge"), max_length=200, blank=True, validators=[visible_text])
    outcome = models.TextField(_("outcome"), blank=True, max_length=4000)
    next_hearing_on = models.DateField(_("next hearing date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("court hearing")
        verbose_name_plural = _("court hearings")
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["youth", "held_at"], name="courthearing_youth_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_at:%Y-%m-%d}"
