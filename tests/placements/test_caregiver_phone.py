"""A caregiver's phone follows the rule of the home's address and phone (issue 16): encrypted at
rest, written only through the write path (``Caregiver.phone`` can be set, not read; the column
lives on ``Caregiver._phone``, out of any template's reach), read in clear only in
``placements.addresses``: by on-call through ``caregiver_phones_for`` (shift + one row per youth,
no re-auth: the number is needed at night) and on the home's address page through
``home_contact_for(with_caregivers=True)`` (recent re-auth, the policy, one access-log row).

Before: the coordinator's caregiver edit form pre-filled the number in clear, with no re-auth and
no log row; a stolen session with an hour-old password proof could read every caregiver's line.
"""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from chance.audit.models import AccessLog
from chance.audit.trail import SEALED, field_changes
from chance.security import stamps
from placements import actions
from placements.addresses import caregiver_phones_for
from placements.models import Caregiver, Placement
from services import actions as service_actions
from tests import factories
from tests.audit.test_youth_urls_logged import World
from tests.placements.conftest import make_home
from tests.placements.test_address_one_place import _crawl

NUMBER, NEW_NUMBER = "555-0444", "555-0777"
HOUR_AGO = 60 * 60
KEEP_HELP = "Leave empty to keep the number on file; type a new number to replace it"


def _stamp(client, user, *, seconds_ago):
    client.force_login(user)
    session = client.session
    session[stamps.AUTH_AT] = timezone.now().timestamp() - seconds_ago
    session.save()
    return client


def _give_phone(home, by, number=NUMBER):
    caregiver = Caregiver.objects.get(home=home)
    actions.caregiver_save(caregiver=caregiver, by=by, new_phone=number)
    return caregiver


@pytest.fixture
def placed(coordinator, home, stfc_youth):
    """``stfc_youth`` (primary clinician ``clinician``) in H-07, whose caregiver has a phone."""
    actions.placement_start(
        youth=stfc_youth, setting=Placement.Setting.STFC, home=home, by=coordinator
    )
    _give_phone(home, coordinator)
    return stfc_youth


def _last_id():
    return AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _edit_data(caregiver, **changes):
    return {
        "first_name": caregiver.first_name,
        "last_name": caregiver.last_name,
        "language": caregiver.language,
        "phone": "",
        "available_24_7": "on",
        "attested_on": caregiver.attested_on.isoformat(),
        "active": "on",
        **changes,
    }


# --- The edit form: starts empty, keeps what is on file, replaces what is typed ---------------


def test_the_edit_form_never_shows_the_number_keeps_it_and_replaces_what_is_typed(
    client, coordinator, home
):
    caregiver = _give_phone(home, coordinator)
    _stamp(client, coordinator, seconds_ago=HOUR_AGO)  # an old proof: nothing may need one
    url = reverse("placements:caregiver_edit", args=[home.pk, caregiver.pk])
    before = _last_id()

    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert NUMBER not in body
    phone_input = re.search(r'<input type="tel" name="phone"[^>]*>', body).group(0)
    assert "value=" not in phone_input
    assert KEEP_HELP in body
    assert not AccessLog.objects.filter(id__gt=before).exists()  # nothing shown, nothing logged

    history = caregiver.history.count()
    response = client.post(url, _edit_data(caregiver, last_name="Renamed"))
    assert response.status_code == 302
    kept = Caregiver.objects.get(pk=caregiver.pk)
    assert (kept._phone, kept.last_name) == (NUMBER, "Renamed")
    assert caregiver.history.count() == history + 1
    assert "phone" not in caregiver.history.order_by("-history_id").first().history_change_reason

    response = client.post(url, _edit_data(kept, phone=NEW_NUMBER))
    assert response.status_code == 302
    assert Caregiver.objects.get(pk=caregiver.pk)._phone == NEW_NUMBER
    assert caregiver.history.count() == history + 2
    latest = caregiver.history.order_by("-history_id").first()
    assert latest.history_user_id == coordinator.pk
    assert latest.history_change_reason == "Caregiver changed; phone number replaced"
    # The trail says it changed, never what it was or is.
    rows = {row["field"].lower(): row for row in field_changes(latest)}
    assert rows["phone"]["new"] == SEALED
    shown = " ".join(f"{row['old']} {row['new']}" for row in rows.values())
    assert "555" not in shown
    # Back on the home page: that a number is on file, not the number.
    detail = client.get(response["Location"]).content.decode()
    assert NEW_NUMBER not in detail and NUMBER not in detail
    assert "on file (shown on the address page)" in detail


def test_a_new_caregiver_gets_the_number_typed_and_a_caregiver_without_one_is_told(
    client, coordinator, home
):
    _stamp(client, coordinator, seconds_ago=0)
    page = client.get(reverse("placements:caregiver_new", args=[home.pk])).content.decode()
    assert KEEP_HELP not in page
    response = client.post(
        reverse("placements:caregiver_new", args=[home.pk]),
        {
            "first_name": "Sam",
            "last_name": "Fictional",
            "language": "es",
            "phone": NEW_NUMBER,
            "active": "on",
        },
    )
    assert response.status_code == 302
    added = Caregiver.objects.get(home=home, first_name="Sam")
    assert (added._phone, added.language_name) == (NEW_NUMBER, "Spanish")
    assert added.history.get().history_change_reason == "Caregiver added"
    # The caregiver make_home adds has no phone: the form says so instead of "keep".
    bare = Caregiver.objects.get(home=home, first_name="Pat")
    page = client.get(reverse("placements:caregiver_edit", args=[home.pk, bare.pk]))
    assert "No number on file yet." in page.content.decode()
    assert KEEP_HELP not in page.content.decode()


# --- Where the number is shown: the address page (re-auth, one row) and on-call ---------------


def test_the_coordinator_reads_the_number_on_the_address_page_after_reauth_in_one_row(
    client, coordinator, placed, home
):
    _stamp(client, coordinator, seconds_ago=HOUR_AGO)
    url = reverse("placements:home_address", args=[home.pk])
    before = _last_id()
    detour = client.get(url)
    assert detour.status_code == 302 and detour["Location"].startswith(reverse("security:reauth"))
    assert NUMBER.encode() not in detour.content
    assert not AccessLog.objects.filter(id__gt=before, what="home address").exists()

    back = client.post(detour["Location"], {"password": factories.PASSWORD})
    assert back.status_code == 302 and back["Location"] == url
    before = _last_id()
    response = client.get(url)
    assert response.status_code == 200
    assert f'href="tel:{NUMBER}"' in response.content.decode()
    (row,) = AccessLog.objects.filter(id__gt=before)
    assert (row.user_id, row.youth_id, row.what, row.object_ref) == (
        coordinator.pk,
        placed.pk,
        "home address",
        f"placements.Home:{home.pk}",
    )
    assert "caregiver phones" in row.reason
    assert NUMBER not in row.reason + row.path


def test_a_vacant_homes_caregiver_phone_is_logged_too(client, coordinator):
    vacant = make_home(by=coordinator, code="H-52")
    _give_phone(vacant, coordinator)
    _stamp(client, coordinator, seconds_ago=0)
    before = _last_id()
    response = client.get(reverse("placements:home_address", args=[vacant.pk]))
    assert NUMBER.encode() in response.content
    (row,) = AccessLog.objects.filter(id__gt=before)
    assert row.youth_id is None and row.what == "home address" and "caregiver phones" in row.reason


def test_oncall_in_shift_still_reads_it_without_reauth(client, oncall, shift_now, placed):
    _stamp(client, oncall, seconds_ago=HOUR_AGO)
    before = _last_id()
    html = client.get(reverse("services:oncall_youth", args=[placed.pk])).content.decode()
    assert f'href="tel:{NUMBER}"' in html
    (row,) = AccessLog.objects.filter(id__gt=before, youth_id=placed.pk)
    assert "caregiver phones of home H-07" in row.reason


# --- Outsider twins --------------------------------------------------------------------------


@pytest.mark.parametrize("seconds_ago", [HOUR_AGO, 0])
def test_an_outsider_clinician_or_support_staff_sees_no_number(
    client, coordinator, clinician2, support, placed, home, seconds_ago
):
    elsewhere = make_home(by=coordinator, code="H-53")
    actions.support_assignment_create(home=elsewhere, user=support, by=coordinator)
    caregiver = Caregiver.objects.get(home=home)
    urls = [
        reverse("placements:home_address", args=[home.pk]),
        reverse("placements:home_detail", args=[home.pk]),
        reverse("placements:caregiver_edit", args=[home.pk, caregiver.pk]),
        reverse("services:oncall_youth", args=[placed.pk]),
    ]
    for user in (clinician2, support):
        _stamp(client, user, seconds_ago=seconds_ago)
        for url in urls:
            response = client.get(url)
            detour = seconds_ago and url == urls[0]  # an old re-auth is asked for first
            assert response.status_code == (302 if detour else 404), (user, url)
            assert NUMBER.encode() not in response.content
        request = RequestFactory().get("/")
        request.user = user
        assert caregiver_phones_for(request, [placed.pk]) == {}
    assert not AccessLog.objects.filter(
        user__in=[clinician2, support], what="home address"
    ).exists()


def test_oncall_out_of_shift_sees_no_number(client, oncall, admin_user, placed, home):
    _stamp(client, oncall, seconds_ago=0)
    for url in (
        reverse("services:oncall_essentials"),
        reverse("services:oncall_youth", args=[placed.pk]),
        reverse("placements:home_address", args=[home.pk]),  # on-call holds no address
    ):
        response = client.get(url)
        assert response.status_code == 404 and NUMBER.encode() not in response.content
    shift = service_actions.oncall_shift_create(
        user=oncall,
        role="primary",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        by=admin_user,
    )
    with time_machine.travel(shift.ends_at + datetime.timedelta(minutes=1)):
        request = RequestFactory().get("/")
        request.user = oncall
        assert caregiver_phones_for(request, [placed.pk]) == {}


# --- Nothing else can read it -----------------------------------------------------------------


def test_no_template_or_module_reads_a_caregiver_phone_but_the_one_place():
    """``Caregiver.phone`` refuses to be read (a template reaching for it fails loudly, naming
    the one place) and ``_phone`` is out of a template's reach. No template names it, and no
    Python module outside ``placements/addresses.py`` reads the column's value."""
    caregiver = Caregiver(first_name="Pat", last_name="Fictional", phone=NUMBER)
    assert caregiver._phone == NUMBER
    with pytest.raises(AttributeError, match="caregiver_phones_for"):
        caregiver.phone  # noqa: B018
    with pytest.raises(AttributeError, match="caregiver_phones_for"):
        Template("{{ cg.phone }}").render(Context({"cg": caregiver}))
    with pytest.raises(TemplateSyntaxError):
        Template("{{ cg._phone }}")

    root = Path(settings.BASE_DIR)
    in_templates = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in (root / "templates").rglob("*.html")
        for match in re.finditer(r"\b(?:caregivers?|cg)\.phone\b|_phone\b", path.read_text())
    ]
    assert in_templates == []
    read = re.compile(r"\._phone\b|[\"']_phone[\"']")
    in_python = [
        f"{path.relative_to(root)}:{n}"
        for app in ("cases", "placements", "services", "chance")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and path.name != "addresses.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if read.search(line) and ".defer(" not in line  # deferring keeps it undecrypted
    ]
    assert in_python == []


@pytest.fixture
def world(request, db):
    world = World(request)
    _give_phone(world.home, world.coordinator)
    world.vacant_home  # noqa: B018
    return world


# Pages that may carry a caregiver's number: the address page, and the safety essentials.
REVEALING = {"placements:home_address", "services:oncall_youth", "services:oncall_essentials"}


@pytest.mark.parametrize(
    ("persona", "seconds_ago"),
    [("coordinator", HOUR_AGO), ("clinician", HOUR_AGO), ("coordinator", 0)],
)
def test_every_page_keeps_the_number_to_the_pages_that_may_show_it(
    client, world, request, persona, seconds_ago
):
    """Every page the crawl reaches: the number only on the pages that may show it, and for the
    coordinator only on the address page after a fresh re-auth (coordinators hold no safety
    essentials); the team clinician sees it on the youth's safety essentials."""
    _stamp(client, request.getfixturevalue(persona), seconds_ago=seconds_ago)
    bodies = _crawl(client, world)
    # The crawl does not fill in the essentials' youth id (its segment names no kind).
    essentials = reverse("services:oncall_youth", args=[world.youth.pk])
    bodies[f"services:oncall_youth {essentials}"] = client.get(essentials).content
    shown = sorted(page.split(" ")[0] for page, body in bodies.items() if NUMBER.encode() in body)
    assert set(shown) <= REVEALING, shown
    expected = {
        ("coordinator", HOUR_AGO): [],
        ("clinician", HOUR_AGO): ["services:oncall_youth"],
        ("coordinator", 0): ["placements:home_address"],
    }[(persona, seconds_ago)]
    assert shown == expected


def test_a_caregivers_preferred_language_is_shown_and_other_must_be_named(
    client, coordinator, home
):
    _stamp(client, coordinator, seconds_ago=0)
    caregiver = Caregiver.objects.get(home=home, first_name="Pat")
    url = reverse("placements:caregiver_edit", args=[home.pk, caregiver.pk])
    data = _edit_data(caregiver, available_24_7="", attested_on="", language="other")
    refused = client.post(url, data)
    assert refused.context["form"].errors["language_other"] == ["Name the language."]
    caregiver.refresh_from_db()
    assert caregiver.language == "en"
    assert client.post(url, {**data, "language_other": "Portuguese (Brazil)"}).status_code == 302
    detail = client.get(reverse("placements:home_detail", args=[home.pk])).content.decode()
    assert "Preferred language: Portuguese (Brazil)" in detail
