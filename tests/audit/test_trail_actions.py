"""The trail in people's words: one row per user action, fields by their labels, local time,
a form declined for its input apart from an access the policy refused."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import timezone

from cases.forms import IDENTITY_FIELDS
from cases.models import VulnerabilityFactor, Youth
from chance.audit import trail
from chance.audit.models import AccessLog

TRAIL = reverse("audit:trail")


def edit_form_data(youth, **changes):
    """What the youth's edit form sends back with nothing touched, then ``changes``."""
    data = {}
    for name in IDENTITY_FIELDS:
        value = getattr(youth, name)
        data[name] = value.isoformat() if isinstance(value, datetime.date) else (value or "")
    for name in ("exploitation_types", "recruitment_pathways", "vulnerability_factors"):
        data[name] = [str(pk) for pk in getattr(youth, name).values_list("pk", flat=True)]
    data.update(changes)
    return data


def edit_through_the_form(client, youth, **changes):
    before = {
        s.key: s.model.objects.order_by("-history_id").values_list("history_id", flat=True).first()
        or 0
        for s in trail.history_sources()
    }
    response = client.post(reverse("cases:edit", args=[youth.pk]), edit_form_data(youth, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    written = {
        (s.key, pk)
        for s in trail.history_sources()
        for pk in s.model.objects.filter(history_id__gt=before[s.key]).values_list(
            "history_id", flat=True
        )
    }
    return written


def rows_of(client, **params):
    response = client.get(TRAIL, params)
    assert response.status_code == 200
    return response.context["rows"], response.content.decode()


@pytest.fixture
def factor(db):
    return VulnerabilityFactor.objects.filter(active=True).order_by("pk").first()


def test_an_edit_through_the_form_is_one_row_with_its_fields_labelled(
    login, clinician, supervisor, youth, factor
):
    written = edit_through_the_form(
        login(clinician), youth, preferred_name="Rae", vulnerability_factors=[str(factor.pk)]
    )
    # The save and the list update it caused: more than one history row, one action.
    assert len(written) >= 2
    rows, html = rows_of(login(supervisor), record_number=youth.record_number)
    touching = [r for r in rows if written & set(r["members"])]
    assert len(touching) == 1
    row = touching[0]
    assert set(row["members"]) >= written
    # The form's own access-log row (the submission) is part of the same action.
    assert (trail.ACCESS, AccessLog.objects.get(action="submitted", user=clinician).pk) in row[
        "members"
    ]
    assert row["action_label"] == "Changed"
    assert row["kinds"] == ["Youth"]
    assert {"Preferred name", "Vulnerability factors"} <= set(row["fields"])
    assert "preferred_name" not in html and "vulnerability_factors" not in html
    assert "Youth record (edit)" in row["pages"]


def test_the_change_page_shows_every_row_of_the_action(login, clinician, supervisor, youth, factor):
    written = edit_through_the_form(
        login(clinician), youth, preferred_name="Rae", vulnerability_factors=[str(factor.pk)]
    )
    rows, _html = rows_of(login(supervisor), record_number=youth.record_number)
    (row,) = [r for r in rows if written & set(r["members"])]
    response = login(supervisor).get(row["change_url"])
    assert response.status_code == 200
    changes = {c["field"]: (c["old"], c["new"]) for c in response.context["changes"]}
    assert changes["Preferred name"] == ("—", "Rae")
    assert changes["Vulnerability factors"] == ("—", factor.name)
    # One record changed: one section, the save and the list update read as one change.
    assert len(response.context["records"]) == 1
    assert "Youth record (edit)" in response.context["pages"]


def test_times_are_the_program_s_local_time_to_the_minute(
    login, coordinator, supervisor, clinician, youth, settings
):
    settings.TIME_ZONE = "America/New_York"
    edit_through_the_form(login(clinician), youth, preferred_name="Rae")
    record = Youth.history.filter(id=youth.pk).latest("history_id")
    local = timezone.localtime(record.history_date, timezone=timezone.get_current_timezone())
    text = date(local, "Y-m-d H:i")
    utc = date(record.history_date.astimezone(datetime.UTC), "Y-m-d H:i")
    assert text != utc  # New York is never on UTC
    client = login(supervisor)
    _rows, html = rows_of(client, record_number=youth.record_number)
    assert f">{text}</time>" in html and f">{utc}</time>" not in html
    ct = ContentType.objects.get_for_model(type(record))
    page = client.get(reverse("audit:change", args=[ct.pk, record.history_id])).content.decode()
    assert f">{text}</time>" in page
    shown = re.sub(r'datetime="[^"]*"', "", page)  # the machine-readable stamp keeps them
    assert f"{local:%H:%M:%S}" not in shown and f"{local:%f}" not in shown


def test_a_form_declined_for_its_input_is_not_an_access_refused(
    login, clinician, clinician2, supervisor, youth
):
    response = login(clinician).post(
        reverse("services:note_new", args=[youth.pk]), {"service_type": "nonsense"}
    )
    assert response.status_code == 400
    declined = AccessLog.objects.latest("id")
    assert (declined.action, declined.user) == (AccessLog.Action.DECLINED, clinician)
    assert login(clinician2).get(reverse("cases:detail", args=[youth.pk])).status_code == 404
    refused = AccessLog.objects.latest("id")
    assert (refused.action, refused.user) == (AccessLog.Action.DENIED, clinician2)

    client = login(supervisor)
    rows, html = rows_of(client, record_number=youth.record_number)
    labels = {r["username"]: r["action_label"] for r in rows if not r["is_change"]}
    assert labels["clinician"] == "Declined (invalid input)"
    assert labels["clinician2"] == "Access refused"
    assert "Refused</" not in html
    declined_rows, _ = rows_of(client, action="declined")
    assert [r["username"] for r in declined_rows] == ["clinician"]
    refused_rows, _ = rows_of(client, action="denied")
    assert [r["username"] for r in refused_rows] == ["clinician2"]


@pytest.mark.parametrize("persona", ["clinician", "clinician2", "coordinator"])
def test_only_supervisors_and_admins_open_the_trail_and_a_change(
    request, login, persona, supervisor, clinician, youth
):
    edit_through_the_form(login(clinician), youth, preferred_name="Rae")
    record = Youth.history.filter(id=youth.pk).latest("history_id")
    ct = ContentType.objects.get_for_model(type(record))
    change = reverse("audit:change", args=[ct.pk, record.history_id])
    outsider = login(request.getfixturevalue(persona))
    assert outsider.get(TRAIL).status_code == 404
    assert outsider.get(change).status_code == 404
    # The twin: the case's supervisor opens both.
    insider = login(supervisor)
    assert insider.get(TRAIL).status_code == 200
    assert insider.get(change).status_code == 200


@pytest.mark.parametrize("edits", [1, 6])
def test_trail_queries_do_not_grow_with_the_actions_on_the_page(
    login, clinician, supervisor, youth, factor, edits, django_assert_max_num_queries
):
    author = login(clinician)
    for i in range(edits):
        edit_through_the_form(author, youth, preferred_name=f"Rae {i}")
        author.get(reverse("cases:detail", args=[youth.pk]))
    client = login(supervisor)
    client.get(TRAIL)
    # The edits add kinds of record to the page (the youth's fields and lists), never a query
    # per row: the same cap for one edit as for six.
    with django_assert_max_num_queries(15):
        response = client.get(TRAIL)
    rows = response.context["rows"]
    assert sum(r["action"] == "changed" for r in rows) >= edits


def test_csv_keeps_one_line_per_event_with_codes_and_the_action_number(
    login, clinician, supervisor, youth, factor
):
    written = edit_through_the_form(
        login(clinician), youth, preferred_name="Rae", vulnerability_factors=[str(factor.pk)]
    )
    login(clinician).post(
        reverse("services:note_new", args=[youth.pk]), {"service_type": "nonsense"}
    )
    response = login(supervisor).get(
        reverse("audit:export"), {"record_number": youth.record_number}
    )
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = lines[0], [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert header[-4:] == ["action code", "kind code", "changed fields", "user action"]
    edit = [r for r in body if r["kind code"] != trail.ACCESS and r["username"] == "clinician"]
    edit = [r for r in edit if r["action code"] == "changed"]
    assert len(edit) == len(written) >= 2
    # One user action: the history lines and the submission share its number.
    numbers = {r["user action"] for r in edit}
    assert len(numbers) == 1
    submitted = [r for r in body if r["action code"] == "submitted"]
    assert {r["user action"] for r in submitted} == numbers
    assert submitted[0]["page or export"] == "cases:edit"  # the route, for machines
    fields = "; ".join(r["changed fields"] for r in edit)
    assert "Preferred name" in fields and "Vulnerability factors" in fields
    declined = [r for r in body if r["action code"] == "declined"]
    assert [r["action"] for r in declined] == ["Declined (invalid input)"]
    assert declined[0]["user action"] not in numbers
