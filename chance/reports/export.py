"""Encrypted exports: a youth's record bundle and a program's report data, as one ZIP file
encrypted with AES-256 (WinZip AES, read by 7-Zip, Windows 11, macOS Archive Utility and
pyzipper) under a password the user types and the server never keeps.

What goes in is what the pages already give the same reader, read through the same selectors:
the printable summary (``summary.youth_summary``), the youth's signed notes
(``notes_for_export``: Part 2 notes only with ``view_part2`` on the youth *and* an active
consent for the purpose, and then README.txt carries the redisclosure notice), final
assessments, placements and missing episodes; for the program, every report table and the
state's monthly report the reader's scope may see. No address is written to a CSV (the
summary shows it to those the policy gives it to, as on the page). A ZIP's file names are not
encrypted: none names the youth.
"""

import io

import pyzipper
from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from chance.access import Need
from placements.models import MissingEpisode, Placement
from placements.selectors import youth_missing_episodes, youth_placements
from services.models import Assessment, NoteAmendment, ProgressNote, ServiceType
from services.selectors import PART2_REDISCLOSURE_NOTICE, assessment_overview, notes_for_export

from .periods import DEFAULT_MONTHS, PeriodForm, month_range
from .program import REPORTS
from .state import monthly_table
from .summary import PURPOSES, youth_summary
from .tables import Table, csv_text

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
ZIP_TYPE = "application/zip"


# --- The form ------------------------------------------------------------------------------


class EncryptionForm(forms.Form):
    """The password that opens the file, typed twice. Never shown again: a form sent back with
    an error comes with both fields empty (``PasswordInput`` does not render its value)."""

    password = forms.CharField(
        label=_("Password for the file"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = gettext(
            "At least %(n)d characters. Nobody can open the file without it and it cannot be "
            "recovered: give it to the recipient another way than the file (by phone, not in "
            "the same e-mail)."
        ) % {"n": MIN_PASSWORD_LENGTH}

    def clean_password(self):
        password = self.cleaned_data["password"]
        if len(password) < MIN_PASSWORD_LENGTH:
            raise forms.ValidationError(
                gettext("Use at least %(n)d characters; this password has %(used)d.")
                % {"n": MIN_PASSWORD_LENGTH, "used": len(password)},
                code="password_too_short",
            )
        if len(password) > MAX_PASSWORD_LENGTH:
            raise forms.ValidationError(
                gettext("Use at most %(n)d characters.") % {"n": MAX_PASSWORD_LENGTH},
                code="password_too_long",
            )
        return password

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again is not None and again != password:
            self.add_error(
                "password_again",
                forms.ValidationError(
                    _("The two passwords are not the same. Type the same password in both."),
                    code="password_mismatch",
                ),
            )
        return cleaned


class YouthExportForm(EncryptionForm):
    purpose = forms.ChoiceField(
        label=_("Prepared for"),
        choices=list(PURPOSES.items()),
        initial="treatment",
        help_text=_(
            "Substance-use (42 CFR Part 2) notes are included only if you may see them and the "
            "youth has an active consent for this purpose."
        ),
    )
    field_order = ["purpose", "password", "password_again"]


class ReportsExportForm(PeriodForm, EncryptionForm):
    field_order = ["start", "end", "password", "password_again"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].help_text = ngettext(
            "Left empty: the %(n)d month up to the end month.",
            "Left empty: the %(n)d months up to the end month.",
            DEFAULT_MONTHS,
        ) % {"n": DEFAULT_MONTHS}
        self.fields["end"].help_text = gettext("Left empty: this month.")


# --- The file ------------------------------------------------------------------------------


@sensitive_variables("password")
def encrypted_zip(files, password: str) -> bytes:
    """``files``: (name, text or bytes) pairs, written deflated and AES-256 encrypted."""
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, content in files:
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


def _label(model, field):
    return capfirst(model._meta.get_field(field).verbose_name)


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _day(day):
    return day.isoformat() if day else ""


def _yes(flag):
    return gettext("Yes") if flag else gettext("No")


def _readme(lines):
    return "\r\n".join(str(line) for line in lines) + "\r\n"


# --- A youth's record bundle ---------------------------------------------------------------

YOUTH_FILES = {
    "summary": "summary.html",
    "notes": "notes.csv",
    "assessments": "assessments.csv",
    "placements": "placements.csv",
    "missing": "missing-episodes.csv",
}
# What each file is: listed on the download page and in README.txt.
YOUTH_CONTENTS = {
    "summary": _("The printable youth summary"),
    "notes": _("Signed progress notes with their amendments (CSV)"),
    "assessments": _("Final assessment scores (CSV)"),
    "placements": _("Placements, without addresses (CSV)"),
    "missing": _("Missing episodes (CSV)"),
}
REPORTS_CONTENTS = [
    _("Every table of every report you may see, for the period (CSV)"),
    _("The state's monthly report for each month of the period (CSV)"),
]


def _notes_table(notes):
    return Table(
        "notes",
        capfirst(ProgressNote._meta.verbose_name_plural),
        [
            _label(ProgressNote, "occurred_at"),
            _label(ProgressNote, "service_type"),
            _label(ServiceType, "part2"),
            _label(ProgressNote, "setting"),
            _label(ProgressNote, "minutes"),
            _label(ProgressNote, "author"),
            _label(ProgressNote, "signed_at"),
            _label(ProgressNote, "text"),
            capfirst(NoteAmendment._meta.verbose_name_plural),
        ],
        [
            [
                _when(n.occurred_at),
                str(n.service_type),
                _yes(n.service_type.part2),
                n.get_setting_display(),
                n.minutes,
                str(n.author),
                _when(n.signed_at),
                n.text,
                "\n\n".join(f"{_when(a.at)} {a.author}: {a.text}" for a in n.amendments.all()),
            ]
            for n in notes
        ],
    )


def _assessments_table(youth, viewer):
    rows = []
    for group in assessment_overview(youth, viewer=viewer):
        for row in reversed(group["final"]):  # oldest first, like the other files
            assessment = row["assessment"]
            rows.append(
                [
                    group["instrument"].title,
                    _day(assessment.administered_on),
                    str(assessment.administered_by),
                    row["primary"],
                    row["level"],
                    "; ".join(
                        f"{c['label']}: {c['value']}"
                        for c in row["cells"]
                        if c["value"] is not None
                    ),
                    _yes(row["amended"]),
                ]
            )
    rows.sort(key=lambda r: (r[1], r[0]))
    return Table(
        "assessments",
        capfirst(Assessment._meta.verbose_name_plural),
        [
            _label(Assessment, "instrument"),
            _label(Assessment, "administered_on"),
            _label(Assessment, "administered_by"),
            _label(Assessment, "primary_score"),
            _label(Assessment, "level"),
            _label(Assessment, "scores"),
            _("Amendment"),
        ],
        rows,
    )


def _placements_table(youth):
    return Table(
        "placements",
        capfirst(Placement._meta.verbose_name_plural),
        [
            _label(Placement, "setting"),
            _label(Placement, "home"),
            _label(Placement, "provider"),
            _label(Placement, "started_on"),
            _label(Placement, "ended_on"),
            _label(Placement, "end_reason"),
        ],
        [
            [
                p.get_setting_display(),
                p.home.code if p.home else "",
                p.provider,
                _day(p.started_on),
                _day(p.ended_on),
                p.end_reason,
            ]
            for p in reversed(youth_placements(youth))
        ],
    )


_EPISODE_FIELDS = (
    "last_seen_at",
    "opened_at",
    "circumstances",
    "law_enforcement_reported_at",
    "law_enforcement_agency",
    "ncic_number",
    "ncmec_reported_at",
    "ncmec_case_number",
    "returned_at",
    "return_notes",
    "debrief_at",
    "screening_at",
    "screening_result",
)


def _episode_cell(episode, field):
    value = getattr(episode, field)
    return _when(value) if field.endswith("_at") else value


def _missing_table(youth):
    return Table(
        "missing",
        capfirst(MissingEpisode._meta.verbose_name_plural),
        [_label(MissingEpisode, f) for f in _EPISODE_FIELDS],
        [
            [_episode_cell(e, f) for f in _EPISODE_FIELDS]
            for e in reversed(youth_missing_episodes(youth))
        ],
    )


def youth_bundle(request, access, *, purpose):
    """The files of a youth's record bundle, and whether Part 2 notes are among them.

    ``access``: the policy's answer for the youth, holding ``view_clinical`` (as for the
    printable summary). Part 2 notes as the summary decides: ``view_part2`` on the youth and an
    active consent for ``purpose`` (``notes_for_export``)."""
    youth = access.youth
    summary = youth_summary(request, access, purpose=purpose)
    notes = notes_for_export(youth, purpose=purpose)
    if not access.allows(Need.PART2):
        notes = notes.filter(service_type__part2=False)
    notes = list(notes)
    part2 = any(n.service_type.part2 for n in notes)
    html = render_to_string(
        "reports/youth_summary_file.html",
        {"youth": youth, "in_file": True, **summary},
    )
    readme = [
        gettext("CHANCE case manager: youth record %(record)s") % {"record": youth.record_number},
        gettext("Prepared %(date)s by %(person)s for: %(purpose)s.")
        % {
            "date": summary["today"].isoformat(),
            "person": request.user,
            "purpose": PURPOSES[purpose],
        },
        "",
        gettext(
            "Confidential health records of a child. Keep this file encrypted, share the "
            "password separately, and delete copies you no longer need."
        ),
        "",
        gettext("Files:"),
        *(f"  {YOUTH_FILES[key]}: {label}" for key, label in YOUTH_CONTENTS.items()),
    ]
    if part2:
        readme += ["", gettext("42 CFR Part 2 notice."), str(PART2_REDISCLOSURE_NOTICE)]
    files = [
        ("README.txt", _readme(readme)),
        (YOUTH_FILES["summary"], html),
        (YOUTH_FILES["notes"], csv_text(_notes_table(notes))),
        (YOUTH_FILES["assessments"], csv_text(_assessments_table(youth, request.user))),
        (YOUTH_FILES["placements"], csv_text(_placements_table(youth))),
        (YOUTH_FILES["missing"], csv_text(_missing_table(youth))),
    ]
    return files, part2


# --- A program's report data ---------------------------------------------------------------


def reports_bundle(scope, months):
    """Every report table the scope may see over ``months``, and the state's monthly report
    for each of them: the CSV files the report pages give one by one, with the same names."""
    span = f"{months[0]:%Y-%m}-to-{months[-1]:%Y-%m}"
    files = []
    for slug, (build, clinical) in REPORTS.items():
        if clinical and not scope.clinical:
            continue
        report = build(scope, months)
        for table in report.tables:
            files.append((f"chance-{slug}-{table.key}-{span}.csv", csv_text(table)))
    for month in month_range(months[0], months[-1]):
        files.append(
            (f"chance-state-report-{month:%Y-%m}.csv", csv_text(monthly_table(scope, month)))
        )
    readme = [
        gettext("CHANCE case manager: program reports, %(start)s to %(end)s")
        % {"start": f"{months[0]:%Y-%m}", "end": f"{months[-1]:%Y-%m}"},
        gettext("These reports count %(scope)s. No report names a youth.") % {"scope": scope.label},
        "",
        gettext("Files:"),
        *("  " + name for name, _text in files),
    ]
    return [("README.txt", _readme(readme)), *files]
