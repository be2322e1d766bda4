"""What every form view shares: showing an action's refusal where the user will see it, and
asking once before a step that cannot be undone."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def show_refusal(form, exc: ValidationError):
    """Put an action's ValidationError next to the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# --- Irreversible steps --------------------------------------------------------------------

CONFIRM_FIELD = "confirm"


class IrreversibleStepMixin:
    """A form whose step cannot be undone (sign, finalize, approve, discharge) asks once.

    The form names what will be locked (``locks``, in the program's words) and carries a
    checkbox "I understand this cannot be undone". The server refuses the step without it,
    next to the checkbox, and the form comes back with everything typed; no JavaScript needed.
    The box is not data for the action, so it leaves ``cleaned_data`` after the check.
    Override ``takes_irreversible_step`` when the same form also saves a draft.
    """

    locks = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = forms.BooleanField(
            label=_("I understand this cannot be undone."), required=False, help_text=self.locks
        )
        field.confirms = True  # chance/_form.html leaves it to chance/_confirm.html
        self.fields[CONFIRM_FIELD] = field

    def takes_irreversible_step(self) -> bool:
        return True

    @property
    def confirmation(self):
        return self[CONFIRM_FIELD]

    def clean(self):
        cleaned = super().clean()
        if self.takes_irreversible_step() and not cleaned.get(CONFIRM_FIELD):
            self.add_error(
                CONFIRM_FIELD,
                _("Tick “I understand this cannot be undone” to go ahead. Nothing was saved."),
            )
        cleaned.pop(CONFIRM_FIELD, None)
        return cleaned
