"""A coordinator on a phone (390 px) keeps a youth's documents: adds a court order (a PDF),
finds it listed, adds an amended version, downloads both and gets back the very bytes sent,
then tries a text file renamed .pdf, which is refused next to the file field with no new row.
And, on the same phone, records a judicial review through the court hearing form and finds it
on the youth's Court tab."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from cases.models import CourtHearing, YouthDocument
from tests.e2e.conftest import (
    check_accessibility,
    follow,
    moment,
    screenshot,
    sign_in,
    status_message,
    submit,
)

PHONE = {"width": 390, "height": 844}
DESCRIPTION = "Dependency order, fictional"
FILE = re.compile(r"^File\W*$")  # the label ends with the required mark


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF saying ``text``: header, four objects, a cross-reference table whose
    offsets are the real ones, trailer; what a PDF reader opens."""
    stream = f"BT /F1 18 Tf 40 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


ORDER = minimal_pdf("Fictional dependency order")
AMENDED = minimal_pdf("Fictional dependency order, amended")


@pytest.fixture(autouse=True)
def _document_storage(settings, tmp_path):
    """The live server keeps the uploaded files under this test's own directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }


def on_the_phone(page, name):
    """Nothing wider than the phone (no sideways scrolling); a full-page screenshot."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    screenshot(page, f"journey-documents-{name}-390")


def open_section(page, name):
    """The record's sections are folded into a menu on a phone: open it, follow ``name``."""
    sections = page.get_by_role("navigation", name="Youth record")
    sections.locator("summary").click()
    follow(page, name, within=sections)


def pdf_file(name, content, mime="application/pdf"):
    return {"name": name, "mimeType": mime, "buffer": content}


def downloaded(page, link):
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, download.path().read_bytes()


def rows(page):
    return page.locator("table.usa-table tbody tr")


def test_a_coordinator_adds_versions_downloads_them_and_a_fake_pdf_is_refused(
    page, coordinator, youth
):
    page.set_viewport_size(PHONE)
    sign_in(page, coordinator)
    page.goto(f"/youths/{youth.pk}/")
    open_section(page, "Documents")
    expect(page.get_by_text("No documents you may see are in this youth's file.")).to_be_visible()
    on_the_phone(page, "empty")

    # The court order, through the form under the list.
    page.get_by_label("Kind").select_option(label="Court order")
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label(FILE).set_input_files(pdf_file("order.pdf", ORDER))
    submit(page, "Add document")
    assert status_message(page) == "Document added."
    expect(rows(page)).to_have_count(1)
    row = rows(page).first
    expect(row.get_by_role("rowheader")).to_have_text(DESCRIPTION)
    expect(row).to_contain_text("Court order")
    expect(row.get_by_role("link", name="Version 1 (download)")).to_be_visible()
    on_the_phone(page, "one")

    # An amended version: the earlier one is kept and still listed.
    row.locator("summary", has_text="Add a new version").click()
    new_version = row.get_by_label(re.compile(r"^New version\W*$"))
    new_version.set_input_files(pdf_file("amended.pdf", AMENDED))
    submit(page, "Add version")
    assert status_message(page) == "New version added; the earlier ones are kept."
    expect(rows(page)).to_have_count(1)
    row = rows(page).first
    newest = row.get_by_role("link", name="Version 2 (download)")
    oldest = row.get_by_role("link", name="Version 1 (download)")
    expect(newest).to_be_visible()
    expect(oldest).to_be_visible()
    on_the_phone(page, "two-versions")

    # Each version downloads as the bytes that were sent, named by its public id only.
    first, second = YouthDocument.objects.order_by("version")
    name, content = downloaded(page, newest)
    assert content == AMENDED and name == f"document-{second.public_id}.pdf"
    name, content = downloaded(page, oldest)
    assert content == ORDER and name == f"document-{first.public_id}.pdf"
    assert PdfReader(io.BytesIO(content)).pages[0].extract_text() == "Fictional dependency order"

    assert page.console_errors == []

    # A text file named .pdf (and sent as a PDF) is refused by its bytes, next to the field.
    page.get_by_label("Kind").select_option(label="Court order")
    page.get_by_label("Description").fill("Not really a PDF")
    page.get_by_label(FILE).set_input_files(
        pdf_file("order-copy.pdf", b"Just some notes typed into a text editor.\n")
    )
    submit(page, "Add document")
    error = "This file is not a PDF, a picture (PNG, JPEG, GIF) or a Word document."
    field = page.get_by_label(FILE)
    expect(field).to_have_accessible_name("File")  # its label, not USWDS's English instructions
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(error)))
    expect(page.locator(".usa-form-group", has=field).locator(".usa-error-message")).to_have_text(
        error
    )
    expect(rows(page)).to_have_count(1)
    expect(page.get_by_role("rowheader", name="Not really a PDF")).to_have_count(0)
    assert YouthDocument.objects.count() == 2
    on_the_phone(page, "refused")
    # The refusal answers 400, which the browser logs; nothing else.
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]


def test_a_coordinator_records_a_judicial_review_and_finds_it_on_the_court_tab(
    page, coordinator, youth
):
    held = timezone.localtime() + datetime.timedelta(days=21)
    held = held.replace(hour=9, minute=30, second=0, microsecond=0)
    page.set_viewport_size(PHONE)
    sign_in(page, coordinator)
    page.goto(f"/youths/{youth.pk}/")
    open_section(page, "Court")
    expect(page.get_by_text("No court hearing is recorded.")).to_be_visible()
    on_the_phone(page, "court-empty")

    follow(page, "Record a court hearing")
    on_the_phone(page, "court-form")
    page.get_by_label("Type of hearing").select_option(label="Judicial review")
    page.get_by_label("Date and time").fill(moment(held))
    page.get_by_label(re.compile(r"^Court\W*$")).fill("Fictional Circuit Court, Courtroom 4")
    page.get_by_label("Judge").fill("Judge Fiction")
    submit(page, "Save hearing")
    assert status_message(page) == "Court hearing recorded."

    hearing = CourtHearing.objects.get(youth=youth)
    assert hearing.kind == CourtHearing.Kind.JUDICIAL_REVIEW and hearing.held_at == held
    assert hearing.recorded_by == coordinator
    card = page.locator(".court-hearings li")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", level=3)).to_contain_text("Judicial review")
    expect(card).to_contain_text("Fictional Circuit Court, Courtroom 4")
    expect(card).to_contain_text("Judge Fiction")
    expect(card).to_contain_text("Not recorded yet.")
    expect(card.get_by_role("link", name="Edit hearing")).to_be_visible()
    on_the_phone(page, "court-one")
    check_accessibility(page)
    assert page.console_errors == []
