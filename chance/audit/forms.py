import datetime
import html

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from chance.accounts.models import name_of

from . import trail


def _attrs(attrs) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def _esc(value) -> str:
    """conditional_escape, minus its wrapping of every option's text in a SafeString."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class PlainSelect(forms.Select):
    """Django's select markup, character for character (a test compares the two), written
    without its templates: the staff-member list has one option per user, each rendered through
    two templates and an option dict (~14 ms a page at 400 users). Single choice only."""

    allow_multiple_selected = False

    def render(self, name, value, attrs=None, renderer=None):
        values = self.format_value(value)
        out = [f'<select name="{_esc(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        chosen = False
        for group_value, group_label in self.choices:
            group_value = "" if group_value is None else group_value
            grouped = isinstance(group_label, list | tuple)
            if grouped and group_value:
                out.append(f'\n  <optgroup label="{_esc(group_value)}">')
            for option_value, label in group_label if grouped else [(group_value, group_label)]:
                # As ChoiceWidget.optgroups: the first option equal to the value is selected.
                selected = not chosen and str(option_value) in values
                chosen |= selected
                out.append(
                    f'\n  <option value="{_esc(option_value)}"'
                    f"{' selected' if selected else ''}>{_esc(label)}</option>\n"
                )
            if grouped and group_value:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


class _StaffChoices(ModelChoiceIterator):
    """Every user as (pk, name), from one plain SELECT of four columns: no server-side cursor
    (DECLARE, FETCH, CLOSE) and no model instance per user. The label is what ``str(user)``
    prints (``name_of``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "first_name", "last_name", "username")
        for pk, first_name, last_name, username in rows:
            label = name_of(first_name, last_name, username)
            yield (ModelChoiceIteratorValue(pk, None), label)


class StaffChoiceField(forms.ModelChoiceField):
    iterator = _StaffChoices
    widget = PlainSelect


class TrailFilterForm(forms.Form):
    """Filters of the audit trail. Every field is optional; bad input gets a message, not a 500."""

    record_number = forms.CharField(
        label=_("Youth record number"),
        max_length=20,
        required=False,
        help_text=_("For example CH-00012."),
    )
    user = StaffChoiceField(
        label=_("Staff member"),
        queryset=get_user_model().objects.order_by("last_name", "first_name", "username"),
        required=False,
        empty_label=_("Anyone"),
    )
    since = forms.DateField(
        label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To (date, inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = forms.ChoiceField(label=_("Kind of record"), required=False, widget=PlainSelect)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Any action")), *trail.ACTION_CHOICES],
        widget=PlainSelect,
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.youth_id = None
        # In the reader's alphabetical order, the access log first.
        sources = sorted(
            scope.sources(), key=lambda s: (s.key != trail.ACCESS, str(s.label).lower())
        )
        self.fields["kind"].choices = [("", _("Any kind"))] + [(s.key, s.label) for s in sources]

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since and since > timezone.localdate():
            raise forms.ValidationError(_("The start date cannot be in the future."))
        return since

    def clean_record_number(self):
        number = self.cleaned_data["record_number"].strip().upper()
        if not number:
            return ""
        youth = trail.youth_model().objects.filter(record_number=number).only("pk").first()
        # The same answer for an unknown number and a youth outside the viewer's trail.
        if youth is None or not self.scope.allows_youth(youth.pk):
            raise forms.ValidationError(
                _("No youth with that record number is in your audit trail.")
            )
        self.youth_id = youth.pk
        return number

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> trail.Filters:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()

        def start_of(day):
            return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)

        return trail.Filters(
            youth_id=self.youth_id,
            user_id=data["user"].pk if data.get("user") else None,
            since=start_of(data["since"]) if data.get("since") else None,
            until=start_of(data["until"] + datetime.timedelta(days=1))
            if data.get("until")
            else None,
            source=data.get("kind") or "",
            action=data.get("action") or "",
        )
