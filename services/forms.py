"""Forms of the services app. Each validates what the user can fix (with the message next to the
field); the actions enforce the rules again for every other caller."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from cases.models import Youth
from chance.access import Need, visible_youths
from chance.dates import CLOCK_SKEW, check_plausible
from chance.documents import DocumentFileField
from chance.forms import IrreversibleStepMixin

from . import instrument_text, scoring
from .models import (
    CrisisCall,
    Medication,
    MonitoringContact,
    ObjectiveReview,
    OnCallShift,
    ProgressNote,
    PsychiatricEvaluation,
    ReleaseConsent,
    SafetyPlan,
    ServiceType,
    TreatmentPlan,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PastDateField(forms.DateField):
    """A past day of the program: not in the future, not before the program started
    (chance.dates; the action also checks the youth's date of birth)."""

    widget = DATE

    def __init__(self, *args, since_program=True, **kwargs):
        self.since_program = since_program
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        check_plausible(value, since_program=self.since_program)


class PastDateTimeField(forms.DateTimeField):
    """A past moment of the program (a phone's clock may run CLOCK_SKEW ahead)."""

    widget = DATETIME

    def validate(self, value):
        super().validate(value)
        check_plausible(value, skew=CLOCK_SKEW)


# --- Assessments ---------------------------------------------------------------------------


def item_field_name(key):
    return f"item_{key}"


class InstrumentItemsMixin:
    """Adds one field per instrument item, built from the definition; ``responses()`` returns
    the answered items as {key: int}. Whether every item must be answered is decided in clean()
    (a draft may be partial; a final assessment or an amendment may not)."""

    def add_item_fields(self, instrument, initial_responses, language):
        self.instrument = instrument
        defn = instrument_text.localized(instrument.definition, language)
        sections = {s["key"]: s["label"] for s in defn.get("sections", [])}
        self.item_groups = []
        for item in defn["items"]:
            scale = defn["scales"][item["scale"]]
            name = item_field_name(item["key"])
            if scale["kind"] == "integer":
                field = forms.IntegerField(
                    label=item["text"],
                    required=False,
                    min_value=scale["min"],
                    max_value=scale["max"],
                    help_text=scale.get("help", ""),
                )
            else:
                field = forms.TypedChoiceField(
                    label=item["text"],
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[(o["value"], o["label"]) for o in scale["options"]],
                    widget=forms.RadioSelect,
                )
            field.item = item
            field.initial = initial_responses.get(item["key"])
            self.fields[name] = field
            section = sections.get(item.get("section"), "")
            if not self.item_groups or self.item_groups[-1]["label"] != section:
                self.item_groups.append({"label": section, "names": []})
            self.item_groups[-1]["names"].append(name)

    def grouped_items(self):
        return [
            {"label": group["label"], "fields": [self[name] for name in group["names"]]}
            for group in self.item_groups
        ]

    def responses(self):
        out = {}
        for item in self.instrument.definition["items"]:
            value = self.cleaned_data.get(item_field_name(item["key"]))
            if value is not None:
                out[item["key"]] = value
        return out

    def check_complete(self):
        errors = scoring.check_responses(self.instrument.definition, self.responses())
        for key, message in errors.items():
            name = item_field_name(key)
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)


class AssessmentForm(InstrumentItemsMixin, IrreversibleStepMixin, forms.Form):
    locks = _(
        "Once finalized, the answers and scores of this assessment are locked; a correction is "
        "made by an amendment that says why."
    )
    administered_on = PastDateField(label=_("Date administered"), initial=timezone.localdate)
    comments = forms.CharField(
        label=_("Comments"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_("Anything that affects how to read the scores, e.g. the youth declined items."),
    )

    # The questions are shown, and the assessment recorded, in this language: one of the
    # instrument's (services.instrument_text), chosen by the links above the questions.
    language = forms.ChoiceField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instrument, responses=None, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        offered = instrument_text.languages(instrument.definition)
        self.fields["language"].choices = [
            (code, capfirst(get_language_info(code)["name_local"])) for code in offered
        ]
        asked = [self.data.get("language"), language, get_language()]
        self.item_language = next(code for code in [*asked, "en"] if code in offered)
        self.fields["language"].initial = self.item_language
        self.add_item_fields(instrument, responses or {}, self.item_language)

    def clean_language(self):
        return self.cleaned_data["language"] or self.item_language

    @property
    def finalizing(self):
        return self.data.get("action") == "final"

    def takes_irreversible_step(self):
        return self.finalizing

    def clean(self):
        cleaned = super().clean()
        if self.finalizing:
            self.check_complete()
        return cleaned


class AssessmentAmendmentForm(InstrumentItemsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is this corrected?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, instrument, responses=None, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.add_item_fields(instrument, responses or {}, language)

    def clean(self):
        cleaned = super().clean()
        self.check_complete()
        return cleaned


# --- Treatment plans -----------------------------------------------------------------------


class PlanSummaryForm(forms.ModelForm):
    class Meta:
        model = TreatmentPlan
        fields = ["strengths", "needs"]
        widgets = {
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self):  # plan_draft_save validates the row
        pass


class _PlanRowForm(forms.Form):
    """One goal, objective or intervention of the plan editor. A new row left empty is skipped
    (empty_permitted); a row ticked for removal needs no valid content."""

    remove = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, part=None, **kwargs):
        self.part = part
        super().__init__(
            *args, empty_permitted=part is None, use_required_attribute=False, **kwargs
        )
        if part is None:
            del self.fields["remove"]

    @property
    def removing(self):
        return self.part is not None and "remove" in self.fields and self["remove"].data

    @property
    def is_blank_new_row(self):
        return self.part is None and not self.has_changed()

    def full_clean(self):
        super().full_clean()
        if self.removing:
            self._errors = forms.utils.ErrorDict()


class GoalForm(_PlanRowForm):
    description = forms.CharField(label=_("Goal"), max_length=500)


class ObjectiveForm(_PlanRowForm):
    description = forms.CharField(label=_("Objective (measurable)"), max_length=500)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)


class InterventionForm(_PlanRowForm):
    service_type = forms.ModelChoiceField(
        label=_("Service type"), queryset=ServiceType.objects.none()
    )
    frequency = forms.CharField(
        label=_("Frequency"), max_length=100, help_text=_("For example: weekly, 60 minutes.")
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible"), queryset=get_user_model().objects.none()
    )
    description = forms.CharField(label=_("Description"), max_length=500, required=False)

    def __init__(self, *args, service_types, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types
        self.fields["responsible"].queryset = team


class PlanEditor:
    """A draft plan as one form: strengths and needs, every goal with its objectives and their
    interventions, and an empty row at each level to add one. Everything is posted together,
    so nothing typed anywhere is lost by pressing any button; ``changes()`` is what
    ``actions.plan_draft_save`` takes."""

    def __init__(self, plan, data=None, *, service_types, team):
        self.summary = PlanSummaryForm(data, instance=plan, prefix="plan")
        self.goals = []
        goals = list(plan.goals.all()) + [None]
        for number, goal in enumerate(goals, start=1):
            form = GoalForm(
                data,
                part=goal,
                prefix=f"g{goal.pk}" if goal else "gnew",
                initial={"description": goal.description} if goal else None,
            )
            form.fields["description"].label = (
                _("Goal %(n)s") % {"n": number} if goal else _("New goal")
            )
            if goal:
                form.fields["remove"].label = _("Remove goal %(n)s") % {"n": number}
            objectives = list(goal.objectives.all()) if goal else []
            rows = []
            for o_number, objective in enumerate(objectives + [None], start=1):
                o_prefix = f"o{objective.pk}" if objective else f"{form.prefix}-onew"
                o_form = ObjectiveForm(
                    data,
                    part=objective,
                    prefix=o_prefix,
                    initial={"description": objective.description,
                             "target_date": objective.target_date} if objective else None,
                )  # fmt: skip
                o_form.fields["description"].label = (
                    _("Objective %(g)s.%(o)s (measurable)") % {"g": number, "o": o_number}
                    if objective
                    else _("New objective for goal %(g)s (measurable)") % {"g": number}
                )
                interventions = []
                if objective is not None:
                    o_form.fields["remove"].label = _("Remove objective %(g)s.%(o)s") % {
                        "g": number,
                        "o": o_number,
                    }
                    # A saved intervention is shown as text; changing it is remove and add.
                    existing = [
                        (item, _PlanRowForm(data, part=item, prefix=f"i{item.pk}"))
                        for item in objective.interventions.all()
                    ]
                    for item, row in existing:
                        row.fields["remove"].label = _("Remove %(service)s") % {
                            "service": item.service_type
                        }
                    new = InterventionForm(
                        data, prefix=f"{o_prefix}-inew", service_types=service_types, team=team
                    )
                    interventions = existing + [(None, new)]
                rows.append(
                    {"objective": objective, "form": o_form, "interventions": interventions}
                )
            self.goals.append({"goal": goal, "form": form, "objectives": rows})

    def forms(self):
        yield self.summary
        for g in self.goals:
            yield g["form"]
            for o in g["objectives"]:
                yield o["form"]
                for _item, form in o["interventions"]:
                    yield form

    def is_valid(self):
        results = [form.is_valid() for form in self.forms()]  # every form, so each shows errors
        valid = all(results)
        goal_row, objective_row = self.goals[-1]["form"], self.goals[-1]["objectives"][-1]["form"]
        if goal_row.is_blank_new_row and not objective_row.is_blank_new_row:
            goal_row.add_error("description", _("Write the goal this objective is for."))
            valid = False
        return valid

    @property
    def errors(self):
        return [form.errors for form in self.forms() if form.errors]

    def non_field_errors(self):
        return self.summary.non_field_errors()

    def changes(self):
        """strengths, needs and goals for plan_draft_save; blank new rows are left out."""

        def row(form, **extra):
            return {**form.cleaned_data, "remove": bool(form.removing), **extra}

        goals = []
        for g in self.goals:
            if g["form"].is_blank_new_row and all(
                o["form"].is_blank_new_row for o in g["objectives"]
            ):
                continue
            objectives = []
            for o in g["objectives"]:
                if o["form"].is_blank_new_row:
                    continue
                interventions = [
                    row(form, intervention=item)
                    for item, form in o["interventions"]
                    if not form.is_blank_new_row
                ]
                objectives.append(
                    row(o["form"], objective=o["objective"], interventions=interventions)
                )
            goals.append(row(g["form"], goal=g["goal"], objectives=objectives))
        return {**self.summary.cleaned_data, "goals": goals}

    def show_refusal(self, exc):
        """A rule the action refused goes above the form (it may concern the whole plan)."""
        for message in exc.messages:
            self.summary.add_error(None, message)


class PlanApproveForm(IrreversibleStepMixin, forms.Form):
    locks = _(
        "Once approved, this plan is the youth's plan of record: it can no longer be edited, the "
        "plan approved before it is superseded, and its next review falls due. A change needs a "
        "new draft."
    )


class PlanReturnForm(forms.Form):
    return_note = forms.CharField(
        label=_("What should the author change?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Progress notes and Part 2 consents ----------------------------------------------------


class ProgressNoteForm(IrreversibleStepMixin, forms.ModelForm):
    locks = _(
        "Once signed, this note can no longer be edited; corrections are made by an amendment, "
        "dated and signed by its author."
    )
    occurred_at = PastDateTimeField(label=_("When did the service happen?"))

    class Meta:
        model = ProgressNote
        fields = ["service_type", "occurred_at", "minutes", "setting", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, service_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types

    def takes_irreversible_step(self):
        return self.data.get("action") == "sign"


class NoteAmendmentForm(forms.Form):
    text = forms.CharField(
        label=_("Amendment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ReleaseConsentForm(forms.ModelForm):
    """A signed release of information. ``part2``: the user may record one covering Part 2
    records (``consents.may_record_part2``); otherwise the box is not offered."""

    signed_on = PastDateField(label=_("Signed on"))
    signed_form = DocumentFileField(
        label=_("Signed form"),
        required=False,
        help_text=_(
            "The scanned or photographed signed form: a PDF, a picture (PNG, JPEG, GIF) or a "
            "Word document. It can be added later."
        ),
    )

    class Meta:
        model = ReleaseConsent
        fields = ["recipient", "information", "covers_part2", "purpose", "signed_on", "expires_on"]
        widgets = {"expires_on": DATE, "information": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "covers_part2": _(
                "Tick only if the signed form names these records: then Part 2 notes may be "
                "included in disclosures for its purpose, with the redisclosure notice."
            ),
            "expires_on": _("Leave empty if the form gives no date; most expire in a year."),
        }

    def __init__(self, *args, part2=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not part2:
            del self.fields["covers_part2"]

    def clean(self):
        cleaned = super().clean()
        signed, expires = cleaned.get("signed_on"), cleaned.get("expires_on")
        if signed and expires and expires < signed:
            self.add_error("expires_on", _("A consent cannot expire before it was signed."))
        return cleaned

    def _post_clean(self):  # the action builds and validates the row
        pass


class SignedFormForm(forms.Form):
    signed_form = DocumentFileField(
        label=_("Signed form"),
        help_text=_("A PDF, a picture (PNG, JPEG, GIF) or a Word document."),
    )


# --- Monitoring ----------------------------------------------------------------------------


class MonitoringContactForm(forms.ModelForm):
    occurred_at = PastDateTimeField(label=_("When did the contact happen?"))

    class Meta:
        model = MonitoringContact
        fields = ["kind", "occurred_at", "summary", "needs_adjustment", "adjustment_reason"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = list(objectives)
        choices = [("", _("Not reviewed"))] + list(ObjectiveReview.Rating.choices)
        for objective in self.objectives:
            self.fields[f"rating_{objective.pk}"] = forms.TypedChoiceField(
                label=_("Progress on: %(objective)s") % {"objective": objective.description},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"comment_{objective.pk}"] = forms.CharField(
                label=_("Comment"), max_length=500, required=False
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("needs_adjustment") and not (cleaned.get("adjustment_reason") or "").strip():
            self.add_error("adjustment_reason", _("Say what about the plan needs to change."))
        return cleaned

    def _post_clean(self):
        pass

    def reviews(self):
        return [
            (o, self.cleaned_data[f"rating_{o.pk}"], self.cleaned_data.get(f"comment_{o.pk}", ""))
            for o in self.objectives
            if self.cleaned_data.get(f"rating_{o.pk}") is not None
        ]


# --- Safety plan, psychiatric --------------------------------------------------------------


class SafetyPlanForm(forms.ModelForm):
    class Meta:
        model = SafetyPlan
        fields = ["warning_signs", "coping_steps", "people_to_call", "safe_places"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}

    def _post_clean(self):
        pass


class MedicationForm(forms.ModelForm):
    started_on = PastDateField(label=_("Started on"), since_program=False)

    class Meta:
        model = Medication
        fields = ["name", "dose", "prescriber", "started_on"]

    def _post_clean(self):
        pass


class MedicationStopForm(forms.Form):
    stopped_on = PastDateField(label=_("Stopped on"), since_program=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class PsychiatricEvaluationForm(forms.ModelForm):
    evaluated_on = PastDateField(label=_("Evaluated on"))

    class Meta:
        model = PsychiatricEvaluation
        fields = ["evaluated_on", "evaluator", "findings", "recommendations"]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 5}),
            "recommendations": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self):
        pass


# --- On-call -------------------------------------------------------------------------------


class ActiveYouthChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, youth):
        return f"{youth.display_name} ({youth.record_number})"


def _now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class CrisisCallForm(forms.ModelForm):
    youth = ActiveYouthChoiceField(label=_("Youth"), queryset=Youth.objects.none())
    received_at = PastDateTimeField(label=_("Call received at"))
    open_missing_episode = forms.BooleanField(
        label=_("Open a missing episode now (runaway calls only)"), required=False
    )
    last_seen_at = PastDateTimeField(label=_("Youth last seen at"), required=False)

    class Meta:
        model = CrisisCall
        fields = [
            "youth",
            "received_at",
            "caller_kind",
            "caller_name",
            "category",
            "description",
            "response",
            "disposition",
            "follow_up_needed",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The active youths whose safety essentials the on-call clinician holds (all, in shift).
        self.fields["youth"].queryset = visible_youths(user, Need.SAFETY).filter(
            status=Youth.Status.ACTIVE
        )
        # The call is being taken now: its time starts at now, local time, to the minute.
        self.fields["received_at"].initial = _now_to_the_minute

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("open_missing_episode"):
            if cleaned.get("category") != CrisisCall.Category.RUNAWAY:
                self.add_error(
                    "open_missing_episode", _("Only a runaway call opens a missing episode.")
                )
            if not cleaned.get("last_seen_at") and "last_seen_at" not in self.errors:
                self.add_error("last_seen_at", _("When was the youth last seen?"))
        return cleaned

    def _post_clean(self):
        pass


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Follow-up done"), max_length=1000, required=False)


class OnCallShiftForm(forms.ModelForm):
    class Meta:
        model = OnCallShift
        fields = ["user", "role", "starts_at", "ends_at"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, groups__name__in=["On-call clinician", "Clinician", "Supervisor"]
            )
            .distinct()
        )

    def _post_clean(self):
        pass
