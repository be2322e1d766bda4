from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import actions


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the backup codes."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "").replace("-", "")
        result = actions.two_factor_check(user=self.user, token=token)
        if result.throttled_seconds:
            raise forms.ValidationError(
                ngettext(
                    "Too many wrong codes. Wait %(s)d second, then try again.",
                    "Too many wrong codes. Wait %(s)d seconds, then try again.",
                    result.throttled_seconds,
                ),
                params={"s": result.throttled_seconds},
            )
        if result.device is None:
            raise forms.ValidationError(_("That code is not right, or it has expired."))
        self.device = result.device
        return token


class EnrollForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        allowed, _info = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a few seconds, then try again.")
            )
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _("That code did not match. Check the time on your phone and try the next code.")
            )
        return token


class ReauthForm(forms.Form):
    """Prove it is still you: the password, or a code from the second factor."""

    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label=_("Or a code from your authenticator"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        password = self.cleaned_data.get("password")
        token = (self.cleaned_data.get("token") or "").replace(" ", "").replace("-", "")
        user = self.request.user
        if password:
            # Through authenticate() so that django-axes counts a wrong password here too.
            checked = authenticate(self.request, username=user.get_username(), password=password)
            if checked is None or checked.pk != user.pk:
                raise forms.ValidationError(_("That password is not right."))
            return self.cleaned_data
        if token:
            result = actions.two_factor_check(user=user, token=token)
            if result.throttled_seconds:
                raise forms.ValidationError(
                    ngettext(
                        "Too many wrong codes. Wait %(s)d second, then try again.",
                        "Too many wrong codes. Wait %(s)d seconds, then try again.",
                        result.throttled_seconds,
                    ),
                    params={"s": result.throttled_seconds},
                )
            if result.device is None:
                raise forms.ValidationError(_("That code is not right, or it has expired."))
            return self.cleaned_data
        raise forms.ValidationError(_("Enter your password or a code from your authenticator."))
