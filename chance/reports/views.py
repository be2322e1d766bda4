"""Report pages and their CSV files, the monthly state report, the printable youth summary.

Pages are plain GETs; every CSV download and every printable summary needs a recent sign-in,
is rate limited and is written to the access log as an export. So is an encrypted ZIP (a
youth's record bundle, a program's report data: ``export.py``), a POST of a password form; the
password is in no log, no error report and no page. The log's reasons are written in
the program's language (English), whatever language the reader chose, like every other reason.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import CourtHearing
from cases.youth_page import render_youth_page
from chance.access import Need, youth_view
from chance.audit import log
from chance.audit.access import note_export
from chance.audit.models import AccessLog
from chance.forms import show_refusal
from chance.security.decorators import rate_limited, recent_auth_required
from services import actions as services_actions
from services.models import JudicialReviewReport

from .export import (
    REPORTS_CONTENTS,
    YOUTH_CONTENTS,
    ZIP_TYPE,
    ReportsExportForm,
    YouthExportForm,
    encrypted_zip,
    reports_bundle,
    youth_bundle,
)
from .judicial_review import judicial_review
from .periods import MonthForm, PeriodForm
from .program import REPORTS
from .scope import require_scope
from .state import DEFINITIONS, RULE, monthly_counts, monthly_table
from .summary import PURPOSES, youth_summary
from .tables import csv_response

EXPORT_RATE = "60/h"
SUMMARY_RATE = "30/h"
PDF_RATE = "30/h"
ENCRYPTED_RATE = "20/h"
PASSWORD_FIELDS = ("password", "password_again")


def _report_for(request, slug):
    if slug not in REPORTS:
        raise Http404("No such report")
    build, clinical = REPORTS[slug]
    scope = require_scope(request.user, clinical=clinical)
    form = PeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        return scope, form, None
    if not request.GET:
        form = PeriodForm({})
        form.is_valid()
    return scope, form, build(scope, form.cleaned_data["months"])


def _log_export(request, what, *, reason=""):
    """A program-level export (no youth): written straight to the access log."""
    log.append(
        action=AccessLog.Action.EXPORTED,
        user=request.user,
        what=what,
        request=request,
        reason=reason,
    )


@require_GET
def index(request):
    scope = require_scope(request.user)
    return render(request, "reports/index.html", {"scope": scope})


@require_GET
def report_page(request, slug):
    scope, form, report = _report_for(request, slug)
    return render(
        request,
        "reports/report.html",
        {"scope": scope, "form": form, "report": report, "query": request.GET.urlencode()},
        status=400 if report is None else 200,
    )


@require_GET
@recent_auth_required
@rate_limited("reports-csv", EXPORT_RATE)
def report_csv(request, slug, table):
    scope, form, report = _report_for(request, slug)
    if report is None:
        return render(
            request,
            "reports/report.html",
            {"scope": scope, "form": form, "report": None},
            status=400,
        )
    found = report.table(table)
    if found is None:
        raise Http404("No such table")
    with translation.override(settings.LANGUAGE_CODE):
        reason = f"{report.title}: {found.caption}"
    _log_export(request, f"reports:{slug}.csv", reason=reason)
    months = form.cleaned_data["months"]
    return csv_response(found, f"chance-{slug}-{table}-{months[0]:%Y-%m}-to-{months[-1]:%Y-%m}.csv")


def _month(request):
    form = MonthForm(request.GET or {})
    return form, (form.cleaned_data["month"] if form.is_valid() else None)


@require_GET
def state_monthly(request):
    scope = require_scope(request.user)
    form, month = _month(request)
    counts = monthly_counts(scope, month) if month else None
    return render(
        request,
        "reports/state_monthly.html",
        {
            "scope": scope,
            "form": form,
            "month": month,
            "counts": counts,
            "rule": RULE,
            "definitions": DEFINITIONS,
        },
        status=200 if month else 400,
    )


@require_GET
@recent_auth_required
@rate_limited("reports-csv", EXPORT_RATE)
def state_monthly_csv(request):
    scope = require_scope(request.user)
    form, month = _month(request)
    if month is None:
        return render(
            request,
            "reports/state_monthly.html",
            {"scope": scope, "form": form, "rule": RULE, "definitions": DEFINITIONS},
            status=400,
        )
    _log_export(request, "reports:state-monthly.csv", reason=f"{RULE} for {month:%Y-%m}")
    return csv_response(monthly_table(scope, month), f"chance-state-report-{month:%Y-%m}.csv")


@require_GET
@recent_auth_required
@rate_limited("youth-summary", SUMMARY_RATE)
@youth_view(Need.CLINICAL)
def youth_summary_page(request, access):
    """Fetched with view_clinical (team, supervisors on the team, break-the-glass); every
    opening is an export in the access log, since the page exists to be printed."""
    youth = access.youth
    purpose = request.GET.get("purpose", "treatment")
    if purpose not in PURPOSES:
        purpose = "treatment"
    context = youth_summary(request, access, purpose=purpose)
    # One access-log row per youth per request (the audit middleware writes it): this page's
    # row says "exported", keeping the ground the access policy noted.
    with translation.override(settings.LANGUAGE_CODE):
        reason = f"Printable summary for a {str(PURPOSES[purpose]).lower()}"
    note_export(request, youth.pk, reason)
    return render(request, "reports/youth_summary.html", {"youth": youth, **context})


# --- Encrypted ZIP files -------------------------------------------------------------------


def _zip_response(data, filename):
    response = HttpResponse(data, content_type=ZIP_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _export_page(request, form, context):
    return render(
        request,
        "reports/export_form.html",
        {"form": form, **context},
        status=400 if form.is_bound else 200,
    )


@sensitive_post_parameters(*PASSWORD_FIELDS)
@require_http_methods(["GET", "POST"])
@recent_auth_required
@rate_limited("encrypted-export", ENCRYPTED_RATE)
@youth_view(Need.CLINICAL)
@sensitive_variables()
def youth_export(request, access):
    """A youth's record bundle, for those who may print the summary (view_clinical). The form
    (GET) is a plain view of the record; the file (a valid POST) is an export in the access
    log, on the youth's one row of the request, keeping the ground the policy noted."""
    youth = access.youth
    if request.method == "POST":
        form = YouthExportForm(request.POST)
        if form.is_valid():
            purpose = form.cleaned_data["purpose"]
            files, part2 = youth_bundle(request, access, purpose=purpose)
            with translation.override(settings.LANGUAGE_CODE):
                reason = f"Encrypted record bundle for a {str(PURPOSES[purpose]).lower()}"
            if part2:
                reason += ", with 42 CFR Part 2 notes"
            note_export(request, youth.pk, reason)
            data = encrypted_zip(files, form.cleaned_data["password"])
            return _zip_response(
                data, f"chance-record-{youth.pk}-{timezone.localdate():%Y-%m-%d}.zip"
            )
    else:
        purpose = request.GET.get("purpose")
        form = YouthExportForm(initial={"purpose": purpose if purpose in PURPOSES else "treatment"})
    return _export_page(
        request,
        form,
        {
            "title": _("Download the record as an encrypted file"),
            "subject": youth.record_number,
            "contents": list(YOUTH_CONTENTS.values()),
            "back_url": reverse("reports:youth_summary", args=[youth.pk]),
            "back_label": _("Back to the summary"),
        },
    )


@sensitive_post_parameters(*PASSWORD_FIELDS)
@require_http_methods(["GET", "POST"])
@recent_auth_required
@rate_limited("encrypted-export", ENCRYPTED_RATE)
@sensitive_variables()
def reports_export(request):
    """Every report's tables and the state's monthly reports of a period, for those who may
    see reports (the scope of the CSV downloads: ``require_scope``)."""
    scope = require_scope(request.user)
    if request.method == "POST":
        form = ReportsExportForm(request.POST)
        if form.is_valid():
            months = form.cleaned_data["months"]
            span = f"{months[0]:%Y-%m}-to-{months[-1]:%Y-%m}"
            files = reports_bundle(scope, months)
            _log_export(request, "reports:export.zip", reason=f"Program reports {span}, encrypted")
            data = encrypted_zip(files, form.cleaned_data["password"])
            return _zip_response(data, f"chance-reports-{span}.zip")
    else:
        form = ReportsExportForm()
    return _export_page(
        request,
        form,
        {
            "title": _("Download the reports as an encrypted file"),
            "scope": scope,
            "contents": REPORTS_CONTENTS,
            "back_url": reverse("reports:index"),
            "back_label": _("Back to the reports"),
        },
    )


# --- The judicial review report ------------------------------------------------------------


class RecommendationsForm(forms.ModelForm):
    class Meta:
        model = JudicialReviewReport
        fields = ["recommendations"]
        widgets = {"recommendations": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "recommendations": _(
                "The treatment team's recommendations to the court. Saved with the report; "
                "everything else is read from the record."
            )
        }


def _review_hearing(youth, hearing_pk):
    return get_object_or_404(
        CourtHearing.objects.select_related("youth"),
        pk=hearing_pk,
        youth=youth,
        kind=CourtHearing.Kind.JUDICIAL_REVIEW,
    )


@require_http_methods(["GET", "POST"])
@youth_view(Need.CLINICAL)
def judicial_review_page(request, access, hearing_pk):
    """The report on the screen, and the clinician's recommendations (WRITE_CLINICAL) saved
    with it. Reading it is a view of the record; the PDF is the export."""
    youth = access.youth
    hearing = _review_hearing(youth, hearing_pk)
    can_write = Need.WRITE_CLINICAL in access.grants
    report = JudicialReviewReport.objects.filter(hearing=hearing).first()
    form = None
    if can_write:
        form = RecommendationsForm(
            request.POST if request.method == "POST" else None, instance=report
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services_actions.judicial_review_report_save(
                hearing=hearing,
                recommendations=form.cleaned_data["recommendations"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Recommendations saved."))
            return redirect("reports:judicial_review", youth.pk, hearing.pk)
    context = judicial_review(request, access, hearing)
    context.update({"form": form})
    return render_youth_page(
        request,
        access,
        tab="court",
        template="reports/judicial_review.html",
        context=context,
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
@recent_auth_required
@rate_limited("judicial-review-pdf", PDF_RATE)
@youth_view(Need.CLINICAL)
def judicial_review_pdf(request, access, hearing_pk):
    """The report as a PDF for the court: an export in the access log, named by record number
    and date only (no name in a file name that lands in a Downloads folder)."""
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for

    youth = access.youth
    hearing = _review_hearing(youth, hearing_pk)
    context = judicial_review(request, access, hearing)
    html = render_to_string(
        "reports/judicial_review_pdf.html", {"youth": youth, **context}, request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    reason = (
        f"Judicial review report for the hearing of {timezone.localtime(hearing.held_at):%Y-%m-%d}"
    )
    if context["part2_notes"]:
        reason += ", with 42 CFR Part 2 notes"
    note_export(request, youth.pk, reason)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = (
        f"chance-judicial-review-{youth.pk}-{timezone.localtime(hearing.held_at):%Y-%m-%d}.pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
