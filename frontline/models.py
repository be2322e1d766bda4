"""What the people around the youth record: the foster caregiver's daily notes and incident
reports, the survivor mentor's sessions, home support staff's visits, and the appointments the
team tells the home about.

Each record belongs to the placement it was written in, so a caregiver sees what their own home
wrote, never what the youth's earlier home did. Nothing here is edited after it is written: a
correction is a new note, and every row keeps its history with the writer's name.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Youth
from placements.models import Home, MissingEpisode, Placement
from services.models import MEDIUM_TEXT, long_text

USER = settings.AUTH_USER_MODEL


class HomeNote(models.Model):
    """A foster caregiver's note of the day: how the youth is, what happened, what went well."""

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="home_notes"
    )
    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("day"))
    text = long_text(_("note"), limit=MEDIUM_TEXT)
    written_by = models.ForeignKey(
        USER, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daily note")
        verbose_name_plural = _("daily notes")
        ordering = ["-day", "-written_at", "-id"]
        indexes = [models.Index(fields=["youth", "-day"], name="home_note_youth_day_idx")]

    def __str__(self):
        return f"Daily note #{self.pk}"


class Incident(models.Model):
    """Something at home the team must hear about now. Every report tells the primary clinician
    and the on-call clinician in shift (``notice``); a runaway attempt can open the missing
    episode in the same step (``actions.incident_report``)."""

    class Kind(models.TextChoices):
        RUNAWAY = "runaway", _("Runaway attempt")
        NO_CONTACT = "no_contact", _("Contact by a no-contact person")
        SELF_HARM = "self_harm", _("Self-harm")
        POLICE = "police", _("Police contact")
        SCHOOL = "school", _("School incident")
        OTHER = "other", _("Other")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="incidents"
    )
    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("what happened"), max_length=12, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("when it happened"))
    description = long_text(_("what you saw and did"), limit=MEDIUM_TEXT)
    reported_by = models.ForeignKey(
        USER, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    missing_episode = models.OneToOneField(
        MissingEpisode,
        verbose_name=_("missing episode"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incident",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["youth", "-occurred_at"], name="incident_youth_when_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(missing_episode__isnull=True) | Q(kind="runaway"),
                name="incident_missing_only_for_runaway",
            )
        ]

    def __str__(self):
        return f"Incident #{self.pk}"


class MentoringSession(models.Model):
    """One session a survivor mentor held with a youth they mentor."""

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="mentoring_sessions"
    )
    mentor = models.ForeignKey(
        USER, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("held on"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    activity = models.CharField(
        _("what you did together"),
        max_length=200,
        help_text=_("For example: walk and talk, art, a meal, help with school work."),
    )
    notes = long_text(_("notes"), blank=True, limit=MEDIUM_TEXT)
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["youth", "mentor", "-held_on"], name="mentoring_youth_mentor_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=600), name="mentoring_minutes_range"
            )
        ]

    def __str__(self):
        return f"Mentoring session #{self.pk}"


class HomeVisit(models.Model):
    """A home support staff member's visit to the home a youth lives in."""

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="home_visits"
    )
    home = models.ForeignKey(
        Home, verbose_name=_("home"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_at = models.DateTimeField(_("visited at"))
    notes = long_text(_("what you did and saw"), limit=MEDIUM_TEXT)
    visited_by = models.ForeignKey(
        USER, verbose_name=_("visited by"), on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["youth", "-visited_at"], name="home_visit_youth_idx")]

    def __str__(self):
        return f"Home visit #{self.pk}"


class Appointment(models.Model):
    """Where the youth has to be, when: what the team tells the home (no clinical detail)."""

    class Kind(models.TextChoices):
        THERAPY = "therapy", _("Therapy")
        MEDICAL = "medical", _("Medical")
        PSYCHIATRIC = "psychiatric", _("Psychiatry")
        DENTAL = "dental", _("Dental")
        COURT = "court", _("Court hearing")
        SCHOOL = "school", _("School meeting")
        FAMILY = "family", _("Family visit")
        OTHER = "other", _("Other")

    youth = models.ForeignKey(
        Youth, verbose_name=_("youth"), on_delete=models.PROTECT, related_name="appointments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    note = models.CharField(
        _("what the home needs to know"),
        max_length=500,
        blank=True,
        help_text=_("Seen by the foster caregiver: no clinical detail, no case numbers."),
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["youth", "starts_at"], name="appointment_youth_when_idx")]

    def __str__(self):
        return f"Appointment #{self.pk}"
