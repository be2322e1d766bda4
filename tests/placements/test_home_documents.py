"""Documents on a home or a caregiver (license, training certificates, screenings): encrypted
at rest, checked by their bytes, versioned, seen by those who keep the home, every download an
export row in the access log."""

import datetime
import io
import os

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chance import crypto
from chance.accounts import roles
from chance.audit.models import AccessLog
from placements import actions
from placements.models import HomeDocument
from tests.factories import make_user

from .conftest import make_home

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n(Canary foster home license)\n%%EOF\n"
TODAY = timezone.localdate()


def _list(home):
    return reverse("placements:home_documents", args=[home.pk])


def _download(document):
    return reverse("placements:home_document_download", args=[document.home_id, document.public_id])


def _upload(client, home, *, content=PDF, **fields):
    data = {
        "kind": "license",
        "date": (TODAY - datetime.timedelta(days=30)).isoformat(),
        "expires_on": (TODAY + datetime.timedelta(days=335)).isoformat(),
        "description": "Foster home license",
        "file": SimpleUploadedFile("license.pdf", content, content_type="application/pdf"),
        **fields,
    }
    return client.post(_list(home), data)


def _file(home, by, **fields):
    return actions.home_document_add(
        home=home,
        by=by,
        kind=fields.pop("kind", "training"),
        date=fields.pop("date", TODAY),
        description=fields.pop("description", "CSEC training certificate"),
        content=fields.pop("content", PDF),
        content_type="application/pdf",
        **fields,
    )


def test_a_coordinator_files_a_license_and_its_bytes_are_unreadable_on_disk(
    login, coordinator, home, document_root
):
    assert _upload(login(coordinator), home).status_code == 302
    document = HomeDocument.objects.get()
    assert os.listdir(document_root) == [document.stored_name]
    raw = (document_root / document.stored_name).read_bytes()
    assert b"Canary" not in raw and b"%PDF" not in raw
    page = login(coordinator).get(_list(home)).text
    assert "Foster home license" in page and _download(document) in page


def test_the_download_is_an_attachment_never_cached_and_an_export_row(login, coordinator, home):
    document = _file(home, coordinator)
    response = login(coordinator).get(_download(document))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"] == (
        f'attachment; filename="document-{document.public_id}.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    row = AccessLog.objects.filter(user=coordinator, action=AccessLog.Action.EXPORTED).get()
    assert row.object_ref == f"placements.HomeDocument:{document.pk}"


def test_the_homes_support_staff_see_them_and_others_get_404(
    login, coordinator, support, clinician, home
):
    document = _file(home, coordinator)
    other_home = make_home(by=coordinator, code="H-08")
    actions.support_assignment_create(home=other_home, user=support, by=coordinator)
    # Support staff of another home, and a clinician (no home of theirs): refused.
    for outsider in (support, clinician):
        client = login(outsider)
        assert client.get(_list(home)).status_code == 404
        assert client.get(_download(document)).status_code == 404
    # Once assigned to this home, the support worker sees its papers, but may not file one.
    actions.support_assignment_create(home=home, user=support, by=coordinator)
    client = login(support)
    assert client.get(_download(document)).status_code == 200
    page = client.get(_list(home))
    assert page.status_code == 200 and 'name="file"' not in page.text
    assert _upload(client, home).status_code == 404
    assert HomeDocument.objects.count() == 1


def test_a_wrong_file_or_an_oversized_one_is_refused_next_to_the_field(
    login, coordinator, home, document_root, settings
):
    client = login(coordinator)
    response = _upload(client, home, content=b"plain text pretending to be a PDF")
    assert response.status_code == 400
    assert "is not a PDF, a picture" in response.context["form"].errors["file"][0]
    settings.DOCUMENT_MAX_BYTES = 20
    response = _upload(client, home)
    assert response.status_code == 400
    assert "larger than" in response.context["form"].errors["file"][0]
    assert response.context["form"]["description"].value() == "Foster home license"
    assert not HomeDocument.objects.exists()
    assert not document_root.exists() or os.listdir(document_root) == []


def test_a_caregiver_of_another_home_is_refused(coordinator, home):
    other = make_home(by=coordinator, code="H-09")
    with pytest.raises(Exception, match="not one of this home"):  # noqa: PT011
        _file(home, coordinator, caregiver=other.caregivers.get())
    assert _file(home, coordinator, caregiver=home.caregivers.get()).caregiver is not None


def test_a_renewed_license_is_a_new_version_and_the_old_one_stays(login, coordinator, home):
    first = _file(home, coordinator, kind="license", expires_on=TODAY + datetime.timedelta(days=10))
    url = reverse("placements:home_document_version", args=[home.pk, first.public_id])
    renewed = TODAY + datetime.timedelta(days=375)
    response = login(coordinator).post(
        url,
        {
            "file": SimpleUploadedFile("renewed.pdf", PDF + b"renewed"),
            "expires_on": renewed.isoformat(),
        },
    )
    assert response.status_code == 302
    second = HomeDocument.objects.get(version=2)
    assert (second.series, second.expires_on) == (first.series, renewed)
    first.refresh_from_db()
    assert first.expires_on == TODAY + datetime.timedelta(days=10)  # never overwritten
    page = login(coordinator).get(_list(home)).text
    assert _download(first) in page and _download(second) in page


def test_rotation_re_encrypts_home_documents_and_they_still_open(
    login, coordinator, home, document_root, settings
):
    document = _file(home, coordinator)
    before = document.stored_name
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    crypto.reset_keys_cache()
    try:
        out = io.StringIO()
        call_command("rotate_field_keys", stdout=out)
        assert "placements.HomeDocument.stored_name (files): 1" in out.getvalue()
        settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key retired
        crypto.reset_keys_cache()
        document.refresh_from_db()
        assert document.stored_name != before
        assert os.listdir(document_root) == [document.stored_name]
        raw = (document_root / document.stored_name).read_bytes()
        assert Fernet(new_key.encode()).decrypt(raw) == PDF
        assert login(coordinator).get(_download(document)).content == PDF
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old_key]
        crypto.reset_keys_cache()


def test_the_documents_page_costs_the_same_for_many_documents(login, coordinator, home):
    client = login(coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_list(home)).status_code == 200
        return len(queries)

    # Several uploaders (created first: a new user with a role resets the permission cache).
    uploaders = [make_user(f"coord{n}", roles.COORDINATOR) for n in range(6)]
    _file(home, coordinator)
    few = count()
    for uploader in uploaders:
        previous = _file(home, uploader, caregiver=home.caregivers.get())
        actions.home_document_new_version(
            previous=previous, by=coordinator, content=PDF, content_type="application/pdf"
        )
    assert count() == few
