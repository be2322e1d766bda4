"""What every form view shares: showing an action's refusal where the user will see it, asking
once before a step that cannot be undone, saying a field's length limit before it bites, and
dressing every widget in the design system's (USWDS) classes in one place."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.formats import number_format
from django.utils.translation import gettext
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


# --- Length limits -------------------------------------------------------------------------
# A browser's maxlength attribute cuts a paste short without a word, so no field carries it:
# the limit is said in the help text, counted as one types (static/chance/limits.js), and an
# over-long value is refused by the server next to the field, with everything typed kept.


def length_limit(bound_field) -> int | None:
    """The most characters the field takes, for the text fields a person types into."""
    widget = bound_field.field.widget
    if widget.is_hidden or isinstance(widget, forms.PasswordInput):
        return None
    return getattr(bound_field.field, "max_length", None)


def characters(n: int) -> str:
    return number_format(n, force_grouping=True)


def limit_help(limit: int) -> str:
    return gettext("Up to %(limit)s characters.") % {"limit": characters(limit)}


def error_messages(bound_field) -> list[str]:
    """The field's errors, a too-long value said plainly: how long it is, the limit, and that
    nothing was saved (Django's own wording hides the fix in a parenthesis)."""
    errors = bound_field.form.errors.as_data().get(bound_field.name, [])
    out = []
    for error in errors:
        if error.code == "max_length" and error.params:
            out.append(
                gettext(
                    "This is %(length)s characters; the limit is %(limit)s. Nothing was saved; "
                    "shorten it."
                )
                % {
                    "length": characters(error.params["show_value"]),
                    "limit": characters(error.params["limit_value"]),
                }
            )
        else:
            out.extend(error.messages)
    return out


def fields_with_errors(form) -> list:
    """The fields to fix, in the form's order, for the list above the form."""
    return [field for field in form.visible_fields() if field.errors]


def widget_with_limit(bound_field):
    """The field's widget without maxlength, with data-limit for the counter and the limit's
    help text among what describes it."""
    limit = length_limit(bound_field)
    if limit is None:
        return bound_field.as_widget()
    describedby = [f"{bound_field.auto_id}_limit"]
    if bound_field.help_text:
        describedby.insert(0, f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        describedby.append(f"{bound_field.auto_id}_error")
    return bound_field.as_widget(
        attrs={"maxlength": False, "data-limit": limit, "aria-describedby": " ".join(describedby)}
    )


# --- The design system's classes -----------------------------------------------------------
# settings.FORM_RENDERER is FormRenderer, so every form's widgets get their USWDS class here,
# once; no form or page sets a class by hand. Choice lists put each input before its label
# (USWDS's markup) through templates/chance/widgets/choices.html. A select's blank choice reads
# as USWDS's, "- Select -", in the user's language: templates/django/forms/widgets/
# select_option.html overrides Django's by name, since select.html includes it directly.

# Tiles: each choice is a bordered box the full width of the field, a tap target over 44 px.
_CHOICE_CLASSES = {
    "radio": "usa-radio__input usa-radio__input--tile",
    "checkbox": "usa-checkbox__input usa-checkbox__input--tile",
}


def widget_classes(widget, *, invalid: bool) -> list[str]:
    """The USWDS classes for a widget, with the error modifier when its field has errors."""
    if widget.is_hidden:
        return []
    if isinstance(widget, forms.MultiWidget):
        widget = widget.widgets[0]  # its parts share the final attrs (say, SplitDateTime)
    if isinstance(widget, forms.CheckboxInput):
        return [_CHOICE_CLASSES["checkbox"]]
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return [_CHOICE_CLASSES[widget.input_type]]
    if isinstance(widget, forms.Select):
        base = "usa-select"
    elif isinstance(widget, forms.Textarea):
        base = "usa-textarea"
    elif isinstance(widget, forms.FileInput):
        base = "usa-file-input"
    else:
        base = "usa-input"
    return [base, "usa-input--error"] if invalid else [base]


class BoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = widget_classes(widget, invalid=bool(self.errors))
        if classes:
            own = attrs.get("class") or widget.attrs.get("class")
            attrs["class"] = " ".join([own, *classes] if own else classes)
        if isinstance(widget, forms.FileInput) and self.auto_id:
            # The USWDS file input script names the input by an aria-label of its own, in
            # English ("Drag file here or choose from folder"), over the field's <label>; the
            # label named by id wins back (templates/chance/_field.html gives it the id).
            attrs.setdefault("aria-labelledby", f"{self.auto_id}_label")
        return attrs


class FormRenderer(TemplatesSetting):
    """Django's widget templates, found through TEMPLATES, with USWDS classes and choice lists."""

    bound_field_class = BoundField
    templates = {
        "django/forms/widgets/radio.html": "chance/widgets/choices.html",
        "django/forms/widgets/checkbox_select.html": "chance/widgets/choices.html",
    }

    def get_template(self, template_name):
        return super().get_template(self.templates.get(template_name, template_name))
