"""Forms for intake, lifecycle steps, teams, contacts and alerts. They check the input; the
actions enforce the rules (and their ValidationErrors are shown on the same form)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chance.accounts import roles
from chance.dates import CLOCK_SKEW, check_plausible
from chance.documents import DocumentFileField
from chance.forms import IrreversibleStepMixin

from .actions import ADMISSION_AGE, EXTENDED_CARE_AGE, age_on
from .models import (
    CaseAssignment,
    Contact,
    CourtHearing,
    Referral,
    SafetyAlert,
    Youth,
    YouthDocument,
)

YOUNGEST_REFERRAL_AGE = 5  # younger children are referred elsewhere; usually a typo in the year


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def past_date_field(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


IDENTITY_FIELDS = [
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "aliases",
    "date_of_birth",
    "gender",
    "language",
    "language_other",
    "custody_status",
    "court_case_number",
]


class YouthIdentityForm(forms.ModelForm):
    """Identity and CSEC profile of a youth (used for editing an existing record)."""

    class Meta:
        model = Youth
        fields = [
            *IDENTITY_FIELDS,
            "exploitation_types",
            "recruitment_pathways",
            "vulnerability_factors",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "exploitation_types": forms.CheckboxSelectMultiple,
            "recruitment_pathways": forms.CheckboxSelectMultiple,
            "vulnerability_factors": forms.CheckboxSelectMultiple,
        }

    def clean_date_of_birth(self):
        dob = check_plausible(self.cleaned_data.get("date_of_birth"), since_program=False)
        if dob and age_on(dob, timezone.localdate()) > EXTENDED_CARE_AGE[1] + 10:
            raise forms.ValidationError(_("Check the year: this date of birth is too far back."))
        return dob


class ReferralFields(forms.Form):
    """What every referral says: who referred, when, and why."""

    source = forms.ChoiceField(label=_("Referral source"), choices=Referral.Source.choices)
    source_agency = forms.CharField(label=_("Referring agency"), max_length=200, required=False)
    received_at = forms.DateTimeField(
        label=_("Referral received at"),
        widget=DateTimeInput(),
        input_formats=DATETIME_FORMATS,
        help_text=_("Screening is due 24 hours after this time."),
    )
    reason = forms.CharField(
        label=_("Reason for referral"), max_length=5000, required=False, widget=forms.Textarea
    )

    def clean_received_at(self):
        received = self.cleaned_data.get("received_at")
        if received and received > timezone.now() + CLOCK_SKEW:
            # Said in the referral's words; the shared rule below gives the other bounds.
            raise forms.ValidationError(_("The referral cannot be received in the future."))
        return check_plausible(received, skew=CLOCK_SKEW)


class IntakeForm(ReferralFields, forms.ModelForm):
    """A new referral of a youth who has no record yet (duplicates are checked first)."""

    confirm_new = forms.BooleanField(
        label=_("None of these is the same youth: create a new record"), required=False
    )
    # The possible matches the page showed (youth ids): a confirmation holds for those only, so
    # a changed name that finds another match asks again.
    shown_matches = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    class Meta:
        model = Youth
        fields = IDENTITY_FIELDS
        widgets = {"date_of_birth": DateInput()}

    def clean_date_of_birth(self):
        dob = check_plausible(self.cleaned_data.get("date_of_birth"), since_program=False)
        if dob:
            age = age_on(dob, timezone.localdate())
            if not YOUNGEST_REFERRAL_AGE <= age <= EXTENDED_CARE_AGE[1]:
                raise forms.ValidationError(
                    _(
                        "This date of birth makes the youth %(age)s. CHANCE serves ages "
                        "%(low)s–%(high)s (up to %(extended)s in extended foster care); check "
                        "the year."
                    )
                    % {
                        "age": age,
                        "low": ADMISSION_AGE[0],
                        "high": ADMISSION_AGE[1],
                        "extended": EXTENDED_CARE_AGE[1],
                    }
                )
        return dob

    def clean(self):
        cleaned = super().clean()
        dob, received = cleaned.get("date_of_birth"), cleaned.get("received_at")
        if dob and received and timezone.localtime(received).date() < dob:
            self.add_error("received_at", _("The referral cannot be received before birth."))
        return cleaned

    def clean_shown_matches(self):
        raw = self.cleaned_data.get("shown_matches") or ""
        return {int(p) for p in raw.split(",") if p.strip().isdigit()}

    def possible_duplicates(self, user):
        """The youths ``user`` may see who may be the one typed (``cases.duplicates``); for a
        valid form."""
        from .duplicates import possible_duplicates

        data = self.cleaned_data
        return possible_duplicates(
            user,
            first_name=data["legal_first_name"],
            last_name=data["legal_last_name"],
            preferred_name=data["preferred_name"],
            aliases=data["aliases"],
            date_of_birth=data["date_of_birth"],
        )

    def youth_fields(self):
        return {f: self.cleaned_data[f] for f in IDENTITY_FIELDS}

    def referral_fields(self):
        return {
            f: self.cleaned_data[f] for f in ("source", "source_agency", "received_at", "reason")
        }


class ReReferralForm(ReferralFields):
    """Re-entry of a discharged youth: a new referral on the same record."""


class ConfirmForm(forms.Form):
    """A step with nothing to fill in: the button is the confirmation."""


class ScreeningDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Referral.Decision.choices, widget=forms.RadioSelect
    )
    priority = forms.TypedChoiceField(
        label=_("Waitlist priority"),
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only for the waitlist: 1 is the most urgent."),
    )
    admitted_on = past_date_field(
        _("Admitted on"), required=False, help_text=_("Only for admission; today if left empty.")
    )
    not_placed_reason = forms.ChoiceField(
        label=_("Reason not placed in an STFC home"),
        choices=[("", "—")] + Referral.NotPlacedReason.choices,
        required=False,
        help_text=_("Not for STFC admission. Counted in the state's monthly report (65C-43.002)."),
    )
    note = forms.CharField(
        label=_("Decision note"), max_length=5000, required=False, widget=forms.Textarea
    )

    def clean_admitted_on(self):
        return check_plausible(self.cleaned_data.get("admitted_on"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Referral.Decision.WAITLIST and not cleaned.get("priority"):
            self.add_error("priority", _("Choose a waitlist priority from 1 to 5."))
        if cleaned.get("decision") == Referral.Decision.STFC and cleaned.get("not_placed_reason"):
            self.add_error("not_placed_reason", _("Leave this empty when admitting to STFC."))
        return cleaned


class AdmitFromWaitlistForm(forms.Form):
    admitted_on = past_date_field(_("Admitted to STFC on"))

    def clean_admitted_on(self):
        return check_plausible(self.cleaned_data.get("admitted_on"))


class TrackChangeForm(forms.Form):
    track = forms.ChoiceField(label=_("New track"), choices=Youth.Track.choices)
    reason = forms.CharField(label=_("Why"), max_length=2000, widget=forms.Textarea)
    priority = forms.TypedChoiceField(
        label=_("Waitlist priority (moving to STFC)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        initial=3,
        help_text=_(
            "A CRT youth moving to STFC waits for a home on the waitlist; 1 is most urgent."
        ),
    )


class DischargeForm(IrreversibleStepMixin, forms.Form):
    locks = _(
        "Once discharged, the youth is no longer active in the program: the discharge cannot be "
        "undone, and a return starts with a new referral on this record."
    )
    discharged_on = past_date_field(_("Discharged on"))
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (v, label)
            for v, label in Youth.DischargeReason.choices
            if v != Youth.DischargeReason.DECLINED
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=5000, required=False, widget=forms.Textarea)

    def clean_discharged_on(self):
        return check_plausible(self.cleaned_data.get("discharged_on"))


def team_candidates():
    """Active staff who can sit on a case team (program admins hold no case access)."""
    team_roles = [r for r in roles.STAFF_ROLES if r != roles.ADMIN]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=team_roles)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class TeamAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=None)
    role = forms.ChoiceField(label=_("Team role"), choices=CaseAssignment.Role.choices)
    started_on = past_date_field(
        _("Starts on"), required=False, help_text=_("Today if left empty.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = team_candidates()

    def clean_started_on(self):
        return check_plausible(self.cleaned_data.get("started_on"))


class TeamEndForm(forms.Form):
    ended_on = past_date_field(_("Ends on"), required=False, help_text=_("Today if left empty."))
    reason = forms.CharField(label=_("Why"), max_length=500, required=False)

    def clean_ended_on(self):
        return check_plausible(self.cleaned_data.get("ended_on"))


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["kind", "name", "organization", "phone", "email", "notes", "active"]
        widgets = {"notes": forms.Textarea}


class SafetyAlertForm(forms.ModelForm):
    class Meta:
        model = SafetyAlert
        fields = ["kind", "summary", "person_name", "details"]
        widgets = {"details": forms.Textarea}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == SafetyAlert.Kind.NO_CONTACT
            and not cleaned.get("person_name", "").strip()
        ):
            self.add_error(
                "person_name", _("Name the person (or street name) the youth must not contact.")
            )
        return cleaned


class ResolveAlertForm(forms.Form):
    reason = forms.CharField(label=_("Why it no longer applies"), max_length=500)


class DocumentForm(forms.Form):
    """A new document for the youth's file; ``kinds`` are those the user may add."""

    kind = forms.ChoiceField(label=_("Kind"))
    date = forms.DateField(
        label=_("Date on the document"), widget=DateInput(), initial=timezone.localdate
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        help_text=_("What it is, in a few words; shown in the list of documents."),
    )
    file = DocumentFileField(
        label=_("File"), help_text=_("A PDF, a picture (PNG, JPEG, GIF) or a Word document.")
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(YouthDocument.Kind.choices)
        self.fields["kind"].choices = [("", "---------")] + [(k, labels[k]) for k in kinds]


class DocumentVersionForm(forms.Form):
    file = DocumentFileField(
        label=_("New version"),
        help_text=_("A PDF, a picture (PNG, JPEG, GIF) or a Word document."),
    )


class CourtHearingForm(forms.ModelForm):
    """A hearing, past or scheduled. The action checks the dates (``court_hearing_save``)."""

    held_at = forms.DateTimeField(
        label=_("Date and time"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )

    class Meta:
        model = CourtHearing
        fields = ["kind", "held_at", "court", "judge", "outcome", "next_hearing_on"]
        widgets = {"outcome": forms.Textarea, "next_hearing_on": DateInput()}
        help_texts = {
            "court": _("For example: Circuit Court, Juvenile Division, Courtroom 4."),
            "outcome": _("What the court decided or ordered. Leave empty before the hearing."),
        }
