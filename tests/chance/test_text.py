"""Names and codes refuse invisible characters (``chance.text``), next to the field, saving
nothing; names with accents, hyphens and apostrophes go through."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Contact, Youth
from chance.text import invisible_characters, visible_text
from placements.forms import LawEnforcementReportForm, NcmecReportForm
from placements.models import Caregiver, Home
from tests import factories
from tests.cases.test_intake import intake_data

REFUSED = {
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u061c": "Arabic letter mark",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\ufeff": "byte-order mark",
    "\u00ad": "soft hyphen",
    "\u0000": "NUL",
    "\u0007": "bell",
    "\t": "tab",
    "\n": "newline",
    "\u007f": "delete",
}
ACCEPTED = ["José", "Nguyễn", "Mary-Kate", "O'Neil", "'Ōhi'a", "ʻŌhiʻa", "Zoë", "Łucja", "H-07"]


@pytest.mark.parametrize("char", REFUSED, ids=REFUSED.values())
def test_every_invisible_character_is_refused_and_named(char):
    with pytest.raises(ValidationError) as refused:
        visible_text(f"Ana{char}Maria")
    assert f"U+{ord(char):04X}" in refused.value.messages[0]


@pytest.mark.parametrize("name", ACCEPTED)
def test_names_with_accents_hyphens_and_apostrophes_pass(name):
    visible_text(name)
    assert invisible_characters(name) == []


def test_each_character_is_named_once_in_order():
    assert invisible_characters("\u202eA\u200bB\u202e") == ["U+202E", "U+200B"]


def test_intake_refuses_a_right_to_left_override_next_to_the_field(login, coordinator):
    response = login(coordinator).post(
        reverse("cases:intake"), intake_data(legal_first_name="Ana\u202eairaM")
    )
    assert response.status_code == 400
    page = response.content.decode()
    error = page.index('id="id_legal_first_name_error"')
    assert "U+202E" in page[error : error + 400]
    assert not Youth.objects.exists()


@pytest.mark.parametrize(
    "field", ["legal_last_name", "preferred_name", "aliases", "court_case_number"]
)
def test_intake_refuses_invisible_characters_in_every_name_and_code(login, coordinator, field):
    response = login(coordinator).post(
        reverse("cases:intake"), intake_data(**{field: "Lil\u200bJ"})
    )
    assert response.status_code == 400
    assert f'id="id_{field}_error"'.encode() in response.content
    assert not Youth.objects.exists()


def test_intake_accepts_names_with_accents(login, coordinator):
    client = login(coordinator)
    names = [("José", "Nguyễn"), ("Mary-Kate", "O'Neil"), ("'Ōhi'a", "Kealoha")]
    for n, (first, last) in enumerate(names):
        response = client.post(
            reverse("cases:intake"),
            intake_data(
                legal_first_name=first, legal_last_name=last, date_of_birth=f"201{n}-02-0{n + 1}"
            ),
        )
        assert response.status_code == 302, first
    assert sorted(Youth.objects.values_list("legal_first_name", flat=True)) == sorted(
        f for f, _ in names
    )


def test_identity_edit_refuses_and_keeps_the_record(login, clinician, youth):
    response = login(clinician).post(
        reverse("cases:edit", args=[youth.pk]),
        {
            "legal_first_name": youth.legal_first_name,
            "legal_last_name": "Youth\u2067",
            "date_of_birth": "2011-05-01",
            "language": "en",
            "custody_status": "dependency",
        },
    )
    assert response.status_code == 400 and b'id="id_legal_last_name_error"' in response.content
    youth.refresh_from_db()
    assert youth.legal_last_name == "Youth"


def test_contact_name_is_refused(login, clinician, youth):
    response = login(clinician).post(
        reverse("cases:contact_add", args=[youth.pk]),
        {"kind": "caseworker", "name": "Dana\ufeff Smith", "active": "on"},
    )
    assert response.status_code == 400 and b'id="id_name_error"' in response.content
    assert not Contact.objects.exists()


def test_home_license_number_is_refused(login, coordinator):
    data = {"code": "H-31", "status": "recruiting", "license_number": "L-1\u00ad2"}
    data |= {"other_foster_children": 0, "capacity": 1}
    response = login(coordinator).post(reverse("placements:home_new"), data)
    assert response.status_code == 200 and b'id="id_license_number_error"' in response.content
    assert not Home.objects.exists()


def test_caregiver_names_are_refused_by_the_model(coordinator):
    home = Home(code="H-32")
    home.full_clean()
    home.save()
    caregiver = Caregiver(home=home, first_name="Rosa\u200d", last_name="Lee\u202d")
    with pytest.raises(ValidationError) as refused:
        caregiver.full_clean()
    assert set(refused.value.error_dict) == {"first_name", "last_name"}


def test_law_enforcement_and_ncmec_numbers_are_refused_on_their_fields():
    form = LawEnforcementReportForm(
        {
            "reported_at": "2026-01-01T10:00",
            "agency": "Fictional PD\u200e",
            "officer_name": "Officer\u200f Lane",
            "officer_badge": "12\u202a3",
            "ncic_number": "M\u0000123",
        }
    )
    assert not form.is_valid()
    assert {"agency", "officer_name", "officer_badge", "ncic_number"} <= set(form.errors)
    ncmec = NcmecReportForm({"reported_at": "2026-01-01T10:00", "case_number": "12\u2069"})
    assert not ncmec.is_valid() and "case_number" in ncmec.errors


def test_staff_names_are_refused_in_the_admin(login, admin_user, clinician):
    response = factories.post_user_change(
        login(admin_user), clinician, first_name="Cli\u202enician"
    )
    assert response.status_code == 200 and b"U+202E" in response.content
    clinician.refresh_from_db()
    assert "\u202e" not in clinician.first_name
