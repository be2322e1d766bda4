"""The printable youth summary: who may open it, what it leaves out, and that it is logged."""

import datetime

from django.utils import timezone

from chance.audit.models import AccessLog
from placements import actions as placement_actions
from placements.models import Placement
from services import actions as services_actions
from services.models import ReleaseConsent
from tests.factories import record_release
from tests.placements.conftest import make_home

# Fixtures of the services tests: an active CRT youth, a team clinician with Part 2 permission.
from tests.services.conftest import active_youth, part2_clinician, sud, therapy  # noqa: F401


def _url(youth, purpose=""):
    return f"/reports/youths/{youth.pk}/summary/" + (f"?purpose={purpose}" if purpose else "")


def test_team_clinician_prints_the_summary_and_it_is_logged_as_an_export(
    active_youth, clinician, recent_login
):
    response = recent_login(clinician).get(_url(active_youth))
    assert response.status_code == 200
    body = response.content.decode()
    assert active_youth.record_number in body and "Demographics" in body
    assert "@media print" not in body  # the print stylesheet is a file, not inline
    assert AccessLog.objects.filter(
        user=clinician,
        youth_id=active_youth.pk,
        action=AccessLog.Action.EXPORTED,
        what="reports:youth_summary",
    ).exists()
    # One row per youth per request: the export replaces the plain "viewed".
    assert AccessLog.objects.filter(youth_id=active_youth.pk).count() == 1


def test_outsider_clinician_gets_404_and_nothing_is_exported(
    active_youth, clinician2, recent_login
):
    response = recent_login(clinician2).get(_url(active_youth))
    assert response.status_code == 404
    assert active_youth.legal_first_name not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()


def test_coordinator_has_no_clinical_summary(active_youth, coordinator, recent_login):
    assert recent_login(coordinator).get(_url(active_youth)).status_code == 404


def test_address_shown_to_the_team_but_not_to_a_break_the_glass_reader(
    coordinator, clinician, clinician2, recent_login
):
    from cases import actions as case_actions
    from cases.break_glass import break_glass_open
    from cases.models import CaseAssignment
    from tests.placements.conftest import make_active_youth

    youth = make_active_youth(by=coordinator)
    case_actions.case_assignment_create(
        youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
    )
    home = make_home(by=coordinator, code="H-09", address="99 Secret Palm Road")
    placement_actions.placement_start(
        youth=youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    body = recent_login(clinician).get(_url(youth)).content.decode()
    assert "H-09" in body and "99 Secret Palm Road" in body
    break_glass_open(
        youth=youth, by=clinician2, reason="Covering the caseload this week during leave."
    )
    response = recent_login(clinician2).get(_url(youth))
    assert response.status_code == 200
    body = response.content.decode()
    assert "H-09" in body and "99 Secret Palm Road" not in body
    row = AccessLog.objects.filter(user=clinician2, action=AccessLog.Action.EXPORTED).get()
    assert "Break-the-glass" in row.reason  # the grant stays visible on the export row


def test_part2_note_left_out_without_consent_and_shown_with_notice_when_consented(
    active_youth, part2_clinician, sud, therapy, recent_login
):
    when = timezone.now() - datetime.timedelta(days=2)
    for service in (sud, therapy):
        services_actions.note_save(
            youth=active_youth,
            service_type=service,
            occurred_at=when,
            minutes=45,
            setting="office",
            text="Fictional session.",
            by=part2_clinician,
            sign=True,
        )
    client = recent_login(part2_clinician)
    body = client.get(_url(active_youth, "court")).content.decode()
    assert therapy.name in body
    assert sud.name not in body and "42 CFR Part 2 notice" not in body
    record_release(
        active_youth,
        by=part2_clinician,
        recipient="Dependency court",
        purpose=ReleaseConsent.Purpose.COURT,
        signed_on=timezone.localdate(),
    )
    body = client.get(_url(active_youth, "court")).content.decode()
    assert sud.name in body and "42 CFR Part 2 notice" in body
    # The consent is for court only: a treatment-team summary still leaves Part 2 out.
    body = client.get(_url(active_youth, "treatment")).content.decode()
    assert sud.name not in body


def test_team_clinician_without_part2_permission_never_sees_part2_even_with_consent(
    active_youth, clinician, part2_clinician, sud, recent_login
):
    services_actions.note_save(
        youth=active_youth,
        service_type=sud,
        occurred_at=timezone.now() - datetime.timedelta(days=1),
        minutes=45,
        setting="office",
        text="Fictional session.",
        by=part2_clinician,
        sign=True,
    )
    record_release(
        active_youth,
        by=part2_clinician,
        recipient="Treatment team",
        purpose=ReleaseConsent.Purpose.TREATMENT,
        signed_on=timezone.localdate(),
    )
    body = recent_login(clinician).get(_url(active_youth)).content.decode()
    assert sud.name not in body
