"""Who may open which report, and that every report page runs a constant number of queries."""

import pytest

from chance.reports.program import REPORTS

from .conftest import build_caseload


@pytest.mark.parametrize("persona", ["support", "oncall_only"])
def test_roles_without_a_scope_get_404(persona, support, login, db):
    from chance.accounts import roles
    from tests import factories

    user = support if persona == "support" else factories.make_user("onlyoncall", roles.ONCALL)
    client = login(user)
    assert client.get("/reports/").status_code == 404
    assert client.get("/reports/caseload/").status_code == 404
    assert client.get("/reports/state-monthly/").status_code == 404


def test_coordinator_sees_program_counts_but_no_scores(coordinator, login):
    client = login(coordinator)
    assert client.get("/reports/caseload/").status_code == 200
    assert client.get("/reports/scores/").status_code == 404
    assert "Assessment score change" not in client.get("/reports/").content.decode()


def test_unknown_report_and_bad_period_are_clear(supervisor, login):
    client = login(supervisor)
    assert client.get("/reports/nope/").status_code == 404
    response = client.get("/reports/caseload/?start=2025-06&end=2025-01")
    assert response.status_code == 400
    assert "must start before it ends" in response.content.decode()
    response = client.get("/reports/caseload/?start=banana")
    assert response.status_code == 400


@pytest.mark.parametrize("n", [10, 100])
def test_every_report_runs_a_constant_number_of_queries(
    n, coordinator, clinician, supervisor, login, django_assert_max_num_queries
):
    build_caseload(n, coordinator=coordinator, clinician=clinician, alert=False)
    for user in (supervisor, clinician):
        client = login(user)
        for slug in REPORTS:
            with django_assert_max_num_queries(REPORT_QUERY_CAP) as queries:
                response = client.get(f"/reports/{slug}/")
            assert response.status_code == 200, slug
            print(f"report {slug}, {n} youths, {user.username}: {len(queries)} queries")
        with django_assert_max_num_queries(REPORT_QUERY_CAP):
            assert client.get("/reports/state-monthly/").status_code == 200
    body = login(clinician).get("/reports/caseload/").content.decode()
    assert f"<td>{n}</td>" in body  # the clinician's whole caseload is active on CRT now


REPORT_QUERY_CAP = 20
