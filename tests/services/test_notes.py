import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from chance.access import youth_access
from services import actions, selectors
from services.models import NoteAmendment, ProgressNote, ReleaseConsent
from tests.factories import record_release


def write_note(youth, by, service_type, *, sign=True, text="Fictional session note.", when=None):
    return actions.note_save(
        youth=youth, service_type=service_type, by=by, sign=sign, text=text, minutes=50,
        setting="office", occurred_at=when or timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip


def note_form(service_type, **overrides):
    data = {
        "service_type": service_type.pk,
        "occurred_at": (timezone.localtime() - datetime.timedelta(hours=2)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "minutes": 45,
        "setting": "home",
        "text": "Fictional home session.",
        "action": "sign",
        "confirm": "on",
    }
    data.update(overrides)
    return data


def test_clinician_writes_and_signs_a_note(login, clinician, active_youth, therapy):
    response = login(clinician).post(
        reverse("services:note_new", args=[active_youth.pk]), note_form(therapy)
    )
    assert response.status_code == 302
    note = ProgressNote.objects.get(youth=active_youth)
    assert note.is_signed and note.signed_at and note.author == clinician


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("occurred_at", "2999-01-01T10:00", "This cannot be in the future."),
        ("text", "x" * 20_001, "Ensure this value has at most 20000 characters"),
        ("minutes", "0", "Ensure this value is greater than or equal to 1."),
        ("text", "", "This field is required."),
    ],
)
def test_bad_note_input_gets_a_field_error(
    login, clinician, active_youth, therapy, field, value, message
):
    response = login(clinician).post(
        reverse("services:note_new", args=[active_youth.pk]), note_form(therapy, **{field: value})
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not ProgressNote.objects.exists()


def test_signed_note_refused_by_the_action(clinician, active_youth, therapy):
    note = write_note(active_youth, clinician, therapy)
    with pytest.raises(ValidationError, match="signed note cannot be changed"):
        actions.note_save(
            youth=active_youth, service_type=therapy, by=clinician, note=note, text="Edited",
            minutes=10, setting="office", occurred_at=note.occurred_at,
        )  # fmt: skip
    note.refresh_from_db()
    assert note.text == "Fictional session note."


def test_signed_note_refused_through_the_ui(login, clinician, active_youth, therapy):
    note = write_note(active_youth, clinician, therapy)
    url = reverse("services:note_detail", args=[active_youth.pk, note.pk])
    response = login(clinician).post(url, note_form(therapy, text="Rewritten history"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Fictional session note." and note.minutes == 50


@pytest.mark.postgres
def test_database_refuses_update_and_delete_of_a_signed_note(clinician, active_youth, therapy):
    note = write_note(active_youth, clinician, therapy)
    for sql in (
        "UPDATE services_progressnote SET text = 'tampered' WHERE id = %s",
        "DELETE FROM services_progressnote WHERE id = %s",
    ):
        with (
            pytest.raises((IntegrityError, InternalError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [note.pk])
    note.refresh_from_db()
    assert note.text == "Fictional session note."


def test_amendment_appends_with_its_author(login, clinician, supervisor, active_youth, therapy):
    note = write_note(active_youth, clinician, therapy)
    url = reverse("services:note_amend", args=[active_youth.pk, note.pk])
    assert login(clinician).post(url, {"text": "Youth later added a detail."}).status_code == 302
    amendment = NoteAmendment.objects.get(note=note)
    assert amendment.author == clinician and amendment.at
    # the supervisor views but does not write clinical records
    assert login(supervisor).post(url, {"text": "Supervisor edit"}).status_code == 404


def test_only_the_author_edits_a_draft(clinician, part2_clinician, active_youth, therapy):
    note = write_note(active_youth, clinician, therapy, sign=False)
    with pytest.raises(ValidationError, match="Only the author"):
        actions.note_sign(note=note, by=part2_clinician)


# --- Part 2 -------------------------------------------------------------------------------


def test_part2_notes_are_hidden_without_the_permission(
    login, clinician, part2_clinician, active_youth, sud, therapy
):
    secret = write_note(active_youth, part2_clinician, sud, text="Fictional SUD session.")
    write_note(active_youth, part2_clinician, therapy, text="Ordinary session.")
    list_url = reverse("services:notes", args=[active_youth.pk])
    detail_url = reverse("services:note_detail", args=[active_youth.pk, secret.pk])
    page = login(clinician).get(list_url)
    assert b"Ordinary session" not in page.content  # list shows no text, only metadata
    assert b"Part 2" not in page.content and len(page.context["notes"]) == 1
    assert login(clinician).get(detail_url).status_code == 404
    # the twin: a team clinician holding the Part 2 permission sees it
    assert len(login(part2_clinician).get(list_url).context["notes"]) == 2
    response = login(part2_clinician).get(detail_url)
    assert response.status_code == 200 and b"Fictional SUD session." in response.content


def test_a_clinician_without_part2_cannot_write_a_part2_note(clinician, active_youth, sud):
    with pytest.raises(ValidationError, match="Part 2"):
        write_note(active_youth, clinician, sud)


def test_export_leaves_part2_notes_out_without_an_active_consent(
    part2_clinician, active_youth, sud, therapy
):
    write_note(active_youth, part2_clinician, sud, text="SUD")
    write_note(active_youth, part2_clinician, therapy, text="Therapy")
    write_note(active_youth, part2_clinician, therapy, text="Draft", sign=False)
    court = ReleaseConsent.Purpose.COURT

    def exported():
        return [n.text for n in selectors.notes_for_export(active_youth, purpose=court)]

    assert exported() == ["Therapy"]
    today = timezone.localdate()
    consent = record_release(
        active_youth, by=part2_clinician, recipient="Fictional Dependency Court", purpose=court,
        signed_on=today, expires_on=today + datetime.timedelta(days=30))  # fmt: skip
    assert sorted(exported()) == ["SUD", "Therapy"]
    # a consent for another purpose does not open this one
    assert [
        n.text
        for n in selectors.notes_for_export(active_youth, purpose=ReleaseConsent.Purpose.PAYMENT)
    ] == ["Therapy"]
    actions.consent_revoke(
        access=youth_access(part2_clinician, active_youth.pk), consent=consent, by=part2_clinician
    )
    assert exported() == ["Therapy"]


def test_expired_consent_opens_nothing(part2_clinician, active_youth, sud):
    write_note(active_youth, part2_clinician, sud, text="SUD")
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    record_release(
        active_youth, by=part2_clinician, recipient="Fictional clinic", purpose="treatment",
        signed_on=long_ago, expires_on=long_ago + datetime.timedelta(days=30))  # fmt: skip
    assert not selectors.notes_for_export(active_youth, purpose="treatment").exists()


@pytest.mark.parametrize("count", [5, 50])
def test_notes_tab_runs_constant_queries(
    count, login, part2_clinician, active_youth, therapy, sud, django_assert_max_num_queries
):
    for i in range(count):
        note = write_note(active_youth, part2_clinician, sud if i % 3 == 0 else therapy)
        if i % 4 == 0:
            actions.note_amend(note=note, text="Addendum", by=part2_clinician)
    client = login(part2_clinician)
    url = reverse("services:notes", args=[active_youth.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["notes"]) == count
