"""The form pack dresses every widget in the design system's (USWDS) classes in one place
(chance.forms.FormRenderer), keeps each error next to its field and tied to it, and shows a
form-wide refusal as an error alert."""

import re

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from chance.forms import FormRenderer


def _tag(html: str, name: str) -> str:
    return re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


def test_a_form_submitted_empty_shows_each_error_the_uswds_way(login, coordinator):
    page = login(coordinator).post(reverse("cases:intake"), {}).content.decode()
    first_name = _tag(page, "legal_first_name")
    assert 'class="usa-input usa-input--error"' in first_name
    assert 'aria-invalid="true"' in first_name
    assert re.search(r'aria-describedby="[^"]*\bid_legal_first_name_error\b', first_name)
    # The error sits in the field's own group, between its label and its input.
    group = re.search(
        r'<div class="usa-form-group field usa-form-group--error">\s*'
        r'<label class="usa-label usa-label--error" for="id_legal_first_name">.*?</label>\s*'
        r'<span class="usa-error-message" id="id_legal_first_name_error">(.*?)</span>\s*'
        r"<input[^>]*>",
        page,
        re.S,
    )
    assert group and group.group(1) == "This field is required."
    # A select and a text area get their own classes; a field without errors is plain.
    assert 'class="usa-select usa-input--error"' in _tag(page, "custody_status")
    assert 'class="usa-textarea"' in _tag(page, "reason")
    assert 'class="usa-input"' in _tag(page, "preferred_name")
    # Above the form, the fields to fix, each a link to its input.
    summary = re.search(r'<ul class="usa-list error-summary">(.*?)</ul>', page, re.S).group(1)
    assert '<li><a href="#id_legal_first_name">Legal first name</a></li>' in summary
    assert "fields need a change" in page
    # Typed text survives the refusal ("nothing typed is lost").
    page = login(coordinator).post(reverse("cases:intake"), {"preferred_name": "Bee"})
    assert 'value="Bee"' in _tag(page.content.decode(), "preferred_name")


def test_a_form_wide_refusal_is_an_error_alert(client, clinician):
    response = client.post(
        reverse("login"), {"username": clinician.username, "password": "not the password"}
    )
    assert re.search(
        r'<div class="usa-alert usa-alert--error usa-alert--slim" role="alert">'
        r'<div class="usa-alert__body"><p class="usa-alert__text">',
        response.content.decode(),
    )


class _Choices(forms.Form):
    colour = forms.ChoiceField(
        choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect, help_text="Pick one."
    )
    days = forms.MultipleChoiceField(
        choices=[("mon", "Monday")], widget=forms.CheckboxSelectMultiple, required=False
    )
    agree = forms.BooleanField(label="I agree")


def test_choice_lists_are_uswds_tiles_with_the_input_before_its_label(db):
    form = _Choices(data={})
    assert isinstance(form.renderer, FormRenderer)  # settings.FORM_RENDERER, for every form
    html = render_to_string("chance/_form.html", {"form": form})
    assert re.search(
        r'<fieldset class="usa-fieldset usa-form-group field usa-form-group--error" '
        r'aria-describedby="id_colour_helptext id_colour_error">\s*<legend class="usa-legend',
        html,
    )
    assert re.search(
        r'<div class="usa-radio"><input type="radio" name="colour" value="r"[^>]*'
        r'class="usa-radio__input usa-radio__input--tile"[^>]*id="id_colour_0"[^>]*>\s*'
        r'<label class="usa-radio__label" for="id_colour_0">Red</label></div>',
        html,
    )
    assert re.search(
        r'<div class="usa-checkbox"><input type="checkbox" name="days" value="mon"[^>]*'
        r'class="usa-checkbox__input usa-checkbox__input--tile"[^>]*id="id_days_0"',
        html,
    )
    # A lone checkbox: its error above it, tied to it, the label after the box.
    assert re.search(
        r'<span class="usa-error-message" id="id_agree_error">This field is required.</span>\s*'
        r'<div class="usa-checkbox"><input[^>]*name="agree"[^>]*>\s*'
        r'<label class="usa-checkbox__label" for="id_agree">I agree</label>',
        html,
    )
    agree = _tag(html, "agree")
    assert 'class="usa-checkbox__input usa-checkbox__input--tile"' in agree
    assert 'aria-describedby="id_agree_error"' in agree


def test_a_select_s_blank_choice_asks_in_the_user_s_language(db):
    class Pick(forms.Form):
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A kind")])

    assert '<option value="" selected>- Select -</option>' in str(Pick()["kind"])
    with translation.override("es"):
        assert '<option value="" selected>- Seleccione -</option>' in str(Pick()["kind"])

    # A blank choice a form names itself keeps its words.
    class Named(forms.Form):
        who = forms.ChoiceField(choices=[("", "The home as a whole"), ("a", "A")])

    assert '<option value="" selected>The home as a whole</option>' in str(Named()["who"])


def test_a_class_a_form_sets_itself_is_kept_beside_the_pack_s(db):
    class Search(forms.Form):
        q = forms.CharField(widget=forms.TextInput(attrs={"class": "wide"}))

    assert 'class="wide usa-input"' in str(Search()["q"])
