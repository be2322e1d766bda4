"""What every form view shares: showing an action's refusal where the user will see it."""

from django.core.exceptions import ValidationError


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
