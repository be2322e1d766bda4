"""The supervisor audit trail: list with filters, one change field by field, CSV export."""

import csv

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chance.links import url_around_pk, url_for_pk
from chance.security.decorators import rate_limited, recent_auth_required

from . import log, trail
from .access import note_access
from .forms import TrailFilterForm
from .models import AccessLog


def _scope_or_404(request):
    scope = trail.trail_scope(request.user)
    if scope is None:
        raise Http404("No such page")
    return scope


def _filters(request, scope):
    form = TrailFilterForm(request.GET or None, scope=scope)
    if not form.is_bound:
        return form, trail.Filters()
    if not form.is_valid():
        return form, None
    return form, form.filters()


def _for_the_page(rows):
    """Times in the program's zone to the minute, and change links with one reverse() per kind
    of record instead of one per row (the table was ~6 ms of template for 50 rows)."""
    links = {}
    for row in rows:
        row["at_iso"] = timezone.localtime(row["at"]).isoformat()
        row["at_text"] = trail.local_text(row["at"])
        ct = row["content_type_id"]
        if row["is_change"] and ct is not None:
            if ct not in links:
                links[ct] = url_around_pk("audit:change", ct)
            row["change_url"] = url_for_pk(links[ct], row["pk"])
    return rows


@require_GET
def trail_list(request):
    scope = _scope_or_404(request)
    form, filters = _filters(request, scope)
    rows, next_query = [], None
    if filters is not None:
        cursor = trail.Cursor.decode(request.GET.get("after"))
        raw = trail.events(scope, filters, limit=trail.PAGE_SIZE + 1, cursor=cursor)
        actions, more = trail.page_of_actions(raw, trail.PAGE_SIZE)
        shown = [e for action in actions for e in action]
        described = iter(trail.describe(request.user, shown))
        rows = _for_the_page(
            [trail.action_row([next(described) for _e in action]) for action in actions]
        )
        if more:
            last = shown[-1]
            query = request.GET.copy()
            query["after"] = trail.Cursor(last["ev_at"], last["ev_src"], last["ev_pk"]).encode()
            next_query = query.urlencode()
        if filters.youth_id is not None:
            note_access(request, filters.youth_id)
    export_query = request.GET.copy()
    export_query.pop("after", None)
    return render(
        request,
        "audit/trail.html",
        {
            "form": form,
            "rows": rows,
            "next_query": next_query,
            "is_first_page": not request.GET.get("after"),
            "first_query": export_query.urlencode(),
            "export_query": export_query.urlencode(),
            "filtered": filters is not None,
        },
    )


class _Echo:
    def write(self, value):
        return value


@require_GET
@recent_auth_required
@rate_limited("audit-csv", "20/h")
def trail_export(request):
    scope = _scope_or_404(request)
    form, filters = _filters(request, scope)
    if filters is None:
        return render(
            request,
            "audit/trail.html",
            {"form": form, "rows": [], "filtered": False, "is_first_page": True},
            status=400,
        )
    # The export is itself an access: logged before a single line leaves.
    log.append(
        action=AccessLog.Action.EXPORTED,
        user=request.user,
        youth_id=filters.youth_id,
        what="audit:export",
        request=request,
        reason="Audit trail exported as CSV",
    )
    user = request.user
    writer = csv.writer(_Echo())

    def lines():
        # The header is for machines reading the file: the same words in every language.
        yield writer.writerow(
            [
                "when",
                "staff member",
                "username",
                "action",
                "kind of record",
                "youth",
                "record id",
                "page or export",
                "reason",
                "action code",
                "kind code",
                "changed fields",
                "user action",
            ]
        )
        # Rows of one user action share a number (they come together: same user, same moment).
        number, previous = 0, None
        for batch in trail.all_events(scope, filters):
            for event, row in zip(batch, trail.describe(user, batch), strict=True):
                if previous is None or not trail.same_action(previous, event):
                    number += 1
                previous = event
                yield writer.writerow(
                    [
                        timezone.localtime(row["at"]).isoformat(timespec="seconds"),
                        row["user_label"],
                        row["username"],
                        row["action_label"],
                        row["kind"],
                        row["youth_label"],
                        row["object_id"] or "",
                        row["what"],
                        row["reason"],
                        row["action"],
                        row["src"],
                        "; ".join(row["fields"]),
                        number,
                    ]
                )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def change_detail(request, ct, pk):
    """One user action's changes, record by record: the history row asked for and every other row
    the same action wrote that the viewer's trail holds (a youth and its lists, a plan and its
    goals)."""
    scope = _scope_or_404(request)
    source = trail.source_for_content_type(ct)
    if source is None:
        raise Http404("No such change")
    record = source.model.objects.select_related("history_user").filter(history_id=pk).first()
    if record is None:
        raise Http404("No such change")
    youth_id = trail.youth_id_of(source, record)
    if not scope.everything and (youth_id is None or not scope.allows_youth(youth_id)):
        raise Http404("No such change")
    asked = {
        "ev_src": source.key,
        "ev_pk": record.history_id,
        "ev_object": record.id,
        "ev_youth": youth_id,
        "ev_user": record.history_user_id,
        "ev_at": record.history_date,
        "ev_what": "",
        "ev_reason": record.history_change_reason,
    }
    siblings = trail.action_events(scope, record)
    if not any(e["ev_src"] == source.key and e["ev_pk"] == record.history_id for e in siblings):
        siblings = [asked, *siblings]
    changed = [e for e in siblings if e["ev_src"] != trail.ACCESS]
    records = trail.record_changes(request.user, changed)
    youth_ids = {r.youth_id for r in records if r.youth_id is not None}
    youths = trail.youth_labels(request.user, youth_ids)
    for change in records:
        change.youth_label = (
            youths.get(change.youth_id, _("Youth #%(id)s") % {"id": change.youth_id})
            if change.youth_id
            else ""
        )
    # Reasons are free text: shown where the values are.
    reasons = trail.distinct(r.record.history_change_reason for r in records if r.values_visible)
    pages = trail.distinct(
        trail.page_name(e["ev_what"]) for e in siblings if e["ev_src"] == trail.ACCESS
    )
    for seen in sorted(youth_ids):
        note_access(request, seen)
    return render(
        request,
        "audit/change.html",
        {
            "source": source,
            "record": record,
            "at_iso": timezone.localtime(record.history_date).isoformat(),
            "at_text": trail.local_text(record.history_date),
            "records": records,
            "changes": [c for r in records for c in r.changes],
            "values_visible": all(r.values_visible for r in records),
            "reasons": reasons,
            "pages": pages,
            "youth_labels": trail.distinct(r.youth_label for r in records),
            "kinds": trail.distinct(str(r.source.label) for r in records),
        },
    )
