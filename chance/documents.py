"""Stored documents: the bytes of a court order, a consent or a licence, kept encrypted.

A document's bytes are checked (size, and the kind of file read from the bytes themselves, never
from the name or the browser's word), encrypted with the field-encryption keys
(``chance.crypto``) and saved through the ``documents`` storage (``settings.STORAGES``) under a
random name, so neither the storage nor a backup of it reveals a name or a line of a document.
A model keeps the stored name in a :class:`StoredFileField`; ``manage.py rotate_field_keys``
finds every such column and re-encrypts the files it names (``chance.security.rotation``).
"""

import uuid
import zipfile
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models import Max
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .crypto import decrypt_bytes, encrypt_bytes, rotate_bytes

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a legacy Word (.doc) file's compound-file header

# What a document may be, by content type: the name the download gets after its first bytes.
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
}


def sniff(data: bytes) -> str | None:
    """The content type the bytes are (magic numbers), or None for anything we do not keep."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(OLE):
        return "application/msword"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


def storage():
    return storages["documents"]


def store(data: bytes) -> str:
    """Encrypt ``data`` and save it under a new random name; returns the stored name."""
    return storage().save(uuid.uuid4().hex, ContentFile(encrypt_bytes(data)))


def read(name: str) -> bytes:
    with storage().open(name, "rb") as stored:
        return decrypt_bytes(stored.read())


def discard(name: str) -> None:
    storage().delete(name)


def save_with_file(document, content: bytes):
    """Save ``document`` (a model with a ``stored_name``) with ``content`` stored encrypted
    first; if the row is refused, the stored file is removed again, so a refused upload leaves
    nothing behind."""
    document.stored_name = store(content)
    try:
        with transaction.atomic():
            document.save()
    except BaseException:
        discard(document.stored_name)
        raise
    return document


def grouped_by_series(rows):
    """Rows ordered newest version first within each series, as one row per series (its newest
    version) carrying the earlier versions in ``older``, in the order the series came."""
    series = {}
    for row in rows:
        if row.series in series:
            series[row.series].older.append(row)
        else:
            row.older = []
            series[row.series] = row
    return list(series.values())


def download(document) -> HttpResponse:
    """The decrypted file of one version as an attachment that no cache keeps, named only by
    its public id; the caller has checked who may have it and logged the export."""
    extension = EXTENSIONS.get(document.content_type, "bin")
    response = HttpResponse(read(document.stored_name), content_type=document.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="document-{document.public_id}.{extension}"'
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def restore_with_newest_key(name: str) -> str:
    """Re-encrypt the stored file with the newest key under a new random name (the old file is
    left for the caller to delete once the row names the new one); returns the new name."""
    with storage().open(name, "rb") as stored:
        token = stored.read()
    return storage().save(uuid.uuid4().hex, ContentFile(rotate_bytes(token)))


class StoredFileField(models.CharField):
    """The random name of an encrypted file in the ``documents`` storage."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)


class StoredDocument(models.Model):
    """One version of a stored document (a youth's court order, a home's licence): a new
    version is a new row of the same ``series`` with the next ``version``; nothing is ever
    overwritten. ``public_id`` is the only way a URL names a version. Each concrete model
    adds what the document is about, its kinds, and the constraint on (series, version)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    series = models.UUIDField(_("document"), default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    stored_name = StoredFileField(editable=False, unique=True)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True


def next_version(model, series) -> int:
    return model.objects.filter(series=series).aggregate(top=Max("version"))["top"] + 1


class DocumentFileField(forms.FileField):
    """An uploaded document: at most DOCUMENT_MAX_BYTES, and a PDF, an image (PNG, JPEG, GIF)
    or a Word file by its bytes. ``clean`` gives ``(bytes, content_type)``."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        limit = settings.DOCUMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is larger than %(limit)s; send a smaller one.")
                % {"limit": filesizeformat(limit)},
                code="too_big",
            )
        content = upload.read()
        content_type = sniff(content)
        if content_type is None:
            raise forms.ValidationError(
                _("This file is not a PDF, a picture (PNG, JPEG, GIF) or a Word document."),
                code="content_type",
            )
        return content, content_type


def version_form_ids(series) -> str:
    """``auto_id`` for one document's new-version form: a page lists several, each needs its
    own field ids."""
    return f"id_v{series}_%s"


def give_version_forms(documents, form_class, *, failed=None, version_form=None):
    """Give each listed document its new-version form (``doc.version_form``); the series whose
    upload was refused (``failed``) keeps the bound form with its errors."""
    for doc in documents:
        doc.version_form = (
            version_form
            if failed == doc.series
            else form_class(auto_id=version_form_ids(doc.series))
        )


def simple_pdf(*lines: str) -> bytes:
    """A one-page PDF of plain text lines (Helvetica, Latin-1): the demo's fictional scans."""

    def text(line):
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped}) '"

    content = "BT /F1 12 Tf 16 TL 72 740 Td " + " ".join(text(line) for line in lines) + " ET"
    body = content.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
