"""A home's address and phone are read in one place (``placements.addresses.home_contact_for``):
a recent re-auth, the access policy, one access-log row. Issue 15: a coordinator with a stolen
session whose last password proof was an hour old saw every address and phone pre-filled in the
home edit form, with no re-auth and no row.

The crawl walks every named URL pattern: those without parameters, and those whose ids the
access-log sweep (``tests/audit/test_youth_urls_logged.py``) knows how to build (youth, home,
placement, episode, note, plan, ...) for a youth placed in a home and for a vacant home. Pages
whose ids nobody builds (an alarm event, a crisis call, a user) are left out here; they carry
no home's contact by construction (no template can read ``Home._address``/``_phone``).
"""

import re

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import timezone

from chance.audit.models import AccessLog
from chance.security import stamps
from placements.models import Home
from tests import factories
from tests.audit.test_youth_urls_logged import (
    BUILDERS,
    OCCUPIED_ADDRESS,
    OCCUPIED_PHONE,
    PARAM,
    World,
    _kind,
    _walk,
)
from tests.placements.conftest import make_home

VACANT_ADDRESS, VACANT_PHONE = "3 Empty Road, Nowhere FL", "555-0199"
SECRETS = (OCCUPIED_ADDRESS, OCCUPIED_PHONE, VACANT_ADDRESS, VACANT_PHONE)
HOUR_AGO = 60 * 60
# Not the app's pages (the health check needs services the crawl does not start).
THIRD_PARTY = ("/healthz",)
HOME_KINDS = {"home", "caregiver", "support"}
# The pages that may show an address, to someone the policy gives it, after a recent re-auth.
REVEALING = {"placements:home_address", "reports:youth_summary"}


@pytest.fixture
def world(request, db):
    world = World(request)
    world.home  # noqa: B018 (places the youth in H-07)
    world.vacant_home  # noqa: B018
    return world


def _stamp(client, user, *, seconds_ago):
    client.force_login(user)
    session = client.session
    session[stamps.AUTH_AT] = timezone.now().timestamp() - seconds_ago
    session.save()
    return client


def _urls(world):
    """(route name, url) for every named pattern the crawl can fill in, once per home."""
    seen, built = set(), world.__dict__.setdefault("built", {})
    for route, name, _callback in _walk(get_resolver().url_patterns):
        matches = list(PARAM.finditer(route))
        for home in (world.home, world.vacant_home):
            world.home_in_use = home
            kwargs = {}
            for match in matches:
                param, kind = match.group(2), _kind(route, match)
                build = BUILDERS.get((name, param)) or BUILDERS.get(kind)
                if build is None:
                    break
                # One record per kind (per home for a home's own records), not one per route.
                key = (build, home.pk if kind in HOME_KINDS else None)
                if key not in built:
                    built[key] = build(world)
                kwargs[param] = built[key]
            else:
                try:
                    url = reverse(name, kwargs=kwargs)
                except NoReverseMatch:
                    continue
                if url not in seen:
                    seen.add(url)
                    yield name, url


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _crawl(client, world):
    """{route name: body} of every GET, for the signed-in user. A page that fails shows nothing,
    but fails the test: a template reaching for ``home.address`` fails loudly, not silently."""
    bodies, failed = {}, []
    client.raise_request_exception = False
    for name, url in _urls(world):
        if url.startswith(THIRD_PARTY):
            continue
        response = client.get(url)
        if response.status_code >= 500:
            failed.append(f"{name} {url}")
        bodies[f"{name} {url}"] = _body(response)
    assert failed == []
    return bodies


def _leaks(bodies, *, allowed=()):
    return sorted(
        f"{page}: {secret}"
        for page, body in bodies.items()
        if page.split(" ")[0] not in allowed
        for secret in SECRETS
        if secret.encode() in body
    )


@pytest.mark.parametrize("persona", ["coordinator", "supervisor", "clinician"])
def test_with_an_hour_old_reauth_no_page_shows_an_address_or_a_phone(
    client, world, request, persona
):
    user = request.getfixturevalue(persona)
    _stamp(client, user, seconds_ago=HOUR_AGO)
    before = AccessLog.objects.filter(what="home address").count()
    bodies = _crawl(client, world)
    assert len(bodies) > 60, sorted(bodies)  # the crawl reached the app, not a login page
    for expected in ("placements:home_edit", "placements:home_detail", "placements:board"):
        assert any(page.startswith(expected + " ") for page in bodies), expected
    assert _leaks(bodies) == []
    assert AccessLog.objects.filter(what="home address").count() == before


def test_with_a_recent_reauth_only_the_address_pages_show_it(client, world, coordinator):
    """The one place is the only way: with a fresh re-auth the coordinator sees the address on
    the address page (and the printable summary, for those who may print it) and nowhere else."""
    _stamp(client, coordinator, seconds_ago=0)
    bodies = _crawl(client, world)
    assert _leaks(bodies, allowed=REVEALING) == []
    shown = [page for page, body in bodies.items() if OCCUPIED_ADDRESS.encode() in body]
    assert shown and all(page.startswith("placements:home_address ") for page in shown)


def test_after_reauth_the_address_page_shows_it_and_writes_one_row(client, world, coordinator):
    _stamp(client, coordinator, seconds_ago=HOUR_AGO)
    url = reverse("placements:home_address", args=[world.home.pk])
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    detour = client.get(url)
    assert detour.status_code == 302 and detour["Location"].startswith(reverse("security:reauth"))
    assert not AccessLog.objects.filter(id__gt=before, what="home address").exists()

    back = client.post(detour["Location"], {"password": factories.PASSWORD})
    assert back.status_code == 302 and back["Location"] == url
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(url)
    assert response.status_code == 200
    assert OCCUPIED_ADDRESS.encode() in response.content
    assert OCCUPIED_PHONE.encode() in response.content
    rows = list(AccessLog.objects.filter(id__gt=before))
    assert [(r.user_id, r.youth_id, r.what, r.object_ref) for r in rows] == [
        (coordinator.pk, world.youth.pk, "home address", f"placements.Home:{world.home.pk}")
    ]
    assert rows[0].action == AccessLog.Action.VIEWED and rows[0].reason
    assert OCCUPIED_ADDRESS not in rows[0].reason + rows[0].path


def _edit_data(home, **changes):
    return {
        "code": home.code,
        "status": home.status,
        "license_number": home.license_number,
        "certified_on": home.certified_on.isoformat(),
        "license_expires_on": home.license_expires_on.isoformat(),
        "alarm_installed": "on",
        "other_foster_children": home.other_foster_children,
        "address": "",
        "phone": "",
        **changes,
    }


def test_the_edit_form_starts_empty_keeps_what_is_stored_and_replaces_what_is_typed(
    client, coordinator
):
    home = make_home(by=coordinator, code="H-41", address=VACANT_ADDRESS, phone=VACANT_PHONE)
    _stamp(client, coordinator, seconds_ago=HOUR_AGO)
    url = reverse("placements:home_edit", args=[home.pk])
    before = AccessLog.objects.count()

    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert VACANT_ADDRESS not in body and VACANT_PHONE not in body
    assert re.search(r'<textarea name="address"[^>]*>\s*</textarea>', body)
    phone_input = re.search(r'<input type="text" name="phone"[^>]*>', body).group(0)
    assert "value=" not in phone_input
    assert "Leave empty to keep the current address" in body
    assert "Leave empty to keep the current phone" in body
    assert AccessLog.objects.count() == before  # nothing shown, nothing to log

    history = home.history.count()
    response = client.post(url, _edit_data(home, license_number="LIC-NEW"))
    assert response.status_code == 302
    kept = Home.objects.get(pk=home.pk)
    assert (kept._address, kept._phone, kept.license_number) == (
        VACANT_ADDRESS,
        VACANT_PHONE,
        "LIC-NEW",
    )
    assert home.history.count() == history + 1

    response = client.post(
        url, _edit_data(kept, address="7 New Harbor Way, Nowhere FL", phone="555-0777")
    )
    assert response.status_code == 302
    moved = Home.objects.get(pk=home.pk)
    assert (moved._address, moved._phone) == ("7 New Harbor Way, Nowhere FL", "555-0777")
    latest = home.history.order_by("-history_id").first()
    assert home.history.count() == history + 2
    assert latest.history_user_id == coordinator.pk and latest.history_change_reason
    # The edit redirects to the detail page, which shows neither the old nor the new address.
    detail = client.get(response["Location"]).content
    assert b"New Harbor" not in detail and b"555-0777" not in detail


def test_an_outsider_gets_404_and_no_address(client, world, clinician2):
    for seconds_ago in (HOUR_AGO, 0):
        _stamp(client, clinician2, seconds_ago=seconds_ago)
        for name in ("placements:home_address", "placements:home_detail", "placements:home_edit"):
            response = client.get(reverse(name, args=[world.home.pk]))
            # An old re-auth is asked for again before anything else (for any home id).
            aged_detour = seconds_ago and name == "placements:home_address"
            assert response.status_code == (302 if aged_detour else 404), name
            assert not any(s.encode() in response.content for s in SECRETS), name
        assert _leaks(_crawl(client, world)) == []
    assert not AccessLog.objects.filter(user=clinician2, what="home address").exists()


def test_no_template_reads_a_home_address_or_phone():
    """``Home.address``/``Home.phone`` are write-only and the columns live on underscore names,
    so a template that tries fails loudly; reading them in Python says where to go instead."""
    home = Home(code="H-42", address="1 Anywhere", phone="555-0101")
    assert home._address == "1 Anywhere"
    with pytest.raises(AttributeError, match="home_contact_for"):
        home.address  # noqa: B018
    with pytest.raises(AttributeError, match="home_contact_for"):
        home.phone  # noqa: B018


def test_the_audit_trail_says_an_address_changed_never_what_it_is(coordinator):
    from chance.audit.trail import SEALED, field_changes
    from placements import actions

    home = make_home(by=coordinator, code="H-43", address=VACANT_ADDRESS, phone=VACANT_PHONE)
    home.address = "7 New Harbor Way, Nowhere FL"
    actions.home_save(home=home, by=coordinator, reason="Moved")
    records = home.history.order_by("history_id")
    for record in (records.first(), records.last()):  # created, then moved
        rows = {row["field"]: row for row in field_changes(record)}
        assert rows["Address"]["new"] == SEALED
        shown = " ".join(f"{row['old']} {row['new']}" for row in rows.values())
        assert "Harbor" not in shown and "Empty Road" not in shown and "555" not in shown
