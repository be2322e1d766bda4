"""The trail's faster paths give exactly the rows of the plain UNION they replace.

- The pilot bound (trail._bounded_union): the biggest source's ``limit``-th newest time bounds
  every other source. Checked against a reference merge in Python, for every possible pilot,
  many page sizes, ties on the bound, and a keyset walk.
- The scope filter as one array parameter (trail.AnyOf): each supervisor sees their own youths'
  events and none of another team's.
- The staff-member select written without templates (forms.PlainSelect): Django's markup exactly.
"""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseAssignment
from chance.accounts import roles
from chance.audit import log, trail
from chance.audit.forms import PlainSelect
from chance.audit.models import AccessLog
from tests import factories

from .conftest import bulk_chained

TRAIL = reverse("audit:trail")
pytestmark = pytest.mark.postgres  # the bound is PostgreSQL's path (SQLite has no inner LIMIT)


def access_rows_at(times, *, user, youth_id):
    """Access-log rows at the given times, chained like log.append would chain them."""
    last = AccessLog.objects.order_by("-id").values_list("hash", flat=True).first()
    prev = last or log.GENESIS
    rows = []
    for at in times:
        row = AccessLog(
            at=at,
            user=user,
            username=user.username,
            youth_id=youth_id,
            action=AccessLog.Action.VIEWED,
            what="cases:detail",
            path="/youths/x/",
            method="GET",
            ip="127.0.0.1",
            prev_hash=prev,
        )
        row.hash = row.compute_hash()
        prev = row.hash
        rows.append(row)
    AccessLog.objects.bulk_create(rows)


def reference(scope, filters, cursor=None):
    """Every event, merged and sorted in Python: what the page must show, page after page."""
    found = []
    for source in scope.sources():
        qs = trail._source_queryset(source, scope, filters, cursor)
        if qs is not None:
            found += list(qs.order_by())
    return sorted(found, key=lambda e: (e["ev_at"], e["ev_src"], e["ev_pk"]), reverse=True)


def keys(events):
    return [(e["ev_at"], e["ev_src"], e["ev_pk"]) for e in events]


@pytest.fixture
def busy_youth(youth, clinician, coordinator):
    """Events in several sources with times that interleave and tie across sources: three views
    at the very time of the newest change (so a bound can fall on a tie), then older ones."""
    newest = max(
        s.model.objects.filter(**{s.youth_field: youth.pk}).latest("history_date").history_date
        for s in trail.history_sources()
        if s.youth_field and s.model.objects.filter(**{s.youth_field: youth.pk}).exists()
    )
    oldest = youth.history.earliest("history_id").history_date
    access_rows_at([newest] * 3, user=clinician, youth_id=youth.pk)
    access_rows_at(
        [newest - (newest - oldest) * i / 10 for i in range(1, 10)]
        + [oldest - datetime.timedelta(seconds=s) for s in range(0, 12)],
        user=clinician,
        youth_id=youth.pk,
    )
    return youth


@pytest.fixture(params=["access", "cases.historicalyouth", "cases.historicalcaseassignment"])
def pilot(request, monkeypatch):
    """Make the given source the biggest, so it is the pilot."""
    table = trail.source_by_key(request.param).model._meta.db_table
    monkeypatch.setattr(trail, "_table_rows", lambda: {table: 1e9})
    return request.param


def test_bounded_union_returns_the_rows_of_the_plain_union(supervisor, busy_youth, pilot):
    scope = trail.trail_scope(supervisor)
    filters = trail.Filters()
    expected = keys(reference(scope, filters))
    assert len(expected) > 25
    # Every page size: the bound falls on each row of the pilot in turn, the tied ones included.
    for limit in [*range(1, len(expected) + 2), 100]:
        assert keys(trail.events(scope, filters, limit=limit)) == expected[:limit], limit


def test_bounded_union_walks_every_event_once_in_order(supervisor, busy_youth, pilot):
    scope = trail.trail_scope(supervisor)
    filters = trail.Filters(youth_id=busy_youth.pk)
    expected = keys(reference(scope, filters))
    seen, cursor = [], None
    while True:
        page = trail.events(scope, filters, limit=4, cursor=cursor)
        if not page:
            break
        seen += keys(page)
        cursor = trail.Cursor(*seen[-1])
    assert seen == expected


def test_bounded_union_keeps_filters(supervisor, busy_youth, clinician, pilot):
    scope = trail.trail_scope(supervisor)
    for filters in (
        trail.Filters(user_id=clinician.pk),
        trail.Filters(action="viewed"),
        trail.Filters(action="created"),
        trail.Filters(since=timezone.now() - datetime.timedelta(seconds=5)),
    ):
        assert keys(trail.events(scope, filters, limit=5)) == keys(reference(scope, filters))[:5]


def test_admin_bounded_union_matches_too(admin_user, busy_youth, pilot):
    scope = trail.trail_scope(admin_user)
    expected = keys(reference(scope, trail.Filters()))
    assert keys(trail.events(scope, trail.Filters(), limit=7)) == expected[:7]


def second_team():
    sup = factories.make_user("sup2", roles.SUPERVISOR)
    clin = factories.make_user("clin2", roles.CLINICIAN, supervisor=sup)
    coord = factories.make_user("coord2", roles.COORDINATOR, supervisor=sup)
    youth = factories.refer_youth(by=coord)
    case_actions.case_assignment_create(
        youth=youth, user=clin, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coord
    )
    return sup, clin, youth


def test_each_supervisor_sees_their_own_youths_only(login, supervisor, clinician, youth):
    sup2, clin2, youth2 = second_team()
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    login(clin2).get(reverse("cases:detail", args=[youth2.pk]))
    mine = login(supervisor).get(TRAIL).context["rows"]
    assert mine and {r["youth_id"] for r in mine} == {youth.pk}
    theirs = login(sup2).get(TRAIL).context["rows"]
    assert theirs and {r["youth_id"] for r in theirs} == {youth2.pk}


def test_outsider_supervisor_cannot_filter_to_another_teams_youth(login, youth, clinician):
    sup2, _clin2, _youth2 = second_team()
    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    response = login(sup2).get(TRAIL, {"record_number": youth.record_number})
    assert response.context["rows"] == []
    assert not AccessLog.objects.filter(user=sup2, youth_id=youth.pk).exists()


@pytest.mark.parametrize("value", [None, "", "a", "2", 3, ["1"]])
@pytest.mark.parametrize(
    "choices",
    [
        [("", "Anyone"), ("a", "A <b> & c"), (3, 'x"y')],
        [("Group <1>", [("1", "one"), ("2", "two")]), ("3", "three")],
        [("", [("1", "one")]), (None, "none"), ("2", [("2", "a"), ("2", "b")])],
    ],
)
def test_plain_select_writes_djangos_markup(choices, value):
    attrs = {"id": "id_x", "data-x": 'a"b', "required": True, "disabled": False}
    for given in (None, attrs):
        stock = forms.Select(choices=choices).render("n<", value, given)
        assert PlainSelect(choices=choices).render("n<", value, given) == stock


def test_staff_filter_lists_every_user_and_keeps_the_choice(login, supervisor, clinician, youth):
    response = login(supervisor).get(TRAIL, {"user": clinician.pk})
    html = response.content.decode()
    assert f'<option value="{clinician.pk}" selected>{clinician}</option>' in html
    assert f'<option value="{supervisor.pk}">{supervisor}</option>' in html


@pytest.mark.parametrize("youths", [1, 6])
def test_trail_queries_do_not_grow_with_the_youths_supervised(
    login, supervisor, coordinator, clinician, youths, django_assert_max_num_queries
):
    for _ in range(youths):
        youth = factories.refer_youth(by=coordinator)
        case_actions.case_assignment_create(
            youth=youth, user=clinician, role=CaseAssignment.Role.PRIMARY_CLINICIAN, by=coordinator
        )
        bulk_chained(60, user=clinician, youth_id=youth.pk)
    client = login(supervisor)
    client.get(TRAIL)  # warm the session and caches
    # session, user, perms and roles, the supervised youths, the bound, ONE union, who, which
    # youths, the notifications bell, the staff list; and one or two per kind of record whose
    # changes are on the page (the fields they changed), never per row or per youth.
    with django_assert_max_num_queries(14):
        response = client.get(TRAIL)
    assert len(response.context["rows"]) == trail.PAGE_SIZE


def test_staff_names_in_the_filter_are_the_users_names(db, supervisor, clinician):
    from chance.audit.forms import TrailFilterForm

    nameless = factories.make_user("nameless", first_name="", last_name="")
    first_only = factories.make_user("firstonly", first_name="Ada", last_name="")
    field = TrailFilterForm(None, scope=trail.Scope(everything=True)).fields["user"]
    labels = {str(value): label for value, label in field.choices if value != ""}
    for user in (supervisor, clinician, nameless, first_only):
        assert labels[str(user.pk)] == str(user)


def test_supervision_puts_the_youth_in_the_trail_and_a_group_grant_does_not(
    login, clinician, youth
):
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    login(clinician).get(reverse("cases:detail", args=[youth.pk]))
    member = factories.make_user("member", roles.SUPERVISOR)
    outsider = factories.make_user("outsider", roles.SUPERVISOR)
    # Group object permissions are no ground of access: the policy reads only the decisions it
    # knows (team, break-the-glass) and what follows from facts (supervision, home, shift).
    team = Group.objects.create(name="Night team")
    outsider.groups.add(team)
    assign_perm("cases.approve_clinical", team, youth)
    assign_perm("cases.view_youth", team, youth)
    clinician.supervisor = member
    clinician.save()
    assert trail.supervised_youth_ids(member) == {youth.pk}
    rows = login(member).get(TRAIL).context["rows"]
    assert rows and {r["youth_id"] for r in rows} == {youth.pk}
    assert {r["youth_label"] for r in rows} == {youth.record_number}
    assert trail.supervised_youth_ids(outsider) == frozenset()
    assert login(outsider).get(TRAIL).context["rows"] == []


def test_rows_link_to_their_change_and_show_local_time(login, supervisor, coordinator, youth):
    from django.contrib.contenttypes.models import ContentType
    from django.template.defaultfilters import date

    record = youth.history.earliest("history_id")
    html = login(supervisor).get(TRAIL).content.decode()
    ct = ContentType.objects.get_for_model(type(record))
    link = reverse("audit:change", args=[ct.pk, record.history_id])
    assert f'<a href="{link}">See the change to #{youth.pk}</a>' in html
    at = timezone.localtime(record.history_date)
    # The program's time to the minute, as the rest of the app writes times.
    stamp = f'<time datetime="{at.isoformat()}">{date(at, "Y-m-d H:i")}</time>'
    assert stamp in html
