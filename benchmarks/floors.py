"""Floors: the least a page could cost. Each view fetches the page's rows with one hand-written
SQL query and writes them out as a bare HTML table, with no template, ORM or permission logic.

Routed only in the bench URLconf (benchmarks.urls). The benchmark times each floor twice: served
like a page (same middleware, same signed-in user: what the page is measured against) and bare
(the view called directly, to show what the shared middleware costs). ``empty`` is a view that
fetches nothing: the cost of being a signed-in request at all.
"""

from django.db import connection
from django.http import HttpResponse
from django.utils.html import escape

from cases.models import CaseAssignment, SafetyAlert, Youth, YouthUserObjectPermission

PAGE_SIZE = 50


def _table(rows) -> HttpResponse:
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(value)}</td>" for value in row) + "</tr>" for row in rows
    )
    return HttpResponse(f"<!doctype html><table>{body}</table>")


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


Y = Youth._meta.db_table
CA = CaseAssignment._meta.db_table
SA = SafetyAlert._meta.db_table
PERM = YouthUserObjectPermission._meta.db_table


def empty(request):
    return HttpResponse("<!doctype html>")


def caseload(request):
    return _table(
        _rows(
            f"""SELECT y.id, y.record_number, COALESCE(NULLIF(y.preferred_name, ''),
                       y.legal_first_name) || ' ' || y.legal_last_name, y.status, y.track,
                       (SELECT COUNT(*) FROM {SA} a WHERE a.youth_id = y.id AND a.active)
                FROM {Y} y
                WHERE EXISTS (SELECT 1 FROM {CA} c WHERE c.youth_id = y.id AND c.user_id = %s
                              AND c.ended_on IS NULL)
                ORDER BY y.legal_last_name, y.legal_first_name, y.id""",  # noqa: S608
            [request.user.pk],
        )
    )


def youth_search(request):
    """All youths (a coordinator's view), filtered by ``q``, first page of 50."""
    q = request.GET.get("q", "")
    like = f"%{q.upper()}%"  # as Django's icontains, so the same trigram indexes serve it
    return _table(
        _rows(
            f"""SELECT y.id, y.record_number, y.legal_first_name || ' ' || y.legal_last_name,
                       y.status, y.track,
                       (SELECT COUNT(*) FROM {SA} a WHERE a.youth_id = y.id AND a.active)
                FROM {Y} y
                WHERE %s = '' OR UPPER(y.record_number) LIKE %s
                      OR UPPER(y.legal_first_name) LIKE %s OR UPPER(y.legal_last_name) LIKE %s
                      OR UPPER(y.preferred_name) LIKE %s OR UPPER(y.aliases) LIKE %s
                ORDER BY y.legal_last_name, y.legal_first_name, y.id LIMIT {PAGE_SIZE}""",  # noqa: S608
            [q, like, like, like, like, like],
        )
    )


def youth_detail(request, pk):
    """The youth, its team, contacts, alerts, referrals, profile terms, lifecycle events, its
    latest 50 history rows and those of its referrals, team, contacts and alerts, and the facts
    of its "At a glance" block, as JSON columns of one query."""
    related_history = " UNION ALL ".join(
        f"SELECT history_date, history_type, history_user_id FROM {t} WHERE youth_id = y.id"  # noqa: S608
        for t in (
            "cases_historicalreferral",
            "cases_historicalcaseassignment",
            "cases_historicalcontact",
            "cases_historicalsafetyalert",
        )
    )
    terms = " UNION ALL ".join(
        f"SELECT x.name FROM cases_{m} x JOIN cases_youth_{field} j ON j.{m}_id = x.id "  # noqa: S608
        "WHERE j.youth_id = y.id"
        for m, field in (
            ("exploitationtype", "exploitation_types"),
            ("recruitmentpathway", "recruitment_pathways"),
            ("vulnerabilityfactor", "vulnerability_factors"),
        )
    )
    # "At a glance" (cases.glance): the open placement and its home's code, the plans, the two
    # latest final scores per instrument, the latest note and monitoring contact.
    glance = """
      (SELECT json_build_array(p.setting, h.code, p.started_on) FROM placements_placement p
         LEFT JOIN placements_home h ON h.id = p.home_id
         WHERE p.youth_id = y.id AND p.ended_on IS NULL),
      (SELECT json_agg(json_build_array(t.status, t.next_review_on))
         FROM services_treatmentplan t WHERE t.youth_id = y.id AND t.status <> 'superseded'),
      (SELECT json_agg(s) FROM (
         SELECT a.instrument_id, a.administered_on, a.primary_score, a.severity,
                row_number() OVER (PARTITION BY a.instrument_id
                                   ORDER BY a.administered_on DESC, a.id DESC) AS n
         FROM services_assessment a WHERE a.youth_id = y.id AND a.status = 'final') s
         WHERE s.n <= 2),
      (SELECT max(n.occurred_at) FROM services_progressnote n WHERE n.youth_id = y.id),
      (SELECT max(m.occurred_at) FROM services_monitoringcontact m WHERE m.youth_id = y.id)"""
    return _table(
        _rows(
            f"""SELECT y.record_number, y.legal_first_name, y.legal_last_name, y.status,
              (SELECT json_agg(json_build_array(u.username, c.role)) FROM {CA} c
                 JOIN accounts_user u ON u.id = c.user_id
                 WHERE c.youth_id = y.id AND c.ended_on IS NULL),
              (SELECT json_agg(json_build_array(k.kind, k.name)) FROM cases_contact k
                 WHERE k.youth_id = y.id),
              (SELECT json_agg(json_build_array(a.kind, a.summary)) FROM {SA} a
                 WHERE a.youth_id = y.id),
              (SELECT json_agg(json_build_array(r.received_at, r.decision)) FROM cases_referral r
                 WHERE r.youth_id = y.id),
              (SELECT json_agg(t) FROM ({terms}) t),
              (SELECT json_agg(e) FROM (SELECT at, to_status, by_id FROM cases_lifecycleevent
                 WHERE youth_id = y.id ORDER BY at DESC LIMIT 50) e),
              (SELECT json_agg(h) FROM (SELECT history_date, history_type, history_user_id
                 FROM cases_historicalyouth WHERE id = y.id
                 ORDER BY history_date DESC LIMIT 50) h),
              (SELECT json_agg(h) FROM ({related_history}
                 ORDER BY 1 DESC LIMIT 50) h),
              {glance}
            FROM {Y} y WHERE y.id = %s""",  # noqa: S608
            [pk],
        )
    )


def placement_board(request):
    """The board's first page: the first 50 open homes by code with their open placement's
    youth, their active caregivers and those caregivers' training (what readiness is worked out
    from) and how many homes there are; then the 25 most urgent of the waitlist and how many
    are waiting."""
    from placements.views import BOARD_PAGE_SIZE, BOARD_WAITLIST_SIZE

    return _table(
        _rows(
            f"""(SELECT h.id, h.code, h.status, h.certified_on, h.license_expires_on,
                    h.alarm_installed, h.alarm_last_tested_on, h.other_foster_children,
                    y.id, y.record_number,
                    COALESCE(NULLIF(y.preferred_name, ''), y.legal_first_name), p.started_on,
                    (SELECT json_agg(json_build_array(g.first_name, g.last_name,
                              g.available_24_7,
                              (SELECT json_agg(json_build_array(t.category, t.hours,
                                                                t.completed_on, t.expires_on))
                                 FROM placements_trainingrecord t WHERE t.caregiver_id = g.id))
                              ORDER BY g.last_name, g.first_name, g.id)
                       FROM placements_caregiver g WHERE g.home_id = h.id AND g.active),
                    (SELECT COUNT(*) FROM placements_home c WHERE c.status <> 'closed')
               FROM placements_home h
               LEFT JOIN placements_placement p ON p.home_id = h.id AND p.ended_on IS NULL
               LEFT JOIN {Y} y ON y.id = p.youth_id
               WHERE h.status <> 'closed'
               ORDER BY h.code LIMIT {BOARD_PAGE_SIZE})
             UNION ALL
             (SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, y.waitlist_priority, y.id,
                     y.record_number, COALESCE(NULLIF(y.preferred_name, ''), y.legal_first_name),
                     y.waitlisted_at::date, NULL, COUNT(*) OVER ()
                FROM {Y} y WHERE y.waitlisted_at IS NOT NULL
                ORDER BY y.waitlist_priority, y.waitlisted_at, y.id
                LIMIT {BOARD_WAITLIST_SIZE})""",  # noqa: S608
            [],
        )
    )


def audit_trail(request):
    """A supervisor's newest 50 events: the access log and every history table that names a
    youth, for the youths the supervisor may approve plans of.

    Hand-tuned as the page is (chance.audit.trail._bounded_union), in one query: the supervised
    ids are gathered once into an array (as a subquery in every branch the planner guessed 2 rows
    and read all 120,000 progress notes of 270 youths), and the biggest source, the progress-note
    history, gives its 50th newest time as a bound no older event can pass. The other branches
    read their time index backwards down to that bound (``+ 0`` keeps the planner, blind to the
    bound and the array here, off the youth index that would visit every row of every youth).
    """
    from chance.audit import trail

    pilot = trail.source_by_key("services.historicalprogressnote")
    # Who the app's access policy lets approve: the supervisor of someone on the open team
    # (User.supervisor, read now), or a supervisor assigned to the team in their own right.
    supervised = (
        "SELECT array_agg(DISTINCT y) AS ids FROM ("  # noqa: S608
        f"SELECT a.youth_id AS y FROM {CA} a JOIN accounts_user u ON u.id = a.user_id "
        "WHERE a.ended_on IS NULL AND u.supervisor_id = %(user)s "
        f"UNION ALL SELECT p.content_object_id FROM {PERM} p "
        "JOIN auth_permission ap ON ap.id = p.permission_id "
        "WHERE p.user_id = %(user)s AND ap.codename = 'approve_clinical') s"
    )
    ids = "(SELECT ids FROM supervised)::bigint[]"
    bound = (
        f"SELECT COALESCE((SELECT history_date FROM {pilot.model._meta.db_table} "  # noqa: S608
        f"WHERE youth_id = ANY({ids}) ORDER BY history_date DESC, history_id DESC "
        f"OFFSET {PAGE_SIZE - 1} LIMIT 1), '-infinity') AS at"
    )
    branches = [("audit_accesslog", trail.ACCESS, "at", "id", "youth_id", "user_id", "action")]
    for source in trail.history_sources():
        if source.youth_field not in ("id", "youth_id"):
            continue
        branches.append(
            (
                source.model._meta.db_table,
                source.key,
                "history_date",
                "history_id",
                source.youth_field,
                "history_user_id",
                "history_type",
            )
        )
    parts = []
    for table, key, at, pk, youth, user, action in branches:
        if key == pilot.key:
            where = f"{youth} = ANY({ids})"
        else:
            where = f"{at} >= (SELECT at FROM bound) AND {youth} + 0 = ANY({ids})"  # noqa: S608
        parts.append(
            f"(SELECT {at} AS ev_at, '{key}' AS ev_src, {pk} AS ev_pk, {youth}, "  # noqa: S608
            f"{user}, {action} FROM {table} WHERE {where} "
            f"ORDER BY {at} DESC, {pk} DESC LIMIT {PAGE_SIZE})"
        )
    sql = (
        f"WITH supervised AS MATERIALIZED ({supervised}), bound AS ({bound}) "
        + " UNION ALL ".join(parts)
        + f" ORDER BY 1 DESC, 2 DESC, 3 DESC LIMIT {PAGE_SIZE}"
    )
    return _table(_rows(sql, {"user": request.user.pk}))


def due_work(request):
    return _table(
        _rows(
            """SELECT r.rule, r.record_number, r.level, r.due_at, r.snoozed_until
               FROM reminders_reminder r
               WHERE r.recipient_id = %s AND r.resolved_at IS NULL
               ORDER BY r.due_at, r.id""",
            [request.user.pk],
        )
    )
