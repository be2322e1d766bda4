from django import forms


class SnoozeForm(forms.Form):
    until = forms.DateTimeField(
        label="Snooze until",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="At most 7 days from now.",
    )
    reason = forms.CharField(label="Why can this wait?", max_length=500, widget=forms.Textarea)
