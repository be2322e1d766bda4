import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cases.models import Youth
from chance.accounts import roles
from chance.audit import log, trail
from chance.audit.models import AccessLog
from chance.history import save_audited
from tests import factories

from .conftest import bulk_chained

TRAIL = reverse("audit:trail")


def change_youth(youth, by, **fields):
    youth = Youth.objects.get(pk=youth.pk)
    for name, value in fields.items():
        setattr(youth, name, value)
    save_audited(youth, by=by, reason="Corrected after court hearing")
    return youth.history.latest("history_id")


def change_url(record):
    ct = ContentType.objects.get_for_model(type(record))
    return reverse("audit:change", args=[ct.pk, record.history_id])


@pytest.mark.parametrize("persona", ["clinician", "clinician2", "coordinator", "oncall", "support"])
def test_staff_other_than_supervisors_and_admins_get_404(request, login, youth, persona):
    client = login(request.getfixturevalue(persona))
    record = change_youth(youth, request.getfixturevalue("coordinator"), preferred_name="Rae")
    assert client.get(TRAIL).status_code == 404
    assert client.get(reverse("audit:export")).status_code == 404
    assert client.get(change_url(record)).status_code == 404


def test_supervisor_sees_the_trail_of_their_youths(login, supervisor, clinician, youth):
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    response = login(supervisor).get(TRAIL, {"record_number": youth.record_number})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {"viewed", "created"} <= {r["action"] for r in rows}
    assert all(r["youth_id"] == youth.pk for r in rows)
    assert youth.record_number.encode() in response.content


def test_supervisor_of_another_team_sees_nothing_of_this_youth(login, clinician, youth):
    other = factories.make_user("sup2", roles.SUPERVISOR)
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    client = login(other)
    response = client.get(TRAIL)
    assert response.status_code == 200 and response.context["rows"] == []
    known = client.get(TRAIL, {"record_number": youth.record_number})
    unknown = client.get(TRAIL, {"record_number": "CH-99999"})
    message = b"No youth with that record number is in your audit trail."
    assert message in known.content and message in unknown.content
    assert youth.record_number.encode() not in known.content.replace(
        f'value="{youth.record_number}"'.encode(), b""
    )
    record = change_youth(youth, clinician, preferred_name="Rae")
    assert client.get(change_url(record)).status_code == 404


def test_supervisor_does_not_see_sign_ins_admin_does(login, supervisor, admin_user, clinician):
    log.append(action=AccessLog.Action.LOGIN_FAILED, username="clinician", what="login")
    assert login(supervisor).get(TRAIL, {"action": "login_failed"}).context["rows"] == []
    rows = login(admin_user).get(TRAIL, {"action": "login_failed"}).context["rows"]
    assert [r["action"] for r in rows] == ["login_failed"]


def test_filters_by_user_kind_action_and_dates(login, supervisor, clinician, coordinator, youth):
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    change_youth(youth, coordinator, preferred_name="Rae")
    client = login(supervisor)
    by_user = client.get(TRAIL, {"user": clinician.pk}).context["rows"]
    assert by_user and {r["username"] for r in by_user} == {"clinician"}
    youth_kind = trail.source_by_key("cases.historicalyouth").key
    by_kind = client.get(TRAIL, {"kind": youth_kind}).context["rows"]
    assert by_kind and {r["kind"] for r in by_kind} == {"Youth"}
    changed = client.get(TRAIL, {"action": "changed"}).context["rows"]
    assert [r["action"] for r in changed] == ["changed"]
    today = timezone.localdate()
    assert client.get(TRAIL, {"since": today, "until": today}).context["rows"]
    yesterday = today - datetime.timedelta(days=1)
    assert client.get(TRAIL, {"until": yesterday}).context["rows"] == []


@pytest.mark.parametrize(
    "params, message",
    [
        ({"since": "2020-02-02", "until": "2020-01-01"}, b"The end date is before the start date."),
        ({"since": "2999-01-01"}, b"The start date cannot be in the future."),
        ({"since": "not-a-date"}, b"Enter a valid date."),
        ({"action": "nonsense"}, b"Select a valid choice."),
        ({"user": "999999"}, b"Select a valid choice."),
    ],
)
def test_bad_filters_get_a_message_not_a_500(login, supervisor, youth, params, message):
    response = login(supervisor).get(TRAIL, params)
    assert response.status_code == 200
    assert message in response.content


def test_malformed_cursor_shows_the_first_page(login, supervisor, youth):
    assert login(supervisor).get(TRAIL, {"after": "garbage~x"}).status_code == 200


def test_pages_walk_every_event_once(login, supervisor, clinician, youth):
    bulk_chained(130, user=clinician, youth_id=youth.pk)
    # Counted before walking: each filtered page view is itself logged (newer than the walk).
    total = AccessLog.objects.filter(youth_id=youth.pk).count() + sum(
        s.model.objects.filter(**{s.youth_field: youth.pk}).count()
        for s in trail.history_sources()
        if s.youth_field and "__" not in s.youth_field
    )
    client = login(supervisor)
    response = client.get(TRAIL, {"record_number": youth.record_number})
    seen, pages = [], 1
    while True:
        seen += [member for r in response.context["rows"] for member in r["members"]]
        if not response.context["next_query"]:
            break
        response = client.get(f"{TRAIL}?{response.context['next_query']}")
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == total


def test_change_opens_a_field_by_field_diff(login, supervisor, coordinator, youth):
    record = change_youth(
        youth, coordinator, preferred_name="Rae", custody_status=Youth.Custody.PARENT
    )
    response = login(supervisor).get(change_url(record))
    assert response.status_code == 200
    changes = {c["field"]: (c["old"], c["new"]) for c in response.context["changes"]}
    assert changes["Preferred name"] == ("—", "Rae")
    assert changes["Custody status"] == (
        "Dependent (child welfare custody)",
        "Parent or guardian",
    )
    assert b"Corrected after court hearing" in response.content
    # Opening a change about a youth is itself an access to that youth.
    row = AccessLog.objects.latest("id")
    assert (row.user, row.youth_id, row.what) == (supervisor, youth.pk, "audit:change")


def test_diff_shows_foreign_keys_by_name(login, supervisor, clinician, youth):
    record = youth.assignments.get(user=clinician).history.earliest("history_id")
    changes = {c["field"]: c for c in login(supervisor).get(change_url(record)).context["changes"]}
    assert changes["User"]["new"] == str(clinician)
    assert changes["Role"]["new"] == "Primary clinician"
    assert changes["Youth"]["new"] == youth.record_number


def test_admin_sees_the_event_but_not_the_values(login, admin_user, coordinator, youth):
    record = change_youth(youth, coordinator, preferred_name="Rae")
    response = login(admin_user).get(change_url(record))
    assert response.status_code == 200
    assert b"Rae" not in response.content
    assert b"(content hidden)" in response.content
    assert [c["field"] for c in response.context["changes"]] == ["Preferred name"]
    rows = login(admin_user).get(TRAIL).context["rows"]
    assert youth.record_number not in {r["youth_label"] for r in rows}


def test_clinical_values_need_view_clinical_on_the_youth(supervisor, admin_user, youth):
    source = trail.source_by_key("cases.historicalcontact")
    clinical = trail.Source(source.key, source.label, source.model, "youth_id", clinical=True)
    assert trail.may_see_values(supervisor, clinical, None, youth)  # on the team
    assert not trail.may_see_values(admin_user, clinical, None, youth)
    other = factories.make_user("sup2", roles.SUPERVISOR)
    assert not trail.may_see_values(other, clinical, None, youth)


def test_every_history_model_is_a_source(db):
    keys = {s.key for s in trail.history_sources()}
    assert {"cases.historicalyouth", "cases.historicalcaseassignment"} <= keys
    youth_source = trail.source_by_key("cases.historicalyouth")
    assert youth_source.youth_field == "id"
    assert trail.source_by_key("cases.historicalexploitationtype").youth_field is None


def test_csv_export_is_complete_and_logged(login, supervisor, clinician, youth):
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    client = login(supervisor)
    response = client.get(reverse("audit:export"), {"record_number": youth.record_number})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = lines[0], lines[1:]
    assert header[:4] == ["when", "staff member", "username", "action"]
    assert ["clinician", "Viewed"] in [[r[2], r[3]] for r in body]
    assert {r[5] for r in body} == {youth.record_number}
    export = AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).get()
    assert (export.user, export.youth_id) == (supervisor, youth.pk)


def test_csv_export_needs_a_recent_sign_in(login, supervisor, youth):
    import datetime

    import time_machine
    from django.utils import timezone

    client = login(supervisor)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        response = client.get(reverse("audit:export"), {"record_number": youth.record_number})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:reauth"))
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORTED).exists()


@pytest.mark.parametrize("rows", [100, 10_000])
def test_trail_page_queries_do_not_grow_with_the_log(
    login, supervisor, clinician, youth, rows, django_assert_max_num_queries
):
    bulk_chained(rows, user=clinician, youth_id=youth.pk)
    client = login(supervisor)
    client.get(TRAIL)  # warm the session and caches
    # 19 whatever the log size: session, user, perms, filters, ONE union, who, which youth,
    # notifications bell, the access-log row this filtered view writes (5 with its lock), and
    # the fields the youth's creation set (its history rows with the row before each, its lists).
    with django_assert_max_num_queries(19):
        response = client.get(TRAIL, {"record_number": youth.record_number})
    assert len(response.context["rows"]) == trail.PAGE_SIZE
    with django_assert_max_num_queries(19):
        response = client.get(f"{TRAIL}?{response.context['next_query']}")
    assert len(response.context["rows"]) == trail.PAGE_SIZE


@pytest.mark.parametrize("rows", [100, 10_000])
def test_admin_trail_queries_do_not_grow_with_the_log(
    login, admin_user, clinician, youth, rows, django_assert_max_num_queries
):
    bulk_chained(rows, user=clinician, youth_id=youth.pk)
    client = login(admin_user)
    client.get(TRAIL)
    # The youth's creation on the page adds two (its rows with the row before each, its lists).
    with django_assert_max_num_queries(12):
        response = client.get(TRAIL)
    assert len(response.context["rows"]) == trail.PAGE_SIZE


def test_who_viewed_tab_for_supervisors(login, supervisor, clinician, youth):
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    url = reverse("cases:viewers", args=[youth.pk])
    response = login(supervisor).get(url)
    assert response.status_code == 200
    assert b"Who viewed" in response.content
    assert str(clinician).encode() in response.content


@pytest.mark.parametrize("persona", ["clinician", "clinician2", "coordinator", "admin_user"])
def test_who_viewed_is_404_for_others(request, login, youth, persona):
    url = reverse("cases:viewers", args=[youth.pk])
    assert login(request.getfixturevalue(persona)).get(url).status_code == 404


@pytest.mark.parametrize("rows", [100, 10_000])
def test_who_viewed_queries_do_not_grow(
    login, supervisor, clinician, youth, rows, django_assert_max_num_queries
):
    bulk_chained(rows, user=clinician, youth_id=youth.pk)
    client = login(supervisor)
    client.get(reverse("cases:viewers", args=[youth.pk]))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("cases:viewers", args=[youth.pk]))
    assert len(response.context["rows"]) == 50


def test_pages_viewed_are_named_in_people_s_words(login, supervisor, clinician, youth):
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    login(clinician).get(reverse("placements:youth_placements", args=[youth.pk]))
    html = login(supervisor).get(TRAIL, {"record_number": youth.record_number}).content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "Youth overview" in table and "Placements" in table
    assert "cases:detail" not in table and "placements:youth_placements" not in table
