"""Journey 5: a clinician who is not on the youth's team is refused with the plain 404 page, and
nothing on any page they reach names the youth."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, follow, screenshot, sign_in


def test_clinician_off_the_team_gets_404_and_learns_nothing(page, youth, clinician2):
    youth.preferred_name = "Sparrow"
    youth.aliases = "Lil Bird"
    youth.save(update_fields=["preferred_name", "aliases"])
    secrets = [
        youth.record_number,
        youth.legal_first_name,
        youth.legal_last_name,
        "Sparrow",
        "Lil Bird",
    ]

    sign_in(page, clinician2)
    follow(page, "My caseload", within=page.get_by_role("navigation", name="Main"))
    expect(page.get_by_text("You are not on any youth's case team yet.")).to_be_visible()

    for url in (
        reverse("cases:detail", args=[youth.pk]),
        reverse("services:assessments", args=[youth.pk]),
        reverse("placements:youth_placements", args=[youth.pk]),
    ):
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        check_accessibility(page)
        html = page.content()
        assert not [s for s in secrets if s in html], f"{url} names the youth"
    screenshot(page, "journey-5-outsider-not-found")
