from django.urls import reverse


def test_the_team_sees_a_printable_summary_tab_and_coordinators_do_not(
    login, clinician, coordinator, youth
):
    summary = reverse("reports:youth_summary", args=[youth.pk])
    page = login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    assert summary.encode() in page.content
    page = login(coordinator).get(reverse("cases:detail", args=[youth.pk]))
    assert page.status_code == 200 and summary.encode() not in page.content
