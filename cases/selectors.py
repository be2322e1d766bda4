"""Reads about youths. Lists start from ``chance.access.visible_youths``, so they already apply
the access policy; one youth's parts are read after ``chance.access`` has let the caller in."""

import re
from itertools import pairwise

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chance.access import Need, visible_youths
from chance.accounts.models import name_of
from chance.documents import grouped_by_series

from .access import supervised_team_youths
from .models import (
    CaseAssignment,
    Contact,
    ExploitationType,
    LifecycleEvent,
    RecruitmentPathway,
    Referral,
    SafetyAlert,
    VulnerabilityFactor,
    Youth,
    YouthDocument,
)
from .youth_state import youth_states


def youth_supervisors(youth):
    """The active staff who supervise someone on the youth's open team (``User.supervisor``,
    read now): whom a break-the-glass opening or an escalation is told to."""
    supervising = CaseAssignment.objects.filter(youth=youth, ended_on__isnull=True).values(
        "user__supervisor_id"
    )
    return get_user_model().objects.filter(pk__in=supervising, is_active=True).order_by("pk")


def active_alerts_prefetch():
    return Prefetch(
        "safety_alerts",
        queryset=SafetyAlert.objects.filter(active=True).order_by("kind"),
        to_attr="active_alerts",
    )


def _active_alert_count():
    alerts = (
        SafetyAlert.objects.filter(youth=OuterRef("pk"), active=True)
        .order_by()
        .values("youth")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(alerts, output_field=IntegerField()), 0)


def caseload(user):
    """Youths whose case team the user is on (open assignment), and for a supervisor the youths
    they supervise (``chance.access``), with active alert counts."""
    # One semi-join the planner can drive from the assignment indexes; the policy still decides
    # (a "supervisor" field alone, without the Supervisor role, opens nothing).
    # No ORDER BY in the UNION's parts (CaseAssignment's default ordering): SQLite, the embedded
    # demo's database, refuses one there.
    mine = CaseAssignment.objects.filter(ended_on__isnull=True, user_id=user.pk).values("youth_id")
    theirs = supervised_team_youths(user.pk)
    return (
        visible_youths(user)
        .filter(pk__in=mine.order_by().union(theirs.order_by(), all=True))
        .annotate(alert_count=_active_alert_count())
        .order_by("legal_last_name", "legal_first_name", "id")
    )


def _open_primary_clinician():
    return CaseAssignment.objects.filter(
        youth=OuterRef("pk"), role=CaseAssignment.Role.PRIMARY_CLINICIAN, ended_on__isnull=True
    )


def youths_without_primary_clinician(user):
    """Active youths with no open primary-clinician assignment, among those whose team the user
    may build (``Need.MANAGE_TEAM``): nobody is reminded of their assessments, plans or
    monitoring (the rules address the primary clinician), and no clinician may open their
    clinical record. Oldest admission first; one query."""
    return (
        visible_youths(user, Need.MANAGE_TEAM)
        .filter(status=Youth.Status.ACTIVE)
        .exclude(Exists(_open_primary_clinician()))
        .order_by("admitted_on", "id")
    )


def lacks_primary_clinician(youth, open_team) -> bool:
    """Whether ``youth`` is active and ``open_team`` (its open assignments, already loaded)
    holds no primary clinician."""
    return youth.status == Youth.Status.ACTIVE and not any(
        a.role == CaseAssignment.Role.PRIMARY_CLINICIAN for a in open_team
    )


# A record number however it is typed: "CH-00014", "ch00014", "CH 14", "ch-14" or just "14".
_RECORD_NUMBER = re.compile(r"^(?:ch)?[\s-]*0*(\d{1,9})$", re.IGNORECASE)


def record_number_typed(q: str) -> str | None:
    """The record number ``q`` means, in its stored form (``CH-00014``), or None."""
    match = _RECORD_NUMBER.match(q.strip())
    return f"CH-{int(match.group(1)):05d}" if match else None


def search_youths(user, *, q="", status="", track=""):
    """The youths the user may see, filtered by status/track and a search: a record number in
    any form finds that record; otherwise every word typed must appear in a name, the
    preferred name, an alias or the record number ("ave example" finds Avery "Ave" Example)."""
    youths = visible_youths(user)
    if status:
        youths = youths.filter(status=status)
    if track:
        youths = youths.filter(track=track)
    q = q.strip()
    record = record_number_typed(q) if q else None
    if record:
        youths = youths.filter(record_number=record)
    else:
        for word in q.split():
            youths = youths.filter(
                Q(record_number__icontains=word)
                | Q(legal_first_name__icontains=word)
                | Q(legal_last_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(aliases__icontains=word)
            )
    return youths.annotate(alert_count=_active_alert_count()).order_by(
        "legal_last_name", "legal_first_name", "id"
    )


def stfc_waitlist(user):
    """Youths waiting for an STFC home that the user may see: priority 1 first, then oldest."""
    return (
        visible_youths(user)
        .filter(waitlisted_at__isnull=False)
        .annotate(alert_count=_active_alert_count())
        .order_by("waitlist_priority", "waitlisted_at", "id")
    )


_ROW_COLUMNS = (
    "pk",
    "record_number",
    "preferred_name",
    "legal_first_name",
    "legal_last_name",
    "status",
    "track",
    "alert_count",
)


def youth_rows(youths) -> list[dict]:
    """What a table of youths shows (``cases/_youth_rows.html``), as plain values: a page of 50
    model instances, their display methods and the template lookups on them cost more than the
    query. ``youths`` carries ``alert_count`` (``caseload``, ``search_youths``). Each row has
    the youth's ``states`` (missing from care: ``youth_state``), one more query for the page."""
    statuses, tracks = dict(Youth.Status.choices), dict(Youth.Track.choices)
    rows = list(youths.values_list(*_ROW_COLUMNS))
    states = youth_states(row[0] for row in rows)
    return [
        {
            "pk": pk,
            "record_number": record_number,
            "display_name": f"{preferred or first} {last}",
            "status": statuses.get(status, status),
            "track": tracks.get(track, ""),
            "alert_count": alerts,
            "states": states.get(pk, []),
        }
        for pk, record_number, preferred, first, last, status, track, alerts in rows
    ]


def youth_overview(youth):
    """Referrals, team, contacts, profile terms and alerts of one youth: a fixed number of
    queries (six), whatever the record holds."""
    alerts = list(
        SafetyAlert.objects.filter(youth=youth)
        .select_related("created_by")
        .order_by("-active", "kind", "-created_at")
    )
    team = list(
        CaseAssignment.objects.filter(youth=youth, ended_on__isnull=True).select_related("user")
    )
    return {
        "referrals": list(
            Referral.objects.filter(youth=youth).select_related("received_by", "decided_by")
        ),
        "team": team,
        "lacks_primary_clinician": lacks_primary_clinician(youth, team),
        "contacts": list(Contact.objects.filter(youth=youth)),
        **youth_profile_terms(youth),
        "all_alerts": alerts,
        # The banner's alerts, from the same rows (render_youth_page would query them again).
        "alerts": sorted((a for a in alerts if a.active), key=lambda a: (a.kind, a.pk)),
    }


def youth_team(youth, *, past_limit=20):
    """(open assignments, the ``past_limit`` most recently ended ones), in one query."""
    rows = list(CaseAssignment.objects.filter(youth=youth).select_related("user").order_by("id"))
    current = [a for a in rows if a.ended_on is None]
    past = sorted((a for a in rows if a.ended_on is not None), key=lambda a: a.ended_on)
    return current, past[::-1][:past_limit]


_PROFILE_TERMS = (
    ("exploitation_types", ExploitationType),
    ("recruitment_pathways", RecruitmentPathway),
    ("vulnerability_factors", VulnerabilityFactor),
)


def youth_profile_terms(youth) -> dict[str, list[str]]:
    """The names of the youth's exploitation types, recruitment pathways and vulnerability
    factors, each list in its catalogue order: one query for the three."""
    parts = [
        model.objects.filter(youth=youth)
        .annotate(kind=Value(key))
        .values_list("kind", "order", "name")
        .order_by()
        for key, model in _PROFILE_TERMS
    ]
    terms = {key: [] for key, _model in _PROFILE_TERMS}
    for kind, _order, name in sorted(parts[0].union(*parts[1:], all=True)):
        terms[kind].append(name)
    return terms


# What a history row says in the timeline, by what it is about and its type (+ created,
# ~ changed, - deleted); a sentence each, so every language can word it its own way.
HISTORY_SENTENCES = {
    "youth record": {
        "+": gettext_lazy("Created youth record"),
        "~": gettext_lazy("Changed youth record"),
        "-": gettext_lazy("Deleted youth record"),
    },
    "referral": {
        "+": gettext_lazy("Created referral"),
        "~": gettext_lazy("Changed referral"),
        "-": gettext_lazy("Deleted referral"),
    },
    "team assignment": {
        "+": gettext_lazy("Created team assignment"),
        "~": gettext_lazy("Changed team assignment"),
        "-": gettext_lazy("Deleted team assignment"),
    },
    "contact": {
        "+": gettext_lazy("Created contact"),
        "~": gettext_lazy("Changed contact"),
        "-": gettext_lazy("Deleted contact"),
    },
    "safety alert": {
        "+": gettext_lazy("Created safety alert"),
        "~": gettext_lazy("Changed safety alert"),
        "-": gettext_lazy("Deleted safety alert"),
    },
}


def _history_sentence(label, history_type) -> str:
    sentences = HISTORY_SENTENCES[label]
    return str(sentences.get(history_type, sentences["~"]))


TIMELINE_LIMIT = 50
_TIMELINE_SKIP_FIELDS = {
    "updated_at",
    "created_at",
    "id",
    "exploitation_types",
    "recruitment_pathways",
    "vulnerability_factors",
}


def youth_timeline(youth, limit=TIMELINE_LIMIT):
    """What happened to the record, newest first: lifecycle events and the history rows of the
    youth, its referrals, team assignments, contacts and alerts (three queries)."""
    entries = []
    for event in LifecycleEvent.objects.filter(youth=youth).select_related("by")[:limit]:
        change = event.get_to_status_display() or event.get_to_track_display()
        if event.from_status and event.from_status != event.to_status:
            change = _("%(before)s → %(after)s") % {
                "before": event.get_from_status_display(),
                "after": event.get_to_status_display(),
            }
        elif event.from_track != event.to_track:
            change = _("Track %(before)s → %(after)s") % {
                "before": event.get_from_track_display() or "—",
                "after": event.get_to_track_display(),
            }
        entries.append(
            {"at": event.at, "by": event.by, "what": change, "why": event.reason, "kind": "event"}
        )
    youth_rows = list(
        youth.history.select_related("history_user").order_by("-history_date")[:limit]
    )
    # Consecutive rows within the window give field names changed, without extra queries.
    changed = {}
    for newer, older in pairwise(youth_rows):
        delta = newer.diff_against(older, excluded_fields=_TIMELINE_SKIP_FIELDS)
        changed[newer.pk] = [c.field for c in delta.changes]
    for row in youth_rows:
        fields = changed.get(row.pk)
        what = _history_sentence("youth record", row.history_type)
        if fields:
            labels = ", ".join(str(Youth._meta.get_field(f).verbose_name) for f in fields)
            # Translators: "Changed youth record: legal first name, date of birth".
            what = _("%(change)s: %(fields)s") % {"change": what, "fields": labels}
        entries.append(_history_entry(row, what))
    entries.extend(_related_history(youth, limit))
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]


_RELATED_HISTORY = (
    (Referral, "referral"),
    (CaseAssignment, "team assignment"),
    (Contact, "contact"),
    (SafetyAlert, "safety alert"),
)


def _related_history(youth, limit):
    """The newest ``limit`` history rows of the youth's referrals, team assignments, contacts
    and alerts: one UNION ALL query with who made each change."""
    parts = [
        model.history.model.objects.filter(youth_id=youth.pk)
        .annotate(label=Value(label))
        .values_list(
            "history_date",
            "history_type",
            "history_change_reason",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__username",
            "label",
        )
        .order_by()
        for model, label in _RELATED_HISTORY
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("-history_date")[:limit]
    return [
        {
            "at": at,
            "by": name_of(first, last, username) if username else None,  # None: the system
            "what": _history_sentence(label, kind),
            "why": reason or "",
            "kind": "history",
        }
        for at, kind, reason, first, last, username, label in rows
    ]


def _history_entry(row, what):
    return {
        "at": row.history_date,
        "by": row.history_user,
        "what": what,
        "why": row.history_change_reason or "",
        "kind": "history",
    }


def youth_documents(access):
    """The documents of the youth the user may see (``cases.documents``), each series as its
    newest version with the earlier ones in ``older`` (newest first). Two queries."""
    from .documents import kinds_seen

    return grouped_by_series(
        YouthDocument.objects.filter(youth=access.youth, kind__in=kinds_seen(access))
        .select_related("uploaded_by")
        .order_by("-date", "series", "-version")
    )


def youth_document(access, public_id):
    """One version the user may see, by its public id, or None."""
    from .documents import kinds_seen

    return (
        YouthDocument.objects.filter(
            youth=access.youth, public_id=public_id, kind__in=kinds_seen(access)
        )
        .select_related("uploaded_by")
        .first()
    )
