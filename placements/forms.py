from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from chance.accounts import roles
from chance.dates import implausible
from chance.documents import DocumentFileField
from chance.text import visible_text

from .models import AlarmEvent, Caregiver, Home, HomeDocument, Placement, TrainingRecord

DATE = forms.DateInput(
    attrs={"type": "date"}, format="%Y-%m-%d"
)  # what <input type=date> reads, in every language
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _date_field(label, **kw):
    return forms.DateField(label=label, widget=DATE, **kw)


def _datetime_field(label, **kw):
    return forms.DateTimeField(label=label, widget=DATETIME, **kw)


class NotFutureMixin:
    """The fields named in ``not_future`` are past events: not in the future, not before the
    program started (chance.dates; the action also checks the youth's date of birth)."""

    not_future: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in self.not_future:
            message = implausible(data.get(name))
            if message is not None:
                self.add_error(name, message)
        return data


class HomeForm(forms.ModelForm):
    """A home's record. The address and phone are never shown here: their fields start empty
    (the one reader, ``placements.addresses.home_contact_for``, asks for a recent re-auth and
    logs the view; an edit form must not be a way around it). Left empty they keep what is
    stored; anything typed replaces it."""

    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500, "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        strip=True,
        widget=forms.TextInput(attrs={"maxlength": 40, "autocomplete": "off"}),
    )

    class Meta:
        model = Home
        fields = [
            "code",
            "status",
            "license_number",
            "certified_on",
            "license_expires_on",
            "alarm_installed",
            "other_foster_children",
        ]
        widgets = {"certified_on": DATE, "license_expires_on": DATE}
        labels = {
            "code": _("Code"),
            "status": _("Status"),
            "license_number": _("License number"),
            "certified_on": _("Certified on"),
            "license_expires_on": _("License expires on"),
            "alarm_installed": _("Alarm installed"),
            "other_foster_children": _("Other foster children"),
        }

    field_order = ["code", "status", "address", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["address"].label = _("New address")
            self.fields["address"].help_text = _(
                "Leave empty to keep the current address (it is not shown here; open the "
                "address page to see it)."
            )
            self.fields["phone"].label = _("New phone")
            self.fields["phone"].help_text = _("Leave empty to keep the current phone.")

    def clean_certified_on(self):
        value = self.cleaned_data.get("certified_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Certification cannot be in the future."))
        return value

    def _post_clean(self):
        super()._post_clean()
        # Only a value typed in replaces the stored one.
        for name in ("address", "phone"):
            value = self.cleaned_data.get(name)
            if value:
                setattr(self.instance, name, value)


class TelInput(forms.TextInput):
    input_type = "tel"  # a phone's keypad opens with the digits


class CaregiverForm(forms.ModelForm):
    """A caregiver's record. Their phone is never shown here, like the home's address and phone:
    the field starts empty (the number is read in clear only by ``placements.addresses``, on
    the home's address page after a re-auth or by on-call in shift, each view logged; an edit
    form must not be a way around it). Left empty it keeps the number on file; a number typed
    in replaces it (``actions.caregiver_save(new_phone=...)``)."""

    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        strip=True,
        widget=TelInput(attrs={"maxlength": 40, "autocomplete": "off"}),
    )

    class Meta:
        model = Caregiver
        fields = [
            "first_name",
            "last_name",
            "language",
            "language_other",
            "available_24_7",
            "attested_on",
            "active",
            "user",
        ]
        widgets = {"attested_on": DATE}
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "attested_on": _("Attested on"),
            "active": pgettext_lazy("caregiver", "Active"),
            "user": _("Login"),
        }
        help_texts = {
            "user": _(
                "The caregiver's own login, which holds the Foster caregiver role: with it they "
                "see the youth placed in this home and write the daily note and incidents."
            )
        }

    field_order = ["first_name", "last_name", "phone"]

    def __init__(self, *args, phone_on_file=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Active logins with the caregiver role that no other caregiver record holds.
        linked_elsewhere = (
            Caregiver.objects.filter(user__isnull=False).exclude(pk=self.instance.pk).values("user")
        )
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=roles.CAREGIVER)
            .exclude(pk__in=linked_elsewhere)
            .order_by("last_name", "first_name")
        )
        if phone_on_file:
            self.fields["phone"].label = _("New phone")
            self.fields["phone"].help_text = _(
                "Leave empty to keep the number on file; type a new number to replace it"
            )
        elif self.instance.pk is not None:
            self.fields["phone"].help_text = _("No number on file yet.")


class TrainingRecordForm(NotFutureMixin, forms.ModelForm):
    not_future = ("completed_on",)

    class Meta:
        model = TrainingRecord
        fields = ["course", "category", "hours", "completed_on", "expires_on"]
        widgets = {"completed_on": DATE, "expires_on": DATE}
        labels = {
            "course": _("Course"),
            "category": _("Category"),
            "hours": _("Hours"),
            "completed_on": _("Completed on"),
            "expires_on": _("Expires on"),
        }

    def clean(self):
        data = super().clean()
        completed, expires = data.get("completed_on"), data.get("expires_on")
        if completed and expires and expires < completed:
            self.add_error("expires_on", _("It cannot expire before it was completed."))
        return data


class AlarmEventForm(NotFutureMixin, forms.ModelForm):
    not_future = ("occurred_at",)
    occurred_at = _datetime_field(_("When"))
    test_passed = forms.TypedChoiceField(
        label=_("Test result"),
        required=False,
        choices=[
            ("", _("Not a test")),
            ("1", pgettext_lazy("alarm test", "Passed")),
            ("0", pgettext_lazy("alarm test", "Failed")),
        ],
        coerce=lambda v: v == "1",
        empty_value=None,
    )

    class Meta:
        model = AlarmEvent
        fields = ["kind", "occurred_at", "test_passed", "notes"]
        labels = {"kind": _("Kind"), "notes": _("Notes")}

    def clean(self):
        data = super().clean()
        if data.get("kind") == AlarmEvent.Kind.TEST and data.get("test_passed") is None:
            self.add_error("test_passed", _("Say whether the test passed."))
        return data


class SupportAssignmentForm(NotFutureMixin, forms.Form):
    not_future = ("started_on",)
    user = forms.ModelChoiceField(label=_("Support staff member"), queryset=None)
    started_on = _date_field(_("From"), initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=roles.SUPPORT)
            .order_by("last_name", "first_name")
        )


class SupportEndForm(NotFutureMixin, forms.Form):
    """End a staff member's support of a home; not before it started, not after today."""

    not_future = ("ended_on",)
    ended_on = _date_field(_("Support ends on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.fields["ended_on"].widget.attrs.update(
            min=assignment.started_on.isoformat(), max=timezone.localdate().isoformat()
        )

    def clean_ended_on(self):
        value = self.cleaned_data["ended_on"]
        if value < self.assignment.started_on:
            raise forms.ValidationError(
                _("The support started on %(day)s.")
                % {"day": f"{self.assignment.started_on:%Y-%m-%d}"}
            )
        return value


class PlaceInHomeForm(NotFutureMixin, forms.Form):
    """From the board: which youth goes to this home, from when. The choice lists the STFC
    waitlist in its order (priority, then waiting since) with each youth's priority and days
    waiting, then active STFC youths not in a home; choosing anyone but ``top`` (the first on
    the waitlist the user may see) needs a reason, asked for right under the choice."""

    not_future = ("started_on",)
    youth = forms.ModelChoiceField(
        label=_("Youth"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    skip_reason = forms.CharField(
        label=_("Reason for not choosing the first on the waitlist"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed only if you choose someone other than the first youth listed. Kept on the "
            "placement for your supervisor. Up to 500 characters."
        ),
    )
    started_on = _date_field(_("Placement starts on"), initial=timezone.localdate)

    def __init__(self, *args, youths, top=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.top = top
        today = timezone.localdate()
        self.fields["youth"].queryset = youths
        self.fields["youth"].label_from_instance = lambda y: _youth_choice_label(y, top, today)
        if top is None:
            self.fields["skip_reason"].help_text = gettext(
                "Nobody is waiting; no reason is needed."
            )

    def clean(self):
        data = super().clean()
        youth = data.get("youth")
        if (
            youth is not None
            and self.top is not None
            and youth.pk != self.top.pk
            and not (data.get("skip_reason") or "").strip()
        ):
            self.add_error(
                "skip_reason",
                gettext(
                    "%(record)s is first on the waitlist: say why you are placing someone else."
                )
                % {"record": self.top.record_number},
            )
        return data


def _youth_choice_label(youth, top, today):
    name = f"{youth.record_number} {youth.preferred_name or youth.legal_first_name}"
    if youth.waitlisted_at is None:
        return gettext("%(name)s: active on STFC, not on the waitlist") % {"name": name}
    days = (today - timezone.localtime(youth.waitlisted_at).date()).days
    label = ngettext(
        "%(name)s: priority %(priority)s, waiting %(days)s day",
        "%(name)s: priority %(priority)s, waiting %(days)s days",
        days,
    ) % {"name": name, "priority": youth.waitlist_priority, "days": days}
    if top is not None and youth.pk == top.pk:
        label += " " + gettext("(first on the waitlist)")
    return label


class PlacementForm(NotFutureMixin, forms.Form):
    not_future = ("started_on",)
    setting = forms.ChoiceField(
        label=pgettext_lazy("placement", "Setting"), choices=Placement.Setting.choices
    )
    home = forms.ModelChoiceField(
        label=_("STFC home"),
        queryset=Home.objects.none(),
        required=False,
        help_text=_("Only for a CHANCE STFC home."),
    )
    provider = forms.CharField(
        label=_("Provider or location"),
        max_length=200,
        required=False,
        help_text=_("Agency or facility name; not a street address."),
    )
    started_on = _date_field(_("Starts on"), initial=timezone.localdate)

    def __init__(self, *args, homes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = homes

    def clean(self):
        data = super().clean()
        if data.get("setting") == Placement.Setting.STFC and not data.get("home"):
            self.add_error("home", _("Choose the STFC home."))
        if data.get("setting") not in (None, Placement.Setting.STFC) and data.get("home"):
            self.add_error("home", _("Leave the home empty for settings other than an STFC home."))
        return data


class PlacementEndForm(NotFutureMixin, forms.Form):
    not_future = ("ended_on",)
    ended_on = _date_field(_("Ends on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason for change"), max_length=500)


class PlacementMoveForm(PlacementForm):
    not_future = ("started_on",)
    reason = forms.CharField(label=_("Reason for change"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].label = _("Move on")


class MissingEpisodeForm(NotFutureMixin, forms.Form):
    not_future = ("last_seen_at",)
    last_seen_at = _datetime_field(_("Last seen at"))
    circumstances = forms.CharField(
        label=_("Circumstances"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


# The model's verbose names share these msgids and are translated in lower case (a verbose name
# is capitalised where shown): capfirst keeps a form label capitalised in every language.
class LawEnforcementReportForm(NotFutureMixin, forms.Form):
    not_future = ("reported_at",)
    reported_at = _datetime_field(_("Reported at"))
    agency = forms.CharField(
        label=_("Agency"), max_length=200, required=False, validators=[visible_text]
    )
    officer_name = forms.CharField(label=_("Officer"), max_length=200, validators=[visible_text])
    officer_badge = forms.CharField(
        label=_("Badge number"), max_length=40, required=False, validators=[visible_text]
    )
    ncic_number = forms.CharField(
        label=capfirst(_("NCIC number")), max_length=40, required=False, validators=[visible_text]
    )


class NcmecReportForm(NotFutureMixin, forms.Form):
    not_future = ("reported_at",)
    reported_at = _datetime_field(_("Reported at"))
    case_number = forms.CharField(
        label=capfirst(_("NCMEC case number")), max_length=40, validators=[visible_text]
    )


class ReturnForm(NotFutureMixin, forms.Form):
    not_future = ("returned_at",)
    returned_at = _datetime_field(_("Returned at"))
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class DebriefForm(NotFutureMixin, forms.Form):
    not_future = ("debrief_at",)
    debrief_at = _datetime_field(_("Debrief held at"))


class ScreeningForm(NotFutureMixin, forms.Form):
    not_future = ("screened_at",)
    screened_at = _datetime_field(_("Screened at"))
    result = forms.CharField(label=_("Result"), max_length=500)


DOCUMENT_FILE_HELP = _("A PDF, a picture (PNG, JPEG, GIF) or a Word document.")


class HomeDocumentForm(NotFutureMixin, forms.Form):
    """A document of the home or of one of its caregivers (``caregivers``: the home's)."""

    not_future = ("date",)

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "---------"), *HomeDocument.Kind.choices]
    )
    caregiver = forms.ModelChoiceField(
        label=_("Caregiver"),
        queryset=Caregiver.objects.none(),
        required=False,
        empty_label=_("The home as a whole"),
        help_text=_("Whose document it is: a training certificate or screening is one person's."),
    )
    date = _date_field(_("Date on the document"), initial=timezone.localdate)
    expires_on = _date_field(
        _("Expires on"), required=False, help_text=_("Licenses and certificates have one.")
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        validators=[visible_text],
        help_text=_("What it is, in a few words; shown in the list of documents."),
    )
    file = DocumentFileField(label=_("File"), help_text=DOCUMENT_FILE_HELP)

    def __init__(self, *args, caregivers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = (
            caregivers if caregivers is not None else Caregiver.objects.none()
        )

    def clean(self):
        data = super().clean()
        day, expires = data.get("date"), data.get("expires_on")
        if day and expires and expires < day:
            self.add_error("expires_on", _("It cannot expire before the date on it."))
        return data


class HomeDocumentVersionForm(forms.Form):
    file = DocumentFileField(label=_("New version"), help_text=DOCUMENT_FILE_HELP)
    expires_on = _date_field(
        _("New expiry date"),
        required=False,
        help_text=_("For a renewed license or certificate; otherwise the earlier date stays."),
    )
