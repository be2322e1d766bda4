"""Encrypted ZIP exports: a youth's record bundle and a program's report data.

The file opens with the password in a standard tool (7-Zip, installed by .ci/run) and in
pyzipper, and Python's plain zipfile cannot read it; a wrong password opens nothing. Who may
download it is who may print the summary (or download a report CSV); it needs a recent sign-in,
is an export in the access log, and the password is never echoed, logged or kept.
"""

import datetime
import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest
import pyzipper
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.audit.models import AccessLog
from chance.security import stamps
from placements import actions as placement_actions
from placements.models import Placement
from services import actions as services_actions
from services.models import ReleaseConsent

# Fixtures of the services tests: an active CRT youth, a team clinician with Part 2 permission.
from tests.factories import record_release
from tests.placements.conftest import make_active_youth, make_home
from tests.services.conftest import (  # noqa: F401
    CRAFFT_NEGATIVE,
    active_youth,
    crafft,
    part2_clinician,
    sud,
    therapy,
)

PASSWORD = "purple-ocean-lantern-42"
HOME_ADDRESS = "77 Hidden Mangrove Way"


def _url(youth):
    return f"/reports/youths/{youth.pk}/export/"


def _post(client, youth, *, password=PASSWORD, again=None, purpose="treatment"):
    return client.post(
        _url(youth),
        {"purpose": purpose, "password": password, "password_again": again or password},
    )


def _files(response, password=PASSWORD):
    """{name: text} of the ZIP in ``response``, read with pyzipper and the password."""
    with pyzipper.AESZipFile(io.BytesIO(response.content)) as archive:
        archive.setpassword(password.encode())
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def _note(youth, service, by, *, text="Fictional session.", days_ago=2):
    return services_actions.note_save(
        youth=youth,
        service_type=service,
        occurred_at=timezone.now() - datetime.timedelta(days=days_ago),
        minutes=45,
        setting="office",
        text=text,
        by=by,
        sign=True,
    )


def _seven_zip():
    tool = shutil.which("7zz") or shutil.which("7z")
    if tool is None:
        message = "needs 7-Zip (Debian's 7zip package, which .ci/run installs)"
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    return tool


@pytest.fixture
def record(clinician, coordinator, therapy, crafft):
    """An STFC youth on ``clinician``'s team with a signed note, a draft, a final assessment, a
    placement in a home with an address, and an open missing episode: all written through the
    real actions."""
    youth = make_active_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    _note(youth, therapy, clinician, text="Talked about school and her sister.")
    services_actions.note_save(
        youth=youth,
        service_type=therapy,
        occurred_at=timezone.now(),
        minutes=30,
        setting="office",
        text="An unsigned draft paragraph.",
        by=clinician,
    )
    services_actions.assessment_save(
        youth=youth,
        instrument=crafft,
        responses=CRAFFT_NEGATIVE,
        administered_on=timezone.localdate(),
        by=clinician,
        finalize=True,
    )
    home = make_home(by=coordinator, code="H-31", address=HOME_ADDRESS)
    placement_actions.placement_start(
        youth=youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    placement_actions.missing_episode_open(
        youth=youth,
        by=coordinator,
        last_seen_at=timezone.now() - datetime.timedelta(days=3),
        circumstances="Left after school with a friend.",
    )
    youth.refresh_from_db()
    return youth


# --- The youth's record bundle -------------------------------------------------------------


def test_the_summary_page_links_to_the_encrypted_download(active_youth, clinician, recent_login):
    body = recent_login(clinician).get(f"/reports/youths/{active_youth.pk}/summary/").content
    assert f'href="{_url(active_youth)}?purpose=treatment"'.encode() in body
    assert b"Download encrypted (ZIP)" in body


def test_the_form_asks_for_a_password_twice_and_the_purpose(active_youth, clinician, recent_login):
    response = recent_login(clinician).get(_url(active_youth) + "?purpose=court")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="password" name="password"' in body
    assert 'type="password" name="password_again"' in body
    assert re.search(r'<option value="court" selected>', body)
    assert active_youth.legal_first_name not in body  # the record number names the record
    assert active_youth.record_number in body


def test_team_clinician_downloads_a_zip_that_opens_only_with_the_password(
    record, clinician, recent_login, tmp_path
):
    tool = _seven_zip()
    response = _post(recent_login(clinician), record)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="chance-record-{record.pk}-{today:%Y-%m-%d}.zip"'
    )
    path = tmp_path / "bundle.zip"
    path.write_bytes(response.content)

    # 7-Zip lists AES-256 and extracts with the password.
    listing = subprocess.run(
        [tool, "l", "-slt", f"-p{PASSWORD}", str(path)], capture_output=True, text=True
    )
    assert listing.returncode == 0, listing.stderr
    methods = re.findall(r"^Method = (.+)$", listing.stdout, re.M)
    assert methods and all("AES-256" in m for m in methods), methods
    out = tmp_path / "out"
    done = subprocess.run(
        [tool, "x", f"-p{PASSWORD}", f"-o{out}", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "README.txt",
        "assessments.csv",
        "missing-episodes.csv",
        "notes.csv",
        "placements.csv",
        "summary.html",
    ]
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert "Demographics" in summary and record.legal_last_name in summary
    assert HOME_ADDRESS in summary  # the team may see it, as on the page
    assert "<form" not in summary and 'href="/' not in summary  # no links into the app
    notes = (out / "notes.csv").read_text(encoding="utf-8-sig")
    assert "Talked about school and her sister." in notes
    assert "An unsigned draft paragraph." not in notes  # drafts are never exported
    assert "CRAFFT" in (out / "assessments.csv").read_text(encoding="utf-8-sig")
    placements = (out / "placements.csv").read_text(encoding="utf-8-sig")
    assert "H-31" in placements and HOME_ADDRESS not in placements
    missing = (out / "missing-episodes.csv").read_text(encoding="utf-8-sig")
    assert "Left after school with a friend." in missing
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert record.record_number in readme and "42 CFR part 2" not in readme

    # A wrong password extracts nothing readable.
    wrong_dir = tmp_path / "wrong"
    wrong = subprocess.run(
        [tool, "x", "-pnot-the-password-at-all", f"-o{wrong_dir}", str(path)],
        capture_output=True,
        text=True,
    )
    assert wrong.returncode != 0
    assert "Wrong password" in wrong.stdout + wrong.stderr
    left = wrong_dir / "notes.csv"
    assert not left.exists() or b"Talked about school" not in left.read_bytes()


def test_pyzipper_reads_it_back_and_plain_zipfile_cannot(record, clinician, recent_login):
    response = _post(recent_login(clinician), record)
    files = _files(response)
    assert "Talked about school and her sister." in files["notes.csv"]
    with pyzipper.AESZipFile(io.BytesIO(response.content)) as archive:
        archive.setpassword(b"not-the-password-at-all")
        with pytest.raises(RuntimeError, match="(?i)bad password"):
            archive.read("notes.csv")
    with (
        zipfile.ZipFile(io.BytesIO(response.content)) as plain,
        pytest.raises((NotImplementedError, RuntimeError)),
    ):
        plain.read("notes.csv")
    # The bytes of the file never hold the content or the password in clear.
    assert b"Talked about school" not in response.content
    assert PASSWORD.encode() not in response.content
    # File names are not encrypted in a ZIP: none names the youth.
    assert not any(record.legal_first_name in name for name in files)


def test_the_download_is_an_export_in_the_access_log_and_the_password_is_nowhere(
    record, clinician, recent_login
):
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = _post(recent_login(clinician), record)
    assert response.status_code == 200
    rows = list(AccessLog.objects.filter(id__gt=before, youth_id=record.pk))
    assert [(r.action, r.what, r.user_id) for r in rows] == [
        (AccessLog.Action.EXPORTED, "reports:youth_export", clinician.pk)
    ]
    assert "Encrypted record bundle for a treatment-team meeting" in rows[0].reason
    assert "; Case team" in rows[0].reason  # the ground the access policy noted is kept
    assert not AccessLog.objects.filter(reason__contains=PASSWORD).exists()
    assert not AccessLog.objects.filter(path__contains=PASSWORD).exists()


def test_opening_the_form_is_a_plain_view_not_an_export(active_youth, clinician, recent_login):
    recent_login(clinician).get(_url(active_youth))
    assert AccessLog.objects.filter(
        youth_id=active_youth.pk, action=AccessLog.Action.VIEWED, what="reports:youth_export"
    ).exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()


def test_outsider_clinician_gets_404_and_no_file(record, clinician2, recent_login):
    client = recent_login(clinician2)
    assert client.get(_url(record)).status_code == 404
    response = _post(client, record)
    assert response.status_code == 404
    assert response["Content-Type"] != "application/zip"
    assert b"PK\x03\x04" not in response.content
    assert record.record_number.encode() not in response.content
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()
    assert AccessLog.objects.filter(
        user=clinician2, youth_id=record.pk, action=AccessLog.Action.DENIED
    ).exists()


def test_coordinator_has_no_clinical_bundle(record, coordinator, recent_login):
    assert _post(recent_login(coordinator), record).status_code == 404


def test_without_a_recent_sign_in_the_user_is_sent_to_reauthenticate(record, clinician, client):
    client.force_login(clinician)
    session = client.session
    session[stamps.AUTH_AT] = (timezone.now() - datetime.timedelta(hours=1)).timestamp()
    session.save()
    response = _post(client, record)
    assert response.status_code == 302
    assert response["Location"].startswith("/security/reauth/")
    assert f"next={_url(record).replace('/', '%2F')}" in response["Location"]
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()
    assert client.get(_url(record)).status_code == 302


def test_mismatched_passwords_are_refused_next_to_the_field_and_never_echoed(
    active_youth, clinician, recent_login
):
    response = _post(
        recent_login(clinician), active_youth, password=PASSWORD, again="purple-ocean-lantern-43"
    )
    assert response.status_code == 400
    body = response.content.decode()
    error = re.search(
        r'<span class="usa-error-message" id="id_password_again_error">(.*?)</span>', body
    )
    assert error and "not the same" in error.group(1)
    widget = re.search(r'<input type="password" name="password_again"[^>]*>', body).group(0)
    assert 'aria-describedby="id_password_again_error"' in widget and 'value="' not in widget
    assert PASSWORD not in body and "purple-ocean-lantern-43" not in body
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()
    assert AccessLog.objects.filter(
        youth_id=active_youth.pk, action=AccessLog.Action.DECLINED
    ).exists()


def test_a_short_password_is_refused_next_to_the_field(active_youth, clinician, recent_login):
    response = _post(recent_login(clinician), active_youth, password="short-pw")
    assert response.status_code == 400
    body = response.content.decode()
    error = re.search(r'<span class="usa-error-message" id="id_password_error">(.*?)</span>', body)
    assert error and "at least 12 characters" in error.group(1) and "has 8" in error.group(1)
    assert "short-pw" not in body


def test_part2_notes_left_out_without_consent_and_included_with_the_notice_when_consented(
    active_youth, part2_clinician, sud, therapy, recent_login
):
    _note(active_youth, sud, part2_clinician, text="Talked about cutting down on alcohol.")
    _note(active_youth, therapy, part2_clinician, text="Talked about her sister.")
    client = recent_login(part2_clinician)
    files = _files(_post(client, active_youth, purpose="court"))
    assert "Talked about her sister." in files["notes.csv"]
    assert "cutting down on alcohol" not in files["notes.csv"]
    assert sud.name not in files["summary.html"]
    assert "42 CFR part 2" not in files["README.txt"]

    record_release(
        active_youth,
        by=part2_clinician,
        recipient="Dependency court",
        purpose=ReleaseConsent.Purpose.COURT,
        signed_on=timezone.localdate(),
    )
    files = _files(_post(client, active_youth, purpose="court"))
    assert "cutting down on alcohol" in files["notes.csv"]
    assert "42 CFR Part 2 notice." in files["README.txt"]
    assert "prohibit you from using or disclosing this record" in files["README.txt"]
    assert sud.name in files["summary.html"] and "42 CFR Part 2 notice" in files["summary.html"]
    row = AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).latest("id")
    assert "with 42 CFR Part 2 notes" in row.reason

    # The consent is for court only: a treatment-team bundle still leaves Part 2 out.
    files = _files(_post(client, active_youth, purpose="treatment"))
    assert "cutting down on alcohol" not in files["notes.csv"]
    assert "42 CFR part 2" not in files["README.txt"]


def test_team_clinician_without_part2_permission_never_gets_part2_even_with_consent(
    active_youth, clinician, part2_clinician, sud, recent_login
):
    _note(active_youth, sud, part2_clinician, text="Talked about cutting down on alcohol.")
    record_release(
        active_youth,
        by=part2_clinician,
        recipient="Treatment team",
        purpose=ReleaseConsent.Purpose.TREATMENT,
        signed_on=timezone.localdate(),
    )
    files = _files(_post(recent_login(clinician), active_youth))
    assert "cutting down on alcohol" not in files["notes.csv"]
    assert "42 CFR part 2" not in files["README.txt"]
    # The same youth and consent give the Part 2 clinician the note (the test can fail).
    files = _files(_post(recent_login(part2_clinician), active_youth))
    assert "cutting down on alcohol" in files["notes.csv"]


# --- The program's report data -------------------------------------------------------------


def test_reports_index_links_to_the_encrypted_download(supervisor, recent_login):
    body = recent_login(supervisor).get("/reports/").content
    assert b'href="/reports/export/"' in body and b"Download encrypted (ZIP)" in body


def test_supervisor_downloads_every_report_csv_in_one_encrypted_file(
    active_youth, supervisor, recent_login
):
    client = recent_login(supervisor)
    assert client.get("/reports/export/").status_code == 200
    response = client.post("/reports/export/", {"password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    match = re.fullmatch(
        r'attachment; filename="chance-reports-(\d{4}-\d{2})-to-(\d{4}-\d{2})\.zip"',
        response["Content-Disposition"],
    )
    assert match
    span = f"{match[1]}-to-{match[2]}"
    files = _files(response)
    # The same files, byte for byte, as the report pages' CSV downloads.
    one = client.get("/reports/caseload/months.csv")
    assert one.status_code == 200
    assert files[f"chance-caseload-months-{span}.csv"] == one.content.decode("utf-8-sig")
    assert any(name.startswith("chance-scores-") for name in files)  # clinical scope
    state = client.get(f"/reports/state-monthly.csv?month={match[2]}")
    assert files[f"chance-state-report-{match[2]}.csv"] == state.content.decode("utf-8-sig")
    assert "README.txt" in files
    row = AccessLog.objects.filter(action=AccessLog.Action.EXPORTED, what="reports:export.zip")
    assert row.count() == 1 and span in row.get().reason
    assert not AccessLog.objects.filter(reason__contains=PASSWORD).exists()
    with (
        zipfile.ZipFile(io.BytesIO(response.content)) as plain,
        pytest.raises((NotImplementedError, RuntimeError)),
    ):
        plain.read("README.txt")


def test_coordinator_gets_the_reports_without_clinical_scores(coordinator, recent_login):
    response = recent_login(coordinator).post(
        "/reports/export/", {"password": PASSWORD, "password_again": PASSWORD}
    )
    files = _files(response)
    assert any(name.startswith("chance-caseload-") for name in files)
    assert not any(name.startswith("chance-scores-") for name in files)


def test_reports_bundle_is_for_those_who_may_see_reports(support, recent_login):
    client = recent_login(support)
    assert client.get("/reports/export/").status_code == 404
    response = client.post("/reports/export/", {"password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()


def test_reports_bundle_needs_a_recent_sign_in_and_matching_passwords(supervisor, client):
    client.force_login(supervisor)
    session = client.session
    session[stamps.AUTH_AT] = (timezone.now() - datetime.timedelta(hours=1)).timestamp()
    session.save()
    data = {"password": PASSWORD, "password_again": PASSWORD + "x"}
    response = client.post("/reports/export/", data)
    assert response.status_code == 302 and "/security/reauth/" in response["Location"]
    session = client.session
    session[stamps.AUTH_AT] = timezone.now().timestamp()
    session.save()
    response = client.post("/reports/export/", data)
    assert response.status_code == 400
    assert b'id="id_password_again_error"' in response.content
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()
