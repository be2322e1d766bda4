"""Releases of information: who may be given what, until when, with the signed form filed as a
document; a release covering substance-use treatment records is the Part 2 consent, seen and
recorded only under the Part 2 grant, and the Part 2 disclosure rules read these same rows."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import YouthDocument
from chance.access import youth_access
from chance.audit.models import AccessLog
from services import actions, selectors
from services.models import ReleaseConsent
from tests.factories import record_release

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n(Canary signed release)\n%%EOF\n"


def _url(youth):
    return reverse("services:consents", args=[youth.pk])


def _record(client, youth, *, content=PDF, name="release.pdf", **fields):
    data = {
        "recipient": "Fictional Middle School",
        "information": "Attendance and grades",
        "purpose": "education",
        "signed_on": timezone.localdate().isoformat(),
        "signed_form": SimpleUploadedFile(name, content, content_type="application/pdf"),
        **fields,
    }
    return client.post(_url(youth), data)


def test_a_coordinator_records_a_release_with_its_signed_form(
    login, coordinator, clinician, active_youth, document_root
):
    response = _record(login(coordinator), active_youth)
    assert response.status_code == 302
    release = ReleaseConsent.objects.get()
    assert (release.recipient, release.covers_part2) == ("Fictional Middle School", False)
    form = release.signed_form
    assert form.youth == active_youth and form.kind == YouthDocument.Kind.RELEASE
    assert b"Canary" not in (document_root / form.stored_name).read_bytes()
    # The team sees it, and opens the signed form from the list.
    client = login(clinician)
    page = client.get(_url(active_youth)).content.decode()
    assert "Fictional Middle School" in page and "In force" in page
    download = reverse("cases:document_download", args=[active_youth.pk, form.public_id])
    assert download in page
    assert client.get(download).content == PDF


def test_a_bad_signed_form_is_refused_next_to_the_field_and_nothing_is_kept(
    login, coordinator, active_youth, document_root
):
    response = _record(
        login(coordinator), active_youth, content=b"just some text", name="release.pdf"
    )
    assert response.status_code == 400
    assert "is not a PDF, a picture" in response.context["form"].errors["signed_form"][0]
    assert not ReleaseConsent.objects.exists() and not YouthDocument.objects.exists()
    assert not document_root.exists() or os.listdir(document_root) == []
    # What was typed is still there to correct.
    assert response.context["form"]["recipient"].value() == "Fictional Middle School"


def test_a_release_refused_after_its_form_was_stored_leaves_no_file(
    coordinator, active_youth, document_root
):
    with pytest.raises(Exception):  # noqa: B017, PT011 - the database refuses the row
        actions.consent_record(
            access=youth_access(coordinator, active_youth.pk),
            by=coordinator,
            recipient="x" * 201,  # longer than the column
            information="Grades",
            purpose="education",
            signed_on=timezone.localdate(),
            signed_form=(PDF, "application/pdf"),
        )
    assert not ReleaseConsent.objects.exists() and not YouthDocument.objects.exists()
    assert not document_root.exists() or os.listdir(document_root) == []


def test_only_a_part2_reader_sees_records_and_revokes_a_part2_release(
    login, coordinator, clinician, part2_clinician, active_youth
):
    response = _record(
        login(part2_clinician),
        active_youth,
        recipient="Fictional Recovery Clinic",
        information="Substance use treatment notes",
        purpose="treatment",
        covers_part2="on",
    )
    assert response.status_code == 302
    release = ReleaseConsent.objects.get()
    assert release.covers_part2 and release.signed_form.kind == YouthDocument.Kind.PART2
    assert "Fictional Recovery Clinic" in login(part2_clinician).get(_url(active_youth)).text
    download = reverse(
        "cases:document_download", args=[active_youth.pk, release.signed_form.public_id]
    )
    revoke = reverse("services:consent_revoke", args=[active_youth.pk, release.pk])
    # Its twins: the team clinician and the coordinator without Part 2 see no trace of it.
    for user in (clinician, coordinator):
        client = login(user)
        page = client.get(_url(active_youth))
        assert page.status_code == 200 and "Fictional Recovery Clinic" not in page.text
        assert 'name="covers_part2"' not in page.text
        assert client.get(download).status_code == 404
        assert client.post(revoke).status_code == 404
    release.refresh_from_db()
    assert release.revoked_on is None
    assert login(part2_clinician).post(revoke).status_code == 302
    release.refresh_from_db()
    assert release.revoked_on == timezone.localdate()


def test_a_coordinator_cannot_make_a_release_cover_part2(login, coordinator, active_youth):
    _record(login(coordinator), active_youth, covers_part2="on")
    assert ReleaseConsent.objects.get().covers_part2 is False  # the box is not theirs to tick
    with pytest.raises(Exception, match="Part 2"):  # noqa: PT011
        record_release(active_youth, by=coordinator, purpose="court", covers_part2=True)


def test_a_clinician_off_the_team_does_not_see_releases(
    login, coordinator, clinician2, active_youth
):
    record_release(active_youth, by=coordinator, purpose="education", covers_part2=False)
    assert login(coordinator).get(_url(active_youth)).status_code == 200
    assert login(clinician2).get(_url(active_youth)).status_code == 404
    row = AccessLog.objects.filter(user=clinician2, youth_id=active_youth.pk).latest("id")
    assert row.action == AccessLog.Action.DENIED


def test_only_a_release_covering_part2_opens_part2_notes(part2_clinician, active_youth, sud):
    actions.note_save(
        youth=active_youth, service_type=sud, by=part2_clinician, sign=True, text="SUD",
        minutes=50, setting="office", occurred_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    court = ReleaseConsent.Purpose.COURT
    record_release(active_youth, by=part2_clinician, purpose=court, covers_part2=False)
    assert not selectors.notes_for_export(active_youth, purpose=court).exists()
    record_release(active_youth, by=part2_clinician, purpose=court, covers_part2=True)
    assert [n.text for n in selectors.notes_for_export(active_youth, purpose=court)] == ["SUD"]


def test_a_signed_form_filed_later_and_only_once(login, coordinator, active_youth):
    release = record_release(active_youth, by=coordinator, purpose="education", covers_part2=False)
    url = reverse("services:consent_attach_form", args=[active_youth.pk, release.pk])
    client = login(coordinator)
    bad = client.post(url, {"signed_form": SimpleUploadedFile("a.pdf", b"text")})
    assert bad.status_code == 400 and "is not a PDF" in bad.text
    good = client.post(url, {"signed_form": SimpleUploadedFile("a.pdf", PDF)})
    assert good.status_code == 302
    release.refresh_from_db()
    assert release.signed_form.kind == YouthDocument.Kind.RELEASE
    again = client.post(url, {"signed_form": SimpleUploadedFile("a.pdf", PDF)}, follow=True)
    assert "already has its signed form" in again.text
    assert YouthDocument.objects.count() == 1


def test_expiry_and_revocation_end_a_release(part2_clinician, active_youth):
    today = timezone.localdate()
    old = record_release(
        active_youth,
        by=part2_clinician,
        purpose="court",
        signed_on=today - datetime.timedelta(days=400),
        expires_on=today - datetime.timedelta(days=35),
    )
    assert not old.is_active()
    assert not selectors.active_part2_consents(active_youth, purpose="court").exists()
    with pytest.raises(Exception, match="already been revoked"):  # noqa: PT011
        access = youth_access(part2_clinician, active_youth.pk)
        actions.consent_revoke(access=access, consent=old, by=part2_clinician)
        actions.consent_revoke(access=access, consent=old, by=part2_clinician)


def test_the_releases_page_costs_the_same_for_many_releases(login, coordinator, active_youth):
    client = login(coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(active_youth)).status_code == 200
        return len(queries)

    record_release(active_youth, by=coordinator, purpose="education", covers_part2=False)
    few = count()
    for n in range(6):
        record_release(
            active_youth,
            by=coordinator,
            purpose="caseworker",
            covers_part2=False,
            signed_form=(PDF, "application/pdf") if n % 2 else None,
        )
    assert count() == few


def test_the_audit_trail_shows_a_part2_release_to_part2_readers_only(
    supervisor, part2_clinician, active_youth
):
    from chance.audit import trail

    source = trail.source_by_key("services.historicalreleaseconsent")
    part2 = record_release(active_youth, by=part2_clinician, purpose="court")
    school = record_release(
        active_youth, by=part2_clinician, purpose="education", covers_part2=False
    )
    part2_row, school_row = part2.history.get(), school.history.get()
    # The team's supervisor sees the school release's values, not the Part 2 one's; its twin,
    # the Part 2 clinician, sees both.
    assert trail.may_see_values(supervisor, source, school_row, active_youth)
    assert not trail.may_see_values(supervisor, source, part2_row, active_youth)
    assert trail.may_see_values(part2_clinician, source, part2_row, active_youth)
