"""Referral intake: duplicate check before a second record; bad input changes nothing."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import actions
from cases.models import Referral, Youth
from cases.selectors import possible_duplicates
from tests import factories

DOB = datetime.date(2011, 5, 1)


def intake_data(**overrides):
    data = {
        "legal_first_name": "Juniper",
        "legal_last_name": "Testcase",
        "preferred_name": "",
        "aliases": "",
        "date_of_birth": DOB.isoformat(),
        "gender": "Female",
        "language": "English",
        "custody_status": "dependency",
        "court_case_number": "",
        "source": "child_welfare",
        "source_agency": "Fictional CBC",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "reason": "Fictional referral",
    }
    data.update(overrides)
    return data


# --- the selector ---------------------------------------------------------------------------


@pytest.fixture
def existing(coordinator):
    return factories.refer_youth(
        by=coordinator,
        legal_first_name="Juniper",
        legal_last_name="Testcase",
        date_of_birth=DOB,
        aliases="Birdie, Lil J",
    )


def dupes(**kwargs):
    args = {"first_name": "", "last_name": "", "date_of_birth": None, "aliases": ""}
    args.update(kwargs)
    return list(possible_duplicates(**args))


def test_same_dob_and_name_in_another_case_matches(existing):
    assert dupes(first_name="JUNIPER", last_name="testcase", date_of_birth=DOB) == [existing]


def test_same_dob_and_only_the_last_name_matches(existing):
    assert dupes(first_name="June", last_name="Testcase", date_of_birth=DOB) == [existing]


def test_swapped_first_and_last_name_matches(existing):
    assert dupes(first_name="Testcase", last_name="Juniper", date_of_birth=DOB) == [existing]


def test_same_name_with_another_dob_does_not_match(existing):
    assert (
        dupes(first_name="Juniper", last_name="Testcase", date_of_birth=datetime.date(2010, 1, 1))
        == []
    )


def test_an_alias_in_common_matches_whatever_the_dob(existing):
    assert dupes(first_name="Someone", last_name="Else", aliases="lil j") == [existing]
    assert dupes(first_name="Someone", last_name="Else", aliases=["x", " BIRDIE "]) == [existing]


def test_part_of_an_alias_is_not_a_match(existing):
    assert dupes(first_name="Someone", last_name="Else", aliases="Bird, Lil") == []


def test_new_first_name_equal_to_an_existing_alias_matches(existing):
    assert dupes(first_name="Birdie", last_name="Else", date_of_birth=None) == [existing]


def test_alias_with_regex_characters_is_matched_literally(coordinator):
    y = factories.refer_youth(by=coordinator, aliases="K.C. (Kay), $tar")
    assert dupes(first_name="A", last_name="B", aliases="k.c. (kay)") == [y]
    assert dupes(first_name="A", last_name="B", aliases="$tar") == [y]
    assert dupes(first_name="A", last_name="B", aliases="KxC. (Kay)") == []


# --- the intake form ------------------------------------------------------------------------


def test_intake_creates_a_referred_youth(login, coordinator):
    response = login(coordinator).post(reverse("cases:intake"), intake_data())
    youth = Youth.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[youth.pk])
    assert youth.status == Youth.Status.REFERRED and youth.referrals.count() == 1


def test_intake_shows_possible_duplicates_before_creating(login, coordinator, existing):
    client = login(coordinator)
    response = client.post(reverse("cases:intake"), intake_data(legal_first_name="june"))
    assert response.status_code == 200
    assert b"Possible matches" in response.content
    assert existing.record_number.encode() in response.content
    assert Youth.objects.count() == 1
    # confirmed as a new youth: now the second record is created
    response = client.post(
        reverse("cases:intake"), intake_data(legal_first_name="june", confirm_new="on")
    )
    assert response.status_code == 302 and Youth.objects.count() == 2


def test_intake_re_refers_a_discharged_match(login, coordinator, existing):
    actions.youth_screening_start(youth=existing, by=coordinator)
    actions.youth_screening_decide(youth=existing, by=coordinator, decision="declined")
    client = login(coordinator)
    page = client.post(reverse("cases:intake"), intake_data())
    assert b"Re-refer this existing youth" in page.content
    response = client.post(reverse("cases:intake"), intake_data(rerefer=existing.pk))
    assert response.status_code == 302
    existing.refresh_from_db()
    assert Youth.objects.count() == 1
    assert existing.status == Youth.Status.REFERRED and existing.referrals.count() == 2


def test_intake_cannot_re_refer_an_open_youth(login, coordinator, existing):
    response = login(coordinator).post(reverse("cases:intake"), intake_data(rerefer=existing.pk))
    assert response.status_code == 200
    assert b"already has an open episode" in response.content
    assert existing.referrals.count() == 1


def test_clinician_cannot_take_referrals(login, clinician):
    client = login(clinician)
    assert client.get(reverse("cases:intake")).status_code == 403
    assert client.post(reverse("cases:intake"), intake_data()).status_code == 403
    assert not Youth.objects.exists()


def test_duplicates_are_only_shown_from_youths_the_user_may_see(login, coordinator, existing):
    # Intake is a coordinator screen and coordinators see everyone; the view still intersects
    # with visible_youths. A user who cannot see any youth gets no candidates.
    from cases import selectors

    outsider = factories.make_user("nobody")
    visible = possible_duplicates(
        first_name="Juniper", last_name="Testcase", date_of_birth=DOB, aliases=""
    ).filter(pk__in=selectors.visible_youths(outsider).values("pk"))
    assert list(visible) == []


# --- bad input: a clear error, and nothing changes ------------------------------------------


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("date_of_birth", "2999-01-01", b"cannot be in the future"),
        ("date_of_birth", "2011-02-30", b"Enter a valid date"),
        ("date_of_birth", "1950-01-01", b"check the year"),
        ("legal_first_name", "x" * 10_000, b"This is 10,000 characters; the limit is 100."),
        ("received_at", "2999-01-01T10:00", b"cannot be received in the future"),
        ("received_at", "yesterday", b"Enter a valid date/time"),
        ("custody_status", "orphanage", b"Select a valid choice"),
        ("source", "", b"This field is required"),
    ],
)
def test_bad_intake_input_is_refused_next_to_the_field(login, coordinator, field, value, message):
    response = login(coordinator).post(reverse("cases:intake"), intake_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content
    assert b'class="field-error"' in response.content
    assert not Youth.objects.exists() and not Referral.objects.exists()


def test_bad_track_is_refused(login, coordinator, youth):
    actions.youth_screening_start(youth=youth, by=coordinator)
    actions.youth_screening_decide(youth=youth, by=coordinator, decision="crt")
    response = login(coordinator).post(
        reverse("cases:track_change", args=[youth.pk]), {"track": "moon", "reason": "x"}
    )
    assert response.status_code == 200 and b"Select a valid choice" in response.content
    youth.refresh_from_db()
    assert youth.track == "crt"


@pytest.mark.parametrize("value", ["2999-12-31", "not-a-date", "2026-13-01"])
def test_bad_discharge_date_is_refused(login, coordinator, youth, value):
    actions.youth_screening_start(youth=youth, by=coordinator)
    actions.youth_screening_decide(youth=youth, by=coordinator, decision="crt")
    response = login(coordinator).post(
        reverse("cases:discharge", args=[youth.pk]),
        {"discharged_on": value, "reason": "moved", "confirm": "on"},
    )
    assert response.status_code == 200 and b'class="field-error"' in response.content
    youth.refresh_from_db()
    assert youth.status == Youth.Status.ACTIVE


def test_long_name_on_edit_is_refused_and_the_record_kept(login, clinician, youth):
    name = youth.legal_first_name
    response = login(clinician).post(
        reverse("cases:edit", args=[youth.pk]),
        {
            "legal_first_name": "y" * 10_000,
            "legal_last_name": "Youth",
            "date_of_birth": "2011-05-01",
            "language": "English",
            "custody_status": "dependency",
        },
    )
    assert (
        response.status_code == 200
        and b"This is 10,000 characters; the limit is 100." in response.content
    )
    youth.refresh_from_db()
    assert youth.legal_first_name == name


def test_no_contact_alert_needs_a_person(login, clinician, youth):
    response = login(clinician).post(
        reverse("cases:alert_add", args=[youth.pk]), {"kind": "no_contact", "summary": "Recruiter"}
    )
    assert response.status_code == 200 and b"Name the person" in response.content
    assert not youth.safety_alerts.exists()


def test_post_without_csrf_token_is_refused(coordinator, youth):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(reverse("cases:intake"), intake_data())
    assert response.status_code == 403
    response = client.post(reverse("cases:screening_start", args=[youth.pk]))
    assert response.status_code == 403
    assert Youth.objects.count() == 1
    youth.refresh_from_db()
    assert youth.status == Youth.Status.REFERRED
