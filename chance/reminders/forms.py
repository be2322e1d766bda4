from django import forms
from django.utils.translation import gettext_lazy as _


class SnoozeForm(forms.Form):
    until = forms.DateTimeField(
        label=_("Snooze until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("At most 7 days from now."),
    )
    reason = forms.CharField(label=_("Why can this wait?"), max_length=500, widget=forms.Textarea)
