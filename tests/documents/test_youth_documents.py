"""Documents in a youth's file: encrypted at rest, checked by their bytes, versioned, shown and
sent by the access policy and the document's kind, downloads logged as exports."""

import io
import os

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cases.models import YouthDocument
from chance import crypto, documents
from chance.audit.models import AccessLog

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n(Canary court order text)\n%%EOF\n"


def stored_files(root):
    return sorted(os.listdir(root)) if root.exists() else []


def upload(client, youth, *, kind="court_order", content=PDF, name="order.pdf", **extra):
    data = {
        "kind": kind,
        "date": "2026-11-02",
        "description": "Dependency order",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        **extra,
    }
    return client.post(reverse("cases:documents", args=[youth.pk]), data)


def only_document():
    return YouthDocument.objects.get()


def download_url(youth, document):
    return reverse("cases:document_download", args=[youth.pk, document.public_id])


def test_the_stored_bytes_do_not_hold_the_text(login, coordinator, youth, document_root):
    response = upload(login(coordinator), youth)
    assert response.status_code == 302
    document = only_document()
    files = stored_files(document_root)
    assert files == [document.stored_name]
    assert "order" not in document.stored_name
    raw = (document_root / document.stored_name).read_bytes()
    assert b"Canary" not in raw and b"%PDF" not in raw
    assert document.content_type == "application/pdf" and document.size == len(PDF)


def test_the_team_downloads_it_with_safe_headers(login, coordinator, clinician, youth):
    upload(login(coordinator), youth)
    document = only_document()
    client = login(clinician)
    response = client.get(download_url(youth, document))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="document-{document.public_id}.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    row = AccessLog.objects.filter(user=clinician, youth_id=youth.pk).latest("id")
    assert row.action == AccessLog.Action.EXPORTED


def test_a_clinician_off_the_team_gets_404_and_a_denied_row(login, coordinator, clinician2, youth):
    upload(login(coordinator), youth)
    document = only_document()
    response = login(clinician2).get(download_url(youth, document))
    assert response.status_code == 404
    row = AccessLog.objects.filter(user=clinician2, youth_id=youth.pk).get()
    assert row.action == AccessLog.Action.DENIED


def test_a_medical_document_is_refused_to_the_coordinator(login, coordinator, clinician, youth):
    response = upload(login(coordinator), youth, kind="medical")
    assert response.status_code == 400  # not among the kinds a coordinator may add
    assert not YouthDocument.objects.exists()
    assert upload(login(clinician), youth, kind="medical").status_code == 302
    document = only_document()
    client = login(coordinator)
    assert client.get(download_url(youth, document)).status_code == 404
    page = client.get(reverse("cases:documents", args=[youth.pk]))
    assert page.status_code == 200 and document.description not in page.content.decode()
    assert login(clinician).get(download_url(youth, document)).status_code == 200


def test_an_identity_document_is_refused_to_the_supervisor(login, coordinator, supervisor, youth):
    upload(login(coordinator), youth, kind="identity")
    document = only_document()
    assert login(supervisor).get(download_url(youth, document)).status_code == 404
    assert login(coordinator).get(download_url(youth, document)).status_code == 200


@pytest.mark.parametrize(
    "content, message",
    [
        (b"MZ\x90\x00 an executable", "is not a PDF"),
        (b"<html><script>alert(1)</script></html>", "is not a PDF"),
        (b"%PDF-" + b"x" * 2048, "larger than"),
    ],
)
def test_a_refused_file_leaves_nothing(
    login, coordinator, youth, settings, content, message, document_root
):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = upload(login(coordinator), youth, content=content)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert any(message in e for e in errors)
    assert message in response.content.decode()
    assert not YouthDocument.objects.exists()
    assert stored_files(document_root) == []


def test_a_refused_row_removes_its_stored_file(login, coordinator, youth, document_root):
    def fails(*args, **kwargs):
        raise RuntimeError("database down")

    client = login(coordinator)
    original = YouthDocument.save
    YouthDocument.save = fails
    try:
        with pytest.raises(RuntimeError):
            upload(client, youth)
    finally:
        YouthDocument.save = original
    assert stored_files(document_root) == []


def test_a_word_file_is_recognised_by_its_bytes():
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert documents.sniff(archive.getvalue()).endswith("wordprocessingml.document")
    assert documents.sniff(documents.OLE + b"rest") == "application/msword"
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("a.txt", "x")
    assert documents.sniff(plain_zip.getvalue()) is None


def test_a_new_version_keeps_the_old_one(login, coordinator, clinician, youth):
    client = login(coordinator)
    upload(client, youth)
    first = only_document()
    second_pdf = PDF.replace(b"Canary", b"Amended")
    response = client.post(
        reverse("cases:document_version", args=[youth.pk, first.public_id]),
        {"file": SimpleUploadedFile("v2.pdf", second_pdf)},
    )
    assert response.status_code == 302
    versions = list(YouthDocument.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].series == versions[1].series
    assert versions[0].stored_name != versions[1].stored_name
    reader = login(clinician)
    assert reader.get(download_url(youth, versions[0])).content == PDF
    assert reader.get(download_url(youth, versions[1])).content == second_pdf


def test_the_database_refuses_two_rows_with_one_version(login, coordinator, youth):
    from django.db import IntegrityError, transaction

    upload(login(coordinator), youth)
    first = only_document()
    with pytest.raises(IntegrityError), transaction.atomic():
        YouthDocument.objects.create(
            youth=youth,
            series=first.series,
            version=1,
            kind=first.kind,
            date=first.date,
            description="overwrite",
            stored_name="other",
            content_type="application/pdf",
            size=1,
            uploaded_by=coordinator,
        )


def test_key_rotation_re_encrypts_documents(login, coordinator, youth, settings, document_root):
    upload(login(coordinator), youth)
    before = only_document().stored_name
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    crypto.reset_keys_cache()
    try:
        out = io.StringIO()
        call_command("rotate_field_keys", stdout=out)
        assert "cases.YouthDocument.stored_name (files): 1" in out.getvalue()
        settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key retired
        crypto.reset_keys_cache()
        document = only_document()
        assert document.stored_name != before
        assert stored_files(document_root) == [document.stored_name]
        raw = (document_root / document.stored_name).read_bytes()
        assert Fernet(new_key.encode()).decrypt(raw) == PDF
        assert documents.read(document.stored_name) == PDF
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old_key]
        crypto.reset_keys_cache()


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_page_queries_stay_flat(
    login, coordinator, youth, count, django_assert_max_num_queries
):
    client = login(coordinator)
    for _ in range(count):
        upload(client, youth)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("cases:documents", args=[youth.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("(download)") == count


def test_the_list_page_makes_as_many_queries_for_8_documents_as_for_2(
    login, coordinator, youth, django_assert_num_queries
):
    """Each document shown with two versions: the page's query count does not depend on how
    many there are (no query per row, per version or per uploader)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(coordinator)
    page = reverse("cases:documents", args=[youth.pk])

    def add_documents(total):
        while YouthDocument.objects.filter(version=1).count() < total:
            upload(client, youth, kind="school")
            first = YouthDocument.objects.latest("id")
            client.post(
                reverse("cases:document_version", args=[youth.pk, first.public_id]),
                {"file": SimpleUploadedFile("v2.pdf", PDF)},
            )
        client.get(page)  # the session's caches warmed, as on any later visit

    def shown(response, total):
        assert response.status_code == 200
        assert response.content.decode().count("(download)") == 2 * total

    add_documents(2)
    with CaptureQueriesContext(connection) as two:
        shown(client.get(page), 2)
    queries = len(two.captured_queries)  # now: the next request's end empties the log
    add_documents(8)
    with django_assert_num_queries(queries):
        shown(client.get(page), 8)


def test_each_file_input_is_named_by_its_own_label(login, coordinator, youth):
    """The USWDS file input script gives the input an English aria-label ('Drag file here or
    choose from folder'); aria-labelledby keeps the field's label ('File', 'New version', in
    the reader's language) its accessible name."""
    import re

    client = login(coordinator)
    upload(client, youth)
    page = client.get(reverse("cases:documents", args=[youth.pk])).content.decode()
    inputs = re.findall(r'<input type="file"[^>]*>', page)
    assert len(inputs) == 2  # the new document's and the new version's
    for tag in inputs:
        field_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'aria-labelledby="{field_id}_label"' in tag
        assert re.search(rf'<label [^>]*for="{field_id}" id="{field_id}_label">', page)


def test_in_an_s3_bucket_the_object_is_ciphertext_and_still_opens(
    settings, monkeypatch, login, coordinator, clinician, youth
):
    """DOCUMENT_STORAGE=s3, against moto's in-process S3: what lands in the bucket is as
    unreadable as on disk, under a random name, and the team still downloads the PDF."""
    import boto3
    from django.core.exceptions import ImproperlyConfigured
    from moto import mock_aws

    from chance.settings import document_storage

    for name, value in {
        "AWS_ACCESS_KEY_ID": "fictional",
        "AWS_SECRET_ACCESS_KEY": "fictional",
        "DOCUMENT_STORAGE": "s3",
        "DOCUMENT_S3_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match="DOCUMENT_S3_BUCKET"):
        document_storage()
    monkeypatch.setenv("DOCUMENT_S3_BUCKET", "chance-documents")
    with mock_aws():
        bucket = boto3.resource("s3", region_name="us-east-1").Bucket("chance-documents")
        bucket.create()
        settings.STORAGES = {**settings.STORAGES, "documents": document_storage()}
        assert upload(login(coordinator), youth).status_code == 302
        document = only_document()
        [stored] = list(bucket.objects.all())
        assert stored.key == f"documents/{document.stored_name}"
        raw = stored.get()["Body"].read()
        assert b"Canary" not in raw and b"%PDF" not in raw
        response = login(clinician).get(download_url(youth, document))
        assert response.status_code == 200 and response.content == PDF
