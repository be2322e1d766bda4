"""STFC homes, caregivers, the training ledger, alarms, placements and missing episodes.

The rules that keep a child safe are held by the database as well as by the actions:
one open placement per youth, one open placement per home (the single-child rule), dates that
do not run backwards; on PostgreSQL also exclusion constraints against overlapping date ranges
(migration 0002). The actions give the clear message; the constraints hold the truth.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Youth
from chance import spoken
from chance.crypto import EncryptedTextField
from chance.dates import moment
from chance.documents import StoredDocument
from chance.text import visible_text

User = settings.AUTH_USER_MODEL


def rules():
    return settings.PLACEMENT_RULES


def missing_since(last_seen_at) -> str:
    """The words every page uses for an open episode: "Missing since Dec 1, 2026 21:40"."""
    return gettext("Missing since %(when)s") % {"when": moment(last_seen_at)}


def _write_only(model, name, reader):
    """A property that stores into ``_<name>`` and refuses to be read: the encrypted column is
    read in clear only by ``placements.addresses.<reader>`` (re-auth or shift, the policy, the
    access-log row). A template that reaches for it fails loudly (the name is in ``dir()``, so
    Django re-raises), and ``_<name>`` is out of any template's reach."""

    def refuse(self):
        raise AttributeError(
            f"{model}.{name} is write-only: read it through placements.addresses.{reader}"
        )

    def store(self, value):
        setattr(self, f"_{name}", value)

    return property(refuse, store)


class Home(models.Model):
    """A CHANCE specialized therapeutic foster home, shown by its code everywhere but one page."""

    class Status(models.TextChoices):
        RECRUITING = "recruiting", _("Recruiting")
        CERTIFIED = "certified", _("Certified")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        validators=[
            visible_text,
            RegexValidator(r"^H-\d{2,4}$", _("Use the form H-07 (H, a dash, 2–4 digits).")),
        ],
    )
    # Fernet ciphertext in the column and in the history table; never logged, never in lists.
    # Read only through ``placements.addresses.home_contact_for`` (recent re-auth, the policy,
    # the access-log row). The attributes start with an underscore so no template can reach
    # them, and ``address``/``phone`` can be set but not read.
    _address = EncryptedTextField(_("address"), db_column="address", blank=True, max_length=500)
    _phone = EncryptedTextField(_("phone"), db_column="phone", blank=True, max_length=40)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECRUITING
    )
    license_number = models.CharField(
        _("license number"), max_length=40, blank=True, validators=[visible_text]
    )
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    license_expires_on = models.DateField(_("license expires on"), null=True, blank=True)
    alarm_installed = models.BooleanField(_("alarm installed"), default=False)
    alarm_last_tested_on = models.DateField(_("alarm last tested on"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=1,
        help_text=_("CHANCE youths at a time; the program promise is one."),
    )
    other_foster_children = models.PositiveSmallIntegerField(
        _("other foster children"),
        default=0,
        help_text=_("Foster children placed here by other programs."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("home")
        verbose_name_plural = _("homes")
        ordering = ["code"]
        permissions = [
            ("view_all_homes", "See every home and its address (coordinators, supervisors)"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity=1), name="home_single_child_capacity"),
            models.CheckConstraint(
                condition=~Q(status="certified")
                | (Q(certified_on__isnull=False) & Q(license_expires_on__isnull=False)),
                name="home_certified_has_dates",
            ),
        ]

    def __str__(self):
        return self.code

    address = _write_only("Home", "address", "home_contact_for")
    phone = _write_only("Home", "phone", "home_contact_for")


class SupportAssignment(models.Model):
    """A home support staff member assigned to a home for a while."""

    home = models.ForeignKey(
        Home, verbose_name=_("home"), on_delete=models.PROTECT, related_name="support_assignments"
    )
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="home_assignments"
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        User, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support assignment")
        verbose_name_plural = _("support assignments")
        ordering = ["home", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["home", "user"],
                condition=Q(ended_on__isnull=True),
                name="one_open_support_assignment",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="support_assignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"Support staff for {self.home}"


class Caregiver(models.Model):
    """A foster parent of a home, with their attestation of 24/7 availability."""

    home = models.ForeignKey(
        Home, verbose_name=_("home"), on_delete=models.PROTECT, related_name="caregivers"
    )
    first_name = models.CharField(_("first name"), max_length=100, validators=[visible_text])
    last_name = models.CharField(_("last name"), max_length=100, validators=[visible_text])
    # The caregiver's own line, what on-call calls at night. Like the home's address and phone:
    # Fernet ciphertext, kept on an underscore name no template can reach; ``phone`` can be set
    # but not read. Read in clear only by ``placements.addresses`` (``caregiver_phones_for`` for
    # on-call, ``home_contact_for`` on the home's address page), each view logged.
    _phone = EncryptedTextField(_("phone"), db_column="phone", blank=True, max_length=40)
    available_24_7 = models.BooleanField(
        _("attests 24/7 availability"),
        default=False,
        help_text=_("The caregiver is available around the clock, with no outside employment."),
    )
    attested_on = models.DateField(_("attested on"), null=True, blank=True)
    language = spoken.language_field()
    language_other = spoken.language_other_field()
    active = models.BooleanField(_("active"), default=True)
    # The caregiver's own login, if they have one: it sees the youth placed in this home now and
    # only what a foster parent needs (frontline/access.py).
    user = models.OneToOneField(
        User,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caregiver_record",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("caregiver")
        verbose_name_plural = _("caregivers")
        ordering = ["home", "last_name", "first_name", "id"]
        constraints = [
            spoken.other_is_named("caregiver_other_language_named"),
            models.CheckConstraint(
                condition=Q(available_24_7=False) | Q(attested_on__isnull=False),
                name="caregiver_attestation_dated",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        spoken.check_other_named(self)

    @property
    def language_name(self):
        return spoken.spoken_name(self)

    phone = _write_only("Caregiver", "phone", "caregiver_phones_for")


class TrainingRecord(models.Model):
    """One line of the training ledger: a caregiver's or a staff member's completed course."""

    class Category(models.TextChoices):
        SPECIALIZED = "specialized", _("Specialized CSEC / human-trafficking training")
        CONTINUING = "continuing", _("Continuing education")
        OTHER = "other", _("Other (does not count toward STFC hours)")

    caregiver = models.ForeignKey(
        Caregiver,
        verbose_name=_("caregiver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training",
    )
    staff = models.ForeignKey(
        User,
        verbose_name=_("staff"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training",
    )
    course = models.CharField(_("course"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0.25)]
    )
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(caregiver__isnull=True, staff__isnull=False)
                | Q(caregiver__isnull=False, staff__isnull=True),
                name="training_for_one_person",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("completed_on")),
                name="training_expires_after_completion",
            ),
        ]

    def __str__(self):
        return f"{self.course} ({self.hours} h, {self.completed_on})"

    def counts_on(self, day) -> bool:
        return self.completed_on <= day and (self.expires_on is None or self.expires_on >= day)


class HomeDocument(StoredDocument):
    """One version of a home's paper: its license, a caregiver's training certificate or
    background check. Versions as a youth's documents (``chance.documents.StoredDocument``);
    seen by those who keep the home (``placements.home_documents``)."""

    class Kind(models.TextChoices):
        LICENSE = "license", _("Foster home license")
        TRAINING = "training", _("Training certificate")
        BACKGROUND = "background", _("Background screening")
        HOME_STUDY = "home_study", _("Home study")
        INSURANCE = "insurance", _("Insurance")
        OTHER = "other", _("Other")

    home = models.ForeignKey(
        Home, verbose_name=_("home"), on_delete=models.PROTECT, related_name="documents"
    )
    caregiver = models.ForeignKey(
        Caregiver,
        verbose_name=_("caregiver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Whose document it is, when it is one caregiver's."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"), help_text=_("The date on the document."))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, validators=[visible_text])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("home document")
        verbose_name_plural = _("home documents")
        ordering = ["-date", "series", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="home_document_one_version"),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="home_document_version_positive"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("date")),
                name="home_document_expires_after_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description} (v{self.version})"


class Placement(models.Model):
    """Where a youth lives, for a while. Every setting, both tracks."""

    class Setting(models.TextChoices):
        STFC = "stfc", _("CHANCE STFC home")
        FOSTER = "foster", _("Other foster home")
        SHELTER = "shelter", _("Shelter")
        GROUP_HOME = "group_home", _("Group home")
        RELATIVE = "relative", _("Relative")
        NON_RELATIVE = "non_relative", _("Non-relative")
        PARENT = "parent", _("Parent or guardian")
        RESIDENTIAL = "residential", _("Residential treatment")
        HOSPITAL = "hospital", _("Hospital")
        DETENTION = "detention", _("Detention")
        OTHER = "other", _("Other")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="placements"
    )
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices)
    home = models.ForeignKey(
        Home,
        verbose_name=_("home"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    provider = models.CharField(
        _("provider or location"),
        max_length=200,
        blank=True,
        help_text=_("Agency or facility name; not a street address."),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for change"), max_length=500, blank=True)
    # Placed from the board while someone else was at the top of the waitlist: why (so a
    # supervisor can read it later). Empty when the top youth was chosen or nobody waited.
    waitlist_skip_reason = models.CharField(
        _("reason for choosing ahead of the waitlist"), max_length=500, blank=True
    )
    assigned_by = models.ForeignKey(
        User, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        User,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(ended_on__isnull=True),
                name="one_open_placement_per_youth",
            ),
            # The single-child rule: a home holds at most one open placement of any kind.
            models.UniqueConstraint(
                fields=["home"],
                condition=Q(ended_on__isnull=True, home__isnull=False),
                name="one_open_placement_per_home",
            ),
            models.CheckConstraint(
                condition=~Q(setting="stfc") | Q(home__isnull=False),
                name="stfc_placement_has_home",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="placement_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["home", "ended_on"], name="placement_home_open_idx")]

    def __str__(self):
        return f"{self.get_setting_display()} from {self.started_on}"

    @property
    def is_open(self):
        return self.ended_on is None


class MissingEpisode(models.Model):
    """A youth missing from care; law enforcement and NCMEC must know within 24 h of last seen."""

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="missing_episodes"
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="missing_episodes",
    )
    last_seen_at = models.DateTimeField(_("last seen at"))
    circumstances = models.TextField(_("circumstances"), blank=True, max_length=5000)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        User, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    law_enforcement_reported_at = models.DateTimeField(
        _("law enforcement reported at"), null=True, blank=True
    )
    law_enforcement_agency = models.CharField(
        _("law enforcement agency"), max_length=200, blank=True, validators=[visible_text]
    )
    officer_name = models.CharField(
        _("officer name"), max_length=200, blank=True, validators=[visible_text]
    )
    officer_badge = models.CharField(
        _("badge number"), max_length=40, blank=True, validators=[visible_text]
    )
    ncic_number = models.CharField(
        _("NCIC number"), max_length=40, blank=True, validators=[visible_text]
    )
    ncmec_reported_at = models.DateTimeField(_("reported to NCMEC at"), null=True, blank=True)
    ncmec_case_number = models.CharField(
        _("NCMEC case number"), max_length=40, blank=True, validators=[visible_text]
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_notes = models.TextField(_("return notes"), blank=True, max_length=5000)
    debrief_at = models.DateTimeField(_("debrief at"), null=True, blank=True)
    debrief_by = models.ForeignKey(
        User,
        verbose_name=_("debrief by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    screening_at = models.DateTimeField(_("CSEC screening after return"), null=True, blank=True)
    screening_result = models.CharField(_("screening result"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("missing episode")
        verbose_name_plural = _("missing episodes")
        ordering = ["-last_seen_at", "-id"]
        permissions = [
            ("open_missing_any_active", "Open a missing episode for any active youth (on-call)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(returned_at__isnull=True),
                name="one_open_missing_episode_per_youth",
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True)
                | Q(returned_at__gte=models.F("last_seen_at")),
                name="missing_return_after_last_seen",
            ),
            models.CheckConstraint(
                condition=Q(debrief_at__isnull=True)
                | (Q(returned_at__isnull=False) & Q(debrief_at__gte=models.F("returned_at"))),
                name="missing_debrief_after_return",
            ),
            models.CheckConstraint(
                condition=Q(law_enforcement_reported_at__isnull=True) | ~Q(officer_name=""),
                name="missing_le_report_names_officer",
            ),
            models.CheckConstraint(
                condition=Q(ncmec_reported_at__isnull=True) | ~Q(ncmec_case_number=""),
                name="missing_ncmec_report_has_case_number",
            ),
        ]
        indexes = [models.Index(fields=["returned_at"], name="missing_open_idx")]

    def __str__(self):
        return f"Missing episode of {self.youth} from {self.last_seen_at:%Y-%m-%d %H:%M}"

    @property
    def reports_due_at(self):
        return self.last_seen_at + timedelta(hours=rules()["MISSING_REPORT_HOURS"])

    @property
    def debrief_due_at(self):
        if self.returned_at is None:
            return None
        return self.returned_at + timedelta(hours=rules()["RETURN_DEBRIEF_HOURS"])

    @property
    def is_open(self):
        return self.returned_at is None

    @property
    def missing_since(self) -> str:
        return missing_since(self.last_seen_at)


class AlarmEvent(models.Model):
    """Something the home's alarm recorded or a test of it."""

    class Kind(models.TextChoices):
        INTRUSION = "intrusion", _("Intrusion")
        UNAUTHORIZED_EXIT = "unauthorized_exit", _("Unauthorized exit")
        TEST = "test", _("Test")
        FAULT = "fault", _("Fault")

    home = models.ForeignKey(
        Home, verbose_name=_("home"), on_delete=models.PROTECT, related_name="alarm_events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    youth = models.ForeignKey(
        Youth,
        verbose_name=_("youth"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alarm_events",
    )
    missing_episode = models.ForeignKey(
        MissingEpisode,
        verbose_name=_("missing episode"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alarm_events",
    )
    test_passed = models.BooleanField(_("test passed"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    # Sent by a machine (``placements.alarm_webhook``): who sent it and the sender's id of the
    # event, so a delivery repeated (a retry, a replay, two at once) takes effect once. Both
    # empty for an event typed in by staff.
    source = models.CharField(_("source"), max_length=40, blank=True)
    external_id = models.CharField(_("sender's event id"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alarm test or event")
        verbose_name_plural = _("alarm tests and events")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="test") | Q(test_passed__isnull=False),
                name="alarm_test_has_result",
            ),
            # The truth behind "each delivery takes effect once": the second of two deliveries
            # racing for one event fails here, whatever the timing.
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="alarm_event_delivered_once",
            ),
            models.CheckConstraint(
                condition=Q(external_id="") | ~Q(source=""),
                name="alarm_event_external_id_has_source",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.home} on {self.occurred_at:%Y-%m-%d}"
