"""The judicial review report: built from the record, read back from its PDF, Part 2 only with
consent, for the clinical team only, and its download logged as an export."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import actions as case_actions
from cases.models import CourtHearing
from chance.audit.models import AccessLog
from services import actions as services_actions
from services.models import JudicialReviewReport, ReleaseConsent
from tests.factories import record_release
from tests.services.conftest import active_youth, part2_clinician, sud, therapy  # noqa: F401
from tests.services.test_plans import build_plan

pytestmark = pytest.mark.django_db


def _review(youth, by, *, days=20):
    return case_actions.court_hearing_save(
        youth=youth,
        by=by,
        kind=CourtHearing.Kind.JUDICIAL_REVIEW,
        held_at=timezone.now() + datetime.timedelta(days=days),
        court="Fictional Circuit Court",
        judge="Judge Fiction",
    )


def _note(youth, service, by):
    return services_actions.note_save(
        youth=youth,
        service_type=service,
        occurred_at=timezone.now() - datetime.timedelta(minutes=1),
        minutes=45,
        setting="office",
        text="Fictional session.",
        by=by,
        sign=True,
    )


def _pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return " ".join(page.extract_text() for page in reader.pages)


def _pdf_url(hearing):
    return reverse("reports:judicial_review_pdf", args=[hearing.youth_id, hearing.pk])


def test_the_pdf_holds_the_record_number_the_hearing_date_and_the_plan_goals(
    active_youth, clinician, supervisor, coordinator, therapy, recent_login
):
    plan = services_actions.plan_submit(
        plan=build_plan(active_youth, clinician, therapy), by=clinician
    )
    services_actions.plan_approve(plan=plan, by=supervisor)
    hearing = _review(active_youth, coordinator)
    services_actions.judicial_review_report_save(
        hearing=hearing, recommendations="Continue the current placement.", by=clinician
    )
    response = recent_login(clinician).get(_pdf_url(hearing))
    assert response.status_code == 200
    day = timezone.localtime(hearing.held_at).date()
    assert response["Content-Disposition"] == (
        f'attachment; filename="chance-judicial-review-{active_youth.pk}-{day:%Y-%m-%d}.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    text = " ".join(_pdf_text(response).split())
    assert active_youth.record_number in text
    assert hearing.held_at.strftime("%Y") in text and day.strftime("%b") in text
    assert "Stay safe at home" in text and "No runaway for 30 days" in text
    assert "Continue the current placement." in text
    assert active_youth.legal_last_name not in response["Content-Disposition"]


def test_the_download_is_in_the_access_log_as_an_export(
    active_youth, clinician, coordinator, recent_login
):
    hearing = _review(active_youth, coordinator)
    assert recent_login(clinician).get(_pdf_url(hearing)).status_code == 200
    row = AccessLog.objects.get(youth_id=active_youth.pk, user=clinician)
    assert row.action == AccessLog.Action.EXPORTED
    assert row.what == "reports:judicial_review_pdf"
    assert "Judicial review report" in row.reason


def test_part2_left_out_without_consent_and_in_with_the_notice_when_consented(
    active_youth, part2_clinician, coordinator, sud, therapy, recent_login
):
    for service in (sud, therapy):
        _note(active_youth, service, part2_clinician)
    hearing = _review(active_youth, coordinator)
    client = recent_login(part2_clinician)
    text = _pdf_text(client.get(_pdf_url(hearing)))
    assert therapy.name in text
    assert sud.name not in text and "42 CFR" not in text
    record_release(
        active_youth,
        by=part2_clinician,
        recipient="Dependency court",
        purpose=ReleaseConsent.Purpose.COURT,
        signed_on=timezone.localdate(),
    )
    text = " ".join(_pdf_text(client.get(_pdf_url(hearing))).split())
    assert sud.name in text and "42 CFR Part 2 notice" in text
    row = AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).latest("id")
    assert "Part 2" in row.reason


def test_a_clinician_without_view_part2_gets_no_part2_even_with_consent(
    active_youth, clinician, part2_clinician, coordinator, sud, recent_login
):
    _note(active_youth, sud, part2_clinician)
    record_release(
        active_youth,
        by=part2_clinician,
        recipient="Dependency court",
        purpose=ReleaseConsent.Purpose.COURT,
        signed_on=timezone.localdate(),
    )
    hearing = _review(active_youth, coordinator)
    text = _pdf_text(recent_login(clinician).get(_pdf_url(hearing)))
    assert sud.name not in text


def test_outsider_clinician_gets_404(active_youth, clinician2, coordinator, recent_login):
    hearing = _review(active_youth, coordinator)
    client = recent_login(clinician2)
    assert client.get(_pdf_url(hearing)).status_code == 404
    page = reverse("reports:judicial_review", args=[active_youth.pk, hearing.pk])
    assert client.get(page).status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()


def test_the_coordinator_sees_the_hearing_but_not_the_clinical_report(
    active_youth, coordinator, recent_login
):
    hearing = _review(active_youth, coordinator)
    client = recent_login(coordinator)
    assert client.get(reverse("cases:court", args=[active_youth.pk])).status_code == 200
    assert client.get(_pdf_url(hearing)).status_code == 404


def test_the_clinician_saves_recommendations_on_the_page(
    active_youth, clinician, coordinator, login
):
    hearing = _review(active_youth, coordinator)
    url = reverse("reports:judicial_review", args=[active_youth.pk, hearing.pk])
    client = login(clinician)
    assert client.post(url, {"recommendations": ""}).status_code == 400
    assert client.post(url, {"recommendations": "Keep the therapy weekly."}).status_code == 302
    report = JudicialReviewReport.objects.get(hearing=hearing)
    assert report.author == clinician and report.recommendations == "Keep the therapy weekly."
    assert "Keep the therapy weekly." in client.get(url).content.decode()
    assert report.history.count() == 1


def test_only_a_judicial_review_has_a_report(active_youth, clinician, coordinator, login):
    hearing = case_actions.court_hearing_save(
        youth=active_youth,
        by=coordinator,
        kind=CourtHearing.Kind.SHELTER,
        held_at=timezone.now() + datetime.timedelta(days=3),
        court="Fictional Circuit Court",
    )
    url = reverse("reports:judicial_review", args=[active_youth.pk, hearing.pk])
    assert login(clinician).get(url).status_code == 404
