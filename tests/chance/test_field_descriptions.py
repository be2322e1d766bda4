"""Every aria-describedby on a form points at an element that exists, so a screen reader reads a
field's help text and its error with the field."""

import re

from django.urls import reverse

from tests.services.conftest import active_youth, crafft  # noqa: F401  (fixtures)


def _dangling_descriptions(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    return [ref for refs in described for ref in refs.split() if ref not in ids]


def test_hand_laid_fields_link_their_help_text_and_errors(login, clinician, active_youth, crafft):
    """The assessment form lays its fields out by hand (templates/chance/_field.html)."""
    url = reverse("services:assessment_new", args=[active_youth.pk, crafft.pk])
    client = login(clinician)
    page = client.get(url).content.decode()
    # Its help, then its length limit (chance/forms.py widget_with_limit).
    assert 'aria-describedby="id_comments_helptext id_comments_limit"' in page
    assert _dangling_descriptions(page) == []
    page = client.post(url, {"administered_on": "not a date"}).content.decode()
    assert 'id="id_administered_on_error"' in page
    assert _dangling_descriptions(page) == []


def test_help_text_and_errors_are_linked_to_their_fields(login, coordinator):
    client = login(coordinator)
    page = client.get(reverse("cases:intake")).content.decode()
    assert 'aria-describedby="id_received_at_helptext"' in page
    assert _dangling_descriptions(page) == []
    # Submitted empty: every required field gets an error, linked the same way.
    page = client.post(reverse("cases:intake"), {}).content.decode()
    assert 'id="id_legal_first_name_error"' in page
    assert "id_legal_first_name_error" in re.search(
        r'<input[^>]*name="legal_first_name"[^>]*>', page
    ).group(0)
    assert _dangling_descriptions(page) == []
