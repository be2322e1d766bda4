"""Referral intake: duplicate check before a second record; bad input changes nothing."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import actions
from cases.duplicates import possible_duplicates
from cases.models import Referral, Youth
from chance.audit.models import AccessLog
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
        "language": "en",
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


@pytest.fixture
def dupes(coordinator):
    def run(**kwargs):
        args = {"first_name": "", "last_name": "", "date_of_birth": None, "aliases": ""}
        args.update(kwargs)
        return [c.youth for c in possible_duplicates(coordinator, **args)]

    return run


def test_same_dob_and_name_in_another_case_matches(existing, dupes):
    assert dupes(first_name="JUNIPER", last_name="testcase", date_of_birth=DOB) == [existing]


def test_same_dob_and_only_the_last_name_matches(existing, dupes):
    assert dupes(first_name="June", last_name="Testcase", date_of_birth=DOB) == [existing]


def test_swapped_first_and_last_name_matches(existing, dupes):
    assert dupes(first_name="Testcase", last_name="Juniper", date_of_birth=DOB) == [existing]


def test_same_name_with_another_dob_is_shown_below_a_same_dob_match(coordinator, existing):
    # A referral's date of birth is often a guess: the same name is shown, ranked lower.
    other = factories.refer_youth(
        by=coordinator,
        legal_first_name="Juniper",
        legal_last_name="Testcase",
        date_of_birth=datetime.date(2010, 1, 1),
    )
    found = possible_duplicates(
        coordinator, first_name="Juniper", last_name="Testcase", date_of_birth=DOB, aliases=""
    )
    assert [c.youth for c in found] == [existing, other]
    assert found[0].score > found[1].score and "another date of birth" in found[1].reasons


def test_other_first_name_and_dob_with_the_same_surname_does_not_match(existing, dupes):
    born = datetime.date(2013, 9, 1)
    assert dupes(first_name="Marisol", last_name="Testcase", date_of_birth=born) == []


def test_the_reported_near_duplicates_are_caught(coordinator, dupes):
    avery = factories.refer_youth(
        by=coordinator, legal_first_name="Avery", legal_last_name="Example", date_of_birth=DOB
    )
    assert dupes(first_name="Avry", last_name="Exampel", date_of_birth=DOB) == [avery]
    other_dob = datetime.date(2012, 9, 9)
    assert dupes(first_name="Ave", last_name="Example", date_of_birth=other_dob) == [avery]


def test_an_alias_in_common_matches_whatever_the_dob(existing, dupes):
    assert dupes(first_name="Someone", last_name="Else", aliases="lil j") == [existing]
    assert dupes(first_name="Someone", last_name="Else", aliases=["x", " BIRDIE "]) == [existing]


def test_part_of_an_alias_is_not_a_match(existing, dupes):
    assert dupes(first_name="Someone", last_name="Else", aliases="Bird, Lil") == []


def test_new_first_name_equal_to_an_existing_alias_matches(existing, dupes):
    assert dupes(first_name="Birdie", last_name="Else", date_of_birth=None) == [existing]


def test_alias_with_regex_characters_is_matched_literally(coordinator, dupes):
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
    page = response.content.decode()
    assert "Possible match (1)" in page and existing.record_number in page
    assert "same last name" in page and "same date of birth" in page  # why, in words
    assert reverse("cases:detail", args=[existing.pk]) in page  # a link to the record
    assert 'value="june"' in page and 'value="Fictional CBC"' in page  # nothing typed is lost
    assert "None of these is the same youth" in page
    assert Youth.objects.count() == 1
    # The identity shown is an access-log row of the existing youth.
    shown = AccessLog.objects.get(youth_id=existing.pk, reason__startswith="Shown as a possible")
    assert shown.action == AccessLog.Action.VIEWED and shown.user == coordinator
    # Confirmed as a new youth, for the matches shown: now the second record is created.
    response = client.post(
        reverse("cases:intake"),
        intake_data(legal_first_name="june", confirm_new="on", shown_matches=str(existing.pk)),
    )
    assert response.status_code == 302 and Youth.objects.count() == 2
    new = Youth.objects.exclude(pk=existing.pk).get()
    reason = new.history.earliest().history_change_reason
    assert existing.record_number in reason and "confirmed not the same youth" in reason
    created = AccessLog.objects.get(youth_id=new.pk, action=AccessLog.Action.SUBMITTED)
    assert existing.record_number in created.reason and "June" not in created.reason
    set_aside = AccessLog.objects.get(youth_id=existing.pk, reason__startswith="Set aside")
    assert new.record_number in set_aside.reason


def test_intake_without_a_match_needs_no_confirmation(login, coordinator, existing):
    page = login(coordinator).get(reverse("cases:intake")).content.decode()
    assert "None of these is the same youth" not in page and 'name="confirm_new"' not in page
    response = login(coordinator).post(
        reverse("cases:intake"), intake_data(legal_first_name="Rowan", legal_last_name="Other")
    )
    assert response.status_code == 302 and Youth.objects.count() == 2


def test_confirming_without_having_seen_the_matches_asks_again(login, coordinator, existing):
    client = login(coordinator)
    response = client.post(reverse("cases:intake"), intake_data(confirm_new="on"))
    assert response.status_code == 200 and b"Possible match" in response.content
    assert b"confirm that none of these is the same youth" in response.content
    assert Youth.objects.count() == 1


def test_a_confirmation_holds_only_for_the_matches_it_saw(login, coordinator, existing):
    other = factories.refer_youth(
        by=coordinator, legal_first_name="Rowan", legal_last_name="Other", date_of_birth=DOB
    )
    client = login(coordinator)
    # Confirmed for the Testcase match, then the name was changed to one that finds another.
    response = client.post(
        reverse("cases:intake"),
        intake_data(
            legal_first_name="Rowan",
            legal_last_name="Other",
            confirm_new="on",
            shown_matches=str(existing.pk),
        ),
    )
    assert response.status_code == 200 and other.record_number.encode() in response.content
    assert Youth.objects.count() == 2
    assert f'name="shown_matches" value="{other.pk}"'.encode() in response.content


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
    assert response.status_code == 400
    assert b"already has an open episode" in response.content
    assert existing.referrals.count() == 1


def test_clinician_cannot_take_referrals(login, clinician):
    client = login(clinician)
    assert client.get(reverse("cases:intake")).status_code == 403
    assert client.post(reverse("cases:intake"), intake_data()).status_code == 403
    assert not Youth.objects.exists()


def test_duplicates_are_only_shown_from_youths_the_user_may_see(existing):
    # Intake is a coordinator screen and coordinators see everyone; the check still reads
    # through visible_youths. A user who cannot see any youth gets no candidates.
    outsider = factories.make_user("nobody")
    found = possible_duplicates(
        outsider, first_name="Juniper", last_name="Testcase", date_of_birth=DOB, aliases=""
    )
    assert found == []


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
    assert response.status_code == 400
    assert message in response.content
    assert b'class="usa-error-message"' in response.content
    assert not Youth.objects.exists() and not Referral.objects.exists()


def test_bad_track_is_refused(login, coordinator, youth):
    actions.youth_screening_start(youth=youth, by=coordinator)
    actions.youth_screening_decide(youth=youth, by=coordinator, decision="crt")
    response = login(coordinator).post(
        reverse("cases:track_change", args=[youth.pk]), {"track": "moon", "reason": "x"}
    )
    assert response.status_code == 400 and b"Select a valid choice" in response.content
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
    assert response.status_code == 400 and b'class="usa-error-message"' in response.content
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
            "language": "en",
            "custody_status": "dependency",
        },
    )
    assert (
        response.status_code == 400
        and b"This is 10,000 characters; the limit is 100." in response.content
    )
    youth.refresh_from_db()
    assert youth.legal_first_name == name


def test_no_contact_alert_needs_a_person(login, clinician, youth):
    response = login(clinician).post(
        reverse("cases:alert_add", args=[youth.pk]), {"kind": "no_contact", "summary": "Recruiter"}
    )
    assert response.status_code == 400 and b"Name the person" in response.content
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
