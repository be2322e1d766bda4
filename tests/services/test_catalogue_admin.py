"""The program admin edits the catalogues in Django admin; nothing else is reachable there.

Service types and instruments (services/admin.py), the youth-profile catalogues (cases/admin.py).
Every write is a real POST to the admin's forms; the outsiders' twins change nothing.
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from cases.models import ExploitationType, RecruitmentPathway, VulnerabilityFactor
from services import actions
from services.models import Instrument, ServiceType
from tests import factories

CATALOGUES = [ServiceType, Instrument, ExploitationType, RecruitmentPathway, VulnerabilityFactor]
LOOKUPS = [ExploitationType, RecruitmentPathway, VulnerabilityFactor]


def url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def service_type_form(st, **overrides):
    data = {"name": st.name, "order": st.order, "_save": "Save"}
    if st.active:
        data["active"] = "on"
    if st.part2:
        data["part2"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def write_note(youth, by, service_type):
    return actions.note_save(
        youth=youth, service_type=service_type, by=by, sign=True, text="Fictional note.",
        minutes=50, setting="office", occurred_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip


@pytest.fixture
def lookups(db):
    return {
        model: model.objects.create(name=f"Fictional {model._meta.verbose_name}", order=1)
        for model in LOOKUPS
    }


# --- Service types -----------------------------------------------------------------------------


def test_program_admin_renames_a_service_type_and_history_names_them(login, admin_user, therapy):
    client = login(admin_user)
    changelist = client.get(url(ServiceType, "changelist"))
    assert changelist.status_code == 200
    assert therapy.name in changelist.content.decode()

    response = client.post(
        url(ServiceType, "change", therapy.pk), service_type_form(therapy, name="Talk therapy")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    therapy.refresh_from_db()
    assert therapy.name == "Talk therapy"
    last = therapy.history.latest()
    assert last.history_user == admin_user
    assert last.history_type == "~"
    assert "name" in last.history_change_reason


def test_the_code_of_a_service_type_is_fixed_once_made(login, admin_user, therapy):
    client = login(admin_user)
    assert 'name="code"' not in client.get(url(ServiceType, "change", therapy.pk)).content.decode()
    client.post(url(ServiceType, "change", therapy.pk), service_type_form(therapy, code="other"))
    therapy.refresh_from_db()
    assert therapy.code == "individual-therapy"


def test_program_admin_adds_a_service_type(login, admin_user):
    response = login(admin_user).post(
        url(ServiceType, "add"),
        {"name": "Fictional art therapy", "code": "art-therapy", "order": 20, "active": "on"},
    )
    assert response.status_code == 302
    added = ServiceType.objects.get(code="art-therapy")
    assert added.part2 is False
    assert added.history.get().history_user == admin_user


def test_part2_flag_is_editable_while_no_record_uses_the_type(login, admin_user, therapy):
    client = login(admin_user)
    page = client.get(url(ServiceType, "change", therapy.pk)).content.decode()
    assert 'name="part2"' in page
    assert "locked" in page  # the help text warns before the first record
    client.post(url(ServiceType, "change", therapy.pk), service_type_form(therapy, part2="on"))
    therapy.refresh_from_db()
    assert therapy.part2 is True


def test_part2_flag_is_locked_once_a_record_uses_the_type(
    login, admin_user, part2_clinician, active_youth, sud
):
    write_note(active_youth, part2_clinician, sud)
    client = login(admin_user)
    page = client.get(url(ServiceType, "change", sud.pk)).content.decode()
    assert 'name="part2"' not in page
    assert "Records already use this service type" in page

    # Unticking the box (the field is simply left out of the POST) changes nothing…
    response = client.post(
        url(ServiceType, "change", sud.pk), service_type_form(sud, part2=None, name="SUD care")
    )
    assert response.status_code == 302
    sud.refresh_from_db()
    assert sud.part2 is True and sud.name == "SUD care"


def test_history_cannot_be_used_to_revert_a_locked_flag(
    login, admin_user, part2_clinician, active_youth, therapy
):
    """Flag set before use; a note is written; a 'revert' to the unflagged version is refused."""
    client = login(admin_user)
    client.post(url(ServiceType, "change", therapy.pk), service_type_form(therapy, order=40))
    client.post(url(ServiceType, "change", therapy.pk), service_type_form(therapy, part2="on"))
    therapy.refresh_from_db()
    assert therapy.part2 is True
    write_note(active_youth, part2_clinician, therapy)
    before = therapy.history.filter(part2=False).latest()

    history_url = url(ServiceType, "simple_history", therapy.pk, before.history_id)
    assert client.get(history_url).status_code == 200  # reading an old version is fine
    response = client.post(history_url, service_type_form(therapy))
    assert response.status_code == 403
    therapy.refresh_from_db()
    assert therapy.part2 is True


# --- Instruments -------------------------------------------------------------------------------


def test_instrument_definition_cannot_be_changed_in_the_admin(login, admin_user, crafft):
    client = login(admin_user)
    definition, code, version = crafft.definition, crafft.code, crafft.version
    page = client.get(url(Instrument, "change", crafft.pk)).content.decode()
    assert 'name="definition"' not in page and 'name="code"' not in page
    assert 'name="reassess_days"' in page

    response = client.post(
        url(Instrument, "change", crafft.pk),
        {
            "active": "on",
            "reassess_days": 30,
            "definition": '{"code": "crafft", "items": []}',
            "code": "hijacked",
            "version": "99",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    crafft.refresh_from_db()
    assert crafft.reassess_days == 30
    assert (crafft.definition, crafft.code, crafft.version) == (definition, code, version)
    assert crafft.history.latest().history_user == admin_user


def test_one_active_version_per_instrument_is_a_form_error_not_a_crash(login, admin_user, crafft):
    old = Instrument.objects.create(
        code=crafft.code, version="0.1", name=crafft.name, definition=crafft.definition,
        active=False,
    )  # fmt: skip
    response = login(admin_user).post(
        url(Instrument, "change", old.pk), {"active": "on", "reassess_days": 90, "_save": "Save"}
    )
    assert response.status_code == 200
    assert "deactivate it first" in response.content.decode()
    old.refresh_from_db()
    assert old.active is False


def test_instruments_are_not_added_in_the_admin(login, admin_user):
    assert login(admin_user).get(url(Instrument, "add")).status_code == 403


# --- Youth-profile catalogues ------------------------------------------------------------------


@pytest.mark.parametrize("model", LOOKUPS)
def test_program_admin_adds_changes_and_deactivates_a_lookup(login, admin_user, model):
    client = login(admin_user)
    response = client.post(
        url(model, "add"),
        {"name": "Fictional entry", "description": "", "order": 3, "active": "on"},
    )
    assert response.status_code == 302
    entry = model.objects.get(name="Fictional entry")
    response = client.post(
        url(model, "change", entry.pk), {"name": "Fictional entry", "description": "", "order": 3}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.active is False
    assert [h.history_user for h in entry.history.all()] == [admin_user, admin_user]


# --- No delete ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model", CATALOGUES)
def test_program_admin_cannot_delete_a_catalogue_entry(login, admin_user, lookups, model):
    entry = model.objects.order_by("pk").first()
    client = login(admin_user)
    assert client.get(url(model, "delete", entry.pk)).status_code == 403
    assert client.post(url(model, "delete", entry.pk), {"post": "yes"}).status_code == 403
    client.post(
        url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert model.objects.filter(pk=entry.pk).exists()


# --- Outsiders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["clinician", "coordinator"])
def test_outsiders_are_sent_to_the_admin_login_and_change_nothing(
    request, login, persona, therapy, lookups
):
    client = login(request.getfixturevalue(persona))
    for model in (ServiceType, ExploitationType):
        response = client.get(url(model, "changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(
        url(ServiceType, "change", therapy.pk), service_type_form(therapy, name="Hijacked")
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    therapy.refresh_from_db()
    assert therapy.name == "Individual therapy"


@pytest.mark.parametrize("role", ["Clinician", "Care coordinator"])
def test_staff_flag_alone_opens_no_catalogue(login, role, therapy, crafft, lookups):
    """A clinician or coordinator wrongly marked staff still holds no catalogue permission."""
    twin = factories.make_user(None, role, is_staff=True)
    client = login(twin)
    for model in CATALOGUES:
        assert client.get(url(model, "changelist")).status_code == 403, model
    response = client.post(
        url(ServiceType, "change", therapy.pk), service_type_form(therapy, name="Hijacked")
    )
    assert response.status_code == 403
    entry = lookups[ExploitationType]
    response = client.post(
        url(ExploitationType, "change", entry.pk), {"name": "Hijacked", "order": 1}
    )
    assert response.status_code == 403
    therapy.refresh_from_db()
    entry.refresh_from_db()
    assert therapy.name == "Individual therapy" and entry.name != "Hijacked"
    assert "Individual therapy" not in client.get("/admin/").content.decode()


# --- No side door to youths or clinical content ------------------------------------------------


def test_only_catalogues_of_the_domain_apps_are_registered():
    registered = {m for m in admin.site._registry if m._meta.app_label in {"cases", "placements",
                                                                           "services"}}  # fmt: skip
    assert registered == set(CATALOGUES)


def test_admin_index_shows_catalogues_and_no_youth_or_clinical_model(
    login, admin_user, active_youth
):
    body = login(admin_user).get("/admin/").content.decode()
    linked = set(re.findall(r'href="/admin/(\w+)/(\w+)/', body))
    catalogues = {(m._meta.app_label, m._meta.model_name) for m in CATALOGUES}
    assert catalogues <= linked
    domain = {(app, model) for app, model in linked if app in {"cases", "placements", "services"}}
    assert domain == catalogues
    for word in ("Referral", "Progress note", "Assessment", "Treatment plan", "Crisis"):
        assert word not in body, word
    assert active_youth.record_number not in body
    assert active_youth.legal_first_name not in body


def test_changelist_filters_cannot_reach_youth_fields(login, admin_user, lookups, active_youth):
    """A query-string lookup across the youth relation would be an oracle for names: refused."""
    response = login(admin_user).get(
        url(ExploitationType, "changelist"),
        {"youth__legal_first_name__startswith": active_youth.legal_first_name[:3]},
    )
    assert response.status_code == 400
