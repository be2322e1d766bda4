"""The youth's place in the program as a step indicator (templates/cases/_lifecycle_steps.html):
referred, screening, waitlisted or active, discharged; the current step marked for everyone."""

import re

from django.template.loader import render_to_string

from cases.models import Youth


def _steps(**fields):
    html = render_to_string("cases/_lifecycle_steps.html", {"youth": Youth(**fields)})
    segments = re.findall(r'<li class="usa-step-indicator__segment([^"]*)"([^>]*)>', html)
    return html, [
        ("current" if "--current" in cls else "complete" if "--complete" in cls else "to do")
        + (" (aria-current)" if 'aria-current="step"' in attrs else "")
        for cls, attrs in segments
    ]


def test_screening_is_step_two_with_the_referral_done():
    html, steps = _steps(status=Youth.Status.SCREENING)
    assert steps == ["complete", "current (aria-current)", "to do", "to do"]
    assert '<span class="usa-step-indicator__current-step">2</span>' in html


def test_waitlisted_and_active_share_step_three_named_as_they_are():
    html, steps = _steps(status=Youth.Status.WAITLISTED)
    assert steps == ["complete", "complete", "current (aria-current)", "to do"]
    assert "Waitlisted for STFC" in html


def test_a_discharge_after_admission_shows_every_step_done():
    _, steps = _steps(status=Youth.Status.DISCHARGED, admitted_on="2026-01-05")
    assert steps == ["complete", "complete", "complete", "current (aria-current)"]
    # Declined at screening: never admitted, so the third step is not marked done.
    _, steps = _steps(status=Youth.Status.DISCHARGED)
    assert steps == ["complete", "complete", "to do", "current (aria-current)"]
