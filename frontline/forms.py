from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placements.forms import DATE, DATETIME, NotFutureMixin

from .models import Appointment, HomeNote, HomeVisit, Incident, MentoringSession


class HomeNoteForm(NotFutureMixin, forms.ModelForm):
    not_future = ("day",)

    class Meta:
        model = HomeNote
        fields = ["day", "text"]
        widgets = {"day": DATE, "text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "text": _("How the day went: mood, school, sleep, what went well, what worried you.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class IncidentForm(NotFutureMixin, forms.ModelForm):
    not_future = ("occurred_at",)
    open_missing = forms.BooleanField(
        label=_("The youth is gone now: report them missing"),
        help_text=_(
            "For a runaway attempt. Opens the missing episode at once and tells the on-call "
            "clinician and the team. Call 911 first if the youth is in danger."
        ),
        required=False,
    )

    class Meta:
        model = Incident
        fields = ["kind", "occurred_at", "description"]
        widgets = {
            "kind": forms.RadioSelect,
            "occurred_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Incident.Kind.choices  # radios: no blank "---------" one
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self):
        data = super().clean()
        if data.get("open_missing") and data.get("kind") not in (None, Incident.Kind.RUNAWAY):
            self.add_error("open_missing", _("Only a runaway attempt opens a missing episode."))
        return data


class MentoringSessionForm(NotFutureMixin, forms.ModelForm):
    not_future = ("held_on",)

    class Meta:
        model = MentoringSession
        fields = ["held_on", "minutes", "activity", "notes"]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class HomeVisitForm(NotFutureMixin, forms.ModelForm):
    not_future = ("visited_at",)

    class Meta:
        model = HomeVisit
        fields = ["visited_at", "notes"]
        widgets = {"visited_at": DATETIME, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class AppointmentForm(forms.ModelForm):
    class Meta:
        model = Appointment
        fields = ["kind", "starts_at", "place", "note"]
        widgets = {"starts_at": DATETIME}
