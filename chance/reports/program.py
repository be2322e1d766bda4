"""The program reports. Each function returns a ``Report`` (tables, chart, definitions) in a
fixed number of queries whatever the number of youths: rows are fetched once as plain values and
counted here. ``scope`` (scope.py) narrows every query to the youths the viewer may count.
"""

import datetime
import statistics
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import LifecycleEvent, Youth
from chance.charts import bar_chart, hbar_chart
from placements.models import Home, MissingEpisode, Placement
from placements.selectors import board_homes, with_readiness
from services.models import Assessment, ProgressNote, ServiceType
from services.scoring import primary_range

from .periods import local_midnight, next_month, short_month_label
from .tables import Report, Table

# Youths by number of moves: the last bucket holds three moves or more.
MOVE_BUCKETS = ("0", "1", "2", "3 or more")


def _bucket_label(bucket):
    return _("3 or more") if bucket == MOVE_BUCKETS[-1] else bucket


def _chart_months(rows):
    """The months of a table's rows (first cells, dates) as a chart writes them."""
    return [short_month_label(r[0]) for r in rows]


def _month_ends(months, now):
    """For each month, the instant its end is measured at: the first moment of the next month,
    or now for the month in progress."""
    return [min(local_midnight(next_month(m)), now) for m in months]


def _statuses_at(scope, ends):
    """{youth_id: [(status, track) at each end]} from the lifecycle events (one query)."""
    events = (
        scope.filter(LifecycleEvent.objects.filter(at__lt=ends[-1]))
        .order_by("youth_id", "at", "id")
        .values_list("youth_id", "at", "to_status", "to_track", "joined_stfc_waitlist")
    )
    by_youth = defaultdict(list)
    for youth_id, at, status, track, joined in events:
        by_youth[youth_id].append((at, status, track, joined))
    out = {}
    for youth_id, rows in by_youth.items():
        states, i, current = [], 0, (None, None, False)
        for end in ends:
            while i < len(rows) and rows[i][0] < end:
                _at, status, track, joined = rows[i]
                # Waiting for an STFC home: waitlisted at screening, or a CRT youth who joined
                # the waitlist; any later step (placement, leaving the list, discharge) ends it.
                waiting = status == Youth.Status.WAITLISTED or joined
                current = (status, track, waiting)
                i += 1
            states.append(current)
        out[youth_id] = states
    return out


# --- 1. Caseload by track and status over time ---------------------------------------------


def caseload_over_time(scope, months, now=None):
    now = now or timezone.now()
    ends = _month_ends(months, now)
    states = _statuses_at(scope, ends)
    first, after = months[0], next_month(months[-1])
    admitted = (
        scope.youths_counted()
        .filter(admitted_on__gte=first, admitted_on__lt=after)
        .values_list("admitted_on", "track")
    )
    discharged = (
        scope.youths_counted()
        .filter(discharged_on__gte=first, discharged_on__lt=after, admitted_on__isnull=False)
        .values_list("discharged_on", "track")
    )
    adm, dis = defaultdict(int), defaultdict(int)
    for day, track in admitted:
        adm[(day.replace(day=1), track)] += 1
    for day, _track in discharged:
        dis[day.replace(day=1)] += 1
    rows = []
    for k, month in enumerate(months):
        count = defaultdict(int)
        for youth_states in states.values():
            status, track, _waiting = youth_states[k]
            count[(status, track)] += 1
        rows.append(
            [
                month,
                count[(Youth.Status.ACTIVE, Youth.Track.STFC)],
                count[(Youth.Status.ACTIVE, Youth.Track.CRT)],
                count[(Youth.Status.WAITLISTED, Youth.Track.STFC)],
                count[(Youth.Status.REFERRED, "")] + count[(Youth.Status.SCREENING, "")],
                adm[(month, Youth.Track.STFC)],
                adm[(month, Youth.Track.CRT)],
                dis[month],
            ]
        )
    table = Table(
        "months",
        _("Youths by track and status at each month's end, with admissions and discharges"),
        [
            _("Month"),
            _("Active STFC at month end"),
            _("Active CRT at month end"),
            _("Waitlisted at month end"),
            _("Referred or in screening at month end"),
            _("Admitted to STFC"),
            _("Admitted to CRT"),
            pgettext_lazy("number of youths", "Discharged"),
        ],
        rows,
    )
    return Report(
        slug="caseload",
        title=_("Caseload by track and status over time"),
        question=_("How many youths does the program serve on each track, month by month?"),
        definitions=[
            (
                _("At month end"),
                _(
                    "The youth's status and track after the last lifecycle step (referral, "
                    "screening, admission, track change, discharge) before the month ended; for "
                    "the month in progress, now."
                ),
            ),
            (
                _("Admitted / discharged"),
                _(
                    "Youths whose admission or discharge date falls in the month (a youth "
                    "discharged mid-month counts as discharged that month and is not active at "
                    "its end). A re-entered youth counts from the latest admission."
                ),
            ),
        ],
        tables=[table],
        chart=bar_chart(
            _chart_months(rows),
            [
                (_("Active STFC"), [r[1] for r in rows]),
                (_("Active CRT"), [r[2] for r in rows]),
                (_("Waitlisted"), [r[3] for r in rows]),
            ],
            stacked=True,
            y_label=_("Youths at month end"),
            x_label=_("Month"),
        ),
        chart_caption=_("Youths at each month's end: active on STFC, active on CRT, waitlisted."),
    )


# --- 2. STFC capacity vs demand ------------------------------------------------------------


def _homes_certified_at(ends):
    """Number of homes whose status was "certified" at each end, from the homes' history."""
    rows = (
        Home.history.filter(history_date__lt=ends[-1])
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "status", "history_type")
    )
    by_home = defaultdict(list)
    for home_id, at, status, kind in rows:
        by_home[home_id].append((at, status if kind != "-" else None))
    counts = [0] * len(ends)
    for changes in by_home.values():
        i, status = 0, None
        for k, end in enumerate(ends):
            while i < len(changes) and changes[i][0] < end:
                status = changes[i][1]
                i += 1
            counts[k] += status == Home.Status.CERTIFIED
    return counts


def _stfc_placements(scope, first, last):
    return list(
        scope.filter(
            Placement.objects.filter(setting=Placement.Setting.STFC, started_on__lte=last).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=first)
            )
        ).values_list("youth_id", "started_on", "ended_on")
    )


def _waitlist_entries(scope, before):
    """{youth_id: [moments the youth joined the STFC waitlist]} (one query)."""
    rows = scope.filter(
        LifecycleEvent.objects.filter(at__lt=before).filter(joined_stfc_waitlist=True)
    ).values_list("youth_id", "at")
    out = defaultdict(list)
    for youth_id, at in rows:
        out[youth_id].append(at)
    return out


def _open_at(started_on, ended_on, instant, now):
    """Whether a placement was open at ``instant`` (a month's end, or now). Placements are kept
    by day: one ending on the month's last day is over by its end; one starting today is open."""
    day = timezone.localtime(instant).date()
    if instant >= now:
        return started_on <= day and ended_on is None
    return started_on < day and (ended_on is None or ended_on >= day)


def capacity(scope, months, now=None):
    now = now or timezone.now()
    today = timezone.localdate()
    ends = _month_ends(months, now)
    first, last = months[0], next_month(months[-1]) - datetime.timedelta(days=1)
    # Now: every open home with its readiness.
    homes = list(board_homes(user=scope.user))
    occupied = sum(1 for h in homes if h.placement_id is not None)
    free_ready = sum(
        1
        for h, readiness in with_readiness([h for h in homes if h.placement_id is None], on=today)
        if readiness.ready
    )
    waiting = list(
        scope.youths_counted()
        .filter(waitlisted_at__isnull=False)
        .values_list("waitlisted_at", flat=True)
    )
    # Calendar days, so a daylight-saving change does not shorten a wait by an hour's rounding.
    waits = [
        (timezone.localtime(now).date() - timezone.localtime(at).date()).days for at in waiting
    ]
    snapshot = Table(
        "now",
        _("STFC capacity and demand now"),
        [_("Measure"), _("Value")],
        [
            [_("Homes open (not closed)"), len(homes)],
            [_("Homes certified"), sum(1 for h in homes if h.status == Home.Status.CERTIFIED)],
            [_("Homes occupied"), occupied],
            [_("Homes free and ready to take a child"), free_ready],
            [_("Youths waiting for an STFC home"), len(waiting)],
            [_("Median wait so far (days)"), statistics.median(waits) if waits else ""],
            [_("Longest wait so far (days)"), max(waits) if waits else ""],
        ],
    )
    # Month by month: certified homes, occupied homes, waitlist, placements and waits.
    certified = _homes_certified_at(ends)
    placements = _stfc_placements(scope, first, last)
    states = _statuses_at(scope, ends)
    entries = _waitlist_entries(scope, ends[-1])
    rows = []
    for k, month in enumerate(months):
        at_end = [p for p in placements if _open_at(p[1], p[2], ends[k], now)]
        started = [p for p in placements if month <= p[1] < next_month(month)]
        waits_month = []
        for youth_id, started_on, _ended_on in started:
            before = [at for at in entries.get(youth_id, []) if at < local_midnight(started_on)]
            if before:
                waits_month.append((started_on - timezone.localtime(max(before)).date()).days)
        waitlisted = sum(1 for s in states.values() if s[k][2])
        rows.append(
            [
                month,
                certified[k],
                len(at_end),
                waitlisted,
                len(started),
                round(statistics.mean(waits_month), 1) if waits_month else "",
            ]
        )
    monthly = Table(
        "months",
        _("STFC homes and demand, month by month"),
        [
            _("Month"),
            _("Homes certified at month end"),
            _("Homes occupied at month end"),
            _("Youths waiting at month end"),
            _("STFC placements started"),
            _("Mean wait of youths placed (days)"),
        ],
        rows,
    )
    return Report(
        slug="capacity",
        title=_("STFC capacity and demand"),
        question=_("Are there enough CHANCE homes for the youths who need one?"),
        definitions=[
            (
                pgettext_lazy("a foster home", "Occupied"),
                _(
                    "A home with an open CHANCE STFC placement (single-child rule: one youth). A "
                    "placement spanning months counts at the end of each month it covers."
                ),
            ),
            (
                pgettext_lazy("youths on the waitlist", "Waiting"),
                _("Youths waitlisted for an STFC home, including CRT youths waiting for one."),
            ),
            (
                pgettext_lazy("time on the waitlist", "Wait"),
                _("Days from joining the waitlist to the start of the STFC placement."),
            ),
            (_("Certified at month end"), _("From each home's change history.")),
        ],
        tables=[snapshot, monthly],
        chart=bar_chart(
            _chart_months(rows),
            [
                (_("Homes certified"), [r[1] for r in rows]),
                (_("Homes occupied"), [r[2] for r in rows]),
                (_("Youths waiting"), [r[3] for r in rows]),
            ],
            y_label=_("Homes or youths at month end"),
            x_label=_("Month"),
        ),
        chart_caption=_("Homes certified and occupied, and youths waiting, at each month's end."),
    )


# --- 3. Placement stability ----------------------------------------------------------------


def stability(scope, months, now=None):
    first, after = months[0], next_month(months[-1])
    last = after - datetime.timedelta(days=1)
    today = timezone.localdate()
    placements = list(
        scope.filter(Placement.objects.filter(started_on__lte=last))
        .order_by("youth_id", "started_on", "id")
        .values_list("youth_id", "setting", "started_on", "ended_on")
    )
    by_youth = defaultdict(list)
    for row in placements:
        by_youth[row[0]].append(row)
    moves = {}
    lengths = defaultdict(list)
    ongoing = defaultdict(int)
    for youth_id, rows in by_youth.items():
        in_period = [r for r in rows if r[3] is None or r[3] >= first]
        if not in_period:
            continue
        # A move: a placement starting in the period that is not the youth's first ever.
        moves[youth_id] = sum(1 for i, r in enumerate(rows) if i > 0 and first <= r[2] < after)
        for _youth, setting, started_on, ended_on in in_period:
            end = min(ended_on or today, today)
            lengths[setting].append((end - started_on).days)
            ongoing[setting] += ended_on is None
    buckets = dict.fromkeys(MOVE_BUCKETS, 0)
    for n in moves.values():
        buckets[MOVE_BUCKETS[min(n, 3)]] += 1
    distribution = Table(
        "moves",
        _("Youths by number of placement moves in the period"),
        [_("Moves"), _("Youths")],
        [[_bucket_label(k), v] for k, v in buckets.items()],
    )
    labels = dict(Placement.Setting.choices)
    setting_rows = [
        [
            labels[setting],
            len(days),
            ongoing[setting],
            round(statistics.mean(days), 1),
            statistics.median(days),
        ]
        for setting, days in sorted(lengths.items(), key=lambda kv: labels[kv[0]])
    ]
    total_moves = sum(moves.values())
    summary = Table(
        "summary",
        _("Moves per youth"),
        [_("Measure"), _("Value")],
        [
            [_("Youths with a placement in the period"), len(moves)],
            [_("Moves in the period"), total_moves],
            [_("Moves per youth"), round(total_moves / len(moves), 2) if moves else ""],
        ],
    )
    days_table = Table(
        "days",
        _("Days in placement by setting (placements in the period; open ones counted to today)"),
        [
            pgettext_lazy("of a placement", "Setting"),
            _("Placements"),
            pgettext_lazy("placements", "Still open"),
            _("Mean days"),
            _("Median days"),
        ],
        setting_rows,
    )
    return Report(
        slug="stability",
        title=_("Placement stability"),
        question=_("How often do youths move, and how long do placements last?"),
        definitions=[
            (
                pgettext_lazy("a change of placement", "Move"),
                _("A placement that starts in the period and is not the youth's first placement."),
            ),
            (
                _("Days in placement"),
                _(
                    "From the start to the end of each placement that overlaps the period; a "
                    "placement still open counts to today. A placement spanning months counts "
                    "once."
                ),
            ),
        ],
        tables=[summary, distribution, days_table],
        chart=bar_chart(
            [_bucket_label(k) for k in MOVE_BUCKETS],
            [(_("Youths"), list(buckets.values()))],
            y_label=_("Youths"),
            x_label=_("Placement moves in the period"),
        ),
        chart_caption=_("Youths by number of placement moves in the period."),
    )


# --- 4. Missing episodes -------------------------------------------------------------------


def _within(reported_at, due_at):
    return reported_at is not None and reported_at <= due_at


def missing(scope, months, now=None):
    now = now or timezone.now()
    start, end = local_midnight(months[0]), local_midnight(next_month(months[-1]))
    hours = settings.PLACEMENT_RULES["MISSING_REPORT_HOURS"]
    episodes = scope.filter(
        MissingEpisode.objects.filter(last_seen_at__gte=start, last_seen_at__lt=end)
    ).values_list(
        "youth_id",
        "last_seen_at",
        "returned_at",
        "law_enforcement_reported_at",
        "ncmec_reported_at",
    )
    per = {m: defaultdict(float) for m in months}
    youths = {m: set() for m in months}
    for youth_id, seen, returned, law, ncmec in episodes:
        month = timezone.localtime(seen).date().replace(day=1)
        due = seen + datetime.timedelta(hours=hours)
        row = per[month]
        row["count"] += 1
        youths[month].add(youth_id)
        row["days"] += ((returned or now) - seen).total_seconds() / 86400
        row["open"] += returned is None
        row["law"] += _within(law, due)
        row["ncmec"] += _within(ncmec, due)
        row["both"] += _within(law, due) and _within(ncmec, due)
    rows = [
        [
            m,
            int(per[m]["count"]),
            len(youths[m]),
            round(per[m]["days"], 1),
            int(per[m]["open"]),
            int(per[m]["law"]),
            int(per[m]["ncmec"]),
            int(per[m]["both"]),
        ]
        for m in months
    ]
    table = Table(
        "months",
        _("Missing episodes by the month the youth was last seen"),
        [
            _("Month"),
            _("Episodes"),
            _("Youths"),
            _("Days missing"),
            pgettext_lazy("youths", "Still missing"),
            _("Law enforcement told within %(hours)s h") % {"hours": hours},
            _("NCMEC told within %(hours)s h") % {"hours": hours},
            _("Both told within %(hours)s h") % {"hours": hours},
        ],
        rows,
    )
    return Report(
        slug="missing",
        title=_("Missing episodes"),
        question=_(
            "How often are youths missing, for how long, and were both reports made in time?"
        ),
        definitions=[
            (
                _("Episode"),
                _("A missing episode counted in the month the youth was last seen."),
            ),
            (
                _("Days missing"),
                _("From last seen to return; an episode still open counts to now."),
            ),
            (
                _("Within %(hours)s h") % {"hours": hours},
                _(
                    "The report was made no later than %(hours)s hours after the youth was last "
                    "seen (P.L. 113-183). A report made later, or not yet, does not count."
                )
                % {"hours": hours},
            ),
        ],
        tables=[table],
        chart=bar_chart(
            _chart_months(rows),
            [
                (_("Episodes"), [r[1] for r in rows]),
                (_("Both reports in time"), [r[7] for r in rows]),
            ],
            y_label=_("Missing episodes"),
            x_label=_("Month"),
        ),
        chart_caption=_("Missing episodes, and those with both reports made within %(hours)s h.")
        % {"hours": hours},
    )


# --- 5. Assessment score change ------------------------------------------------------------


def score_change(scope, months=None, now=None):
    """From each youth's first to latest final assessment, per instrument (amendments count)."""
    assessments = (
        scope.filter(Assessment.objects.filter(status=Assessment.Status.FINAL))
        .select_related("instrument")
        .prefetch_related("amendments")
        .order_by("youth_id", "administered_on", "id")
    )
    per = defaultdict(lambda: defaultdict(list))  # code -> youth -> [primary…]
    names, ranges = {}, {}
    for a in assessments:
        amendments = list(a.amendments.all())
        primary = amendments[-1].primary_score if amendments else a.primary_score
        if primary is None:
            continue
        code = a.instrument.code
        names[code] = a.instrument.title
        ranges[code] = primary_range(a.instrument.definition)
        per[code][a.youth_id].append(primary)
    rows, chart_rows = [], []
    for code in sorted(per, key=lambda c: names[c]):
        pairs = [(s[0], s[-1]) for s in per[code].values() if len(s) >= 2]
        once = sum(1 for s in per[code].values() if len(s) == 1)
        if pairs:
            mean_first = round(statistics.mean(p[0] for p in pairs), 2)
            mean_latest = round(statistics.mean(p[1] for p in pairs), 2)
            change = round(mean_latest - mean_first, 2)
            chart_rows.append((names[code], change))
        else:
            mean_first = mean_latest = change = ""
        low, high = ranges[code]
        rows.append(
            [
                names[code],
                f"{low:g}–{high:g}",
                len(pairs),
                once,
                mean_first,
                mean_latest,
                change,
                sum(1 for p in pairs if p[1] > p[0]),
                sum(1 for p in pairs if p[1] < p[0]),
                sum(1 for p in pairs if p[1] == p[0]),
            ]
        )
    table = Table(
        "instruments",
        _("Primary score from each youth's first to latest final assessment"),
        [
            _("Instrument"),
            _("Score range"),
            _("Youths assessed twice or more"),
            _("Youths assessed once"),
            _("Mean first score"),
            _("Mean latest score"),
            _("Mean change"),
            pgettext_lazy("a score", "Higher"),
            pgettext_lazy("a score", "Lower"),
            pgettext_lazy("a score", "Same"),
        ],
        rows,
    )
    return Report(
        slug="scores",
        title=_("Assessment score change"),
        question=_("Do scores move between a youth's first and latest assessment?"),
        definitions=[
            (
                _("Score"),
                _(
                    "The instrument's primary score on final assessments; a corrected (amended) "
                    "assessment counts with its corrected score. Drafts do not count."
                ),
            ),
            (
                pgettext_lazy("of a score", "Change"),
                _(
                    "Latest minus first, for youths with two or more final assessments of the "
                    "instrument. Whether higher is better depends on the instrument (protective "
                    "factors: higher is better; CRAFFT and indicator checklists: lower is "
                    "better)."
                ),
            ),
        ],
        tables=[table],
        chart=hbar_chart(chart_rows, value_label=_("Mean change of the primary score")),
        chart_kind="hbar",
        chart_caption=_("Mean change of the primary score, per instrument."),
    )


# --- 6. Services delivered -----------------------------------------------------------------


def services_delivered(scope, months, now=None):
    start, end = local_midnight(months[0]), local_midnight(next_month(months[-1]))
    notes = scope.filter(
        ProgressNote.objects.filter(
            status=ProgressNote.Status.SIGNED, occurred_at__gte=start, occurred_at__lt=end
        )
    )
    if not scope.part2:
        notes = notes.filter(service_type__part2=False)
    grouped = (
        notes.values("service_type__name", "service_type__order")
        .annotate(n=Count("id"), youths=Count("youth", distinct=True), minutes=Sum("minutes"))
        .order_by("service_type__order", "service_type__name")
    )
    rows = [
        [
            ServiceType.read(g["service_type__name"]),
            g["n"],
            g["youths"],
            round(g["minutes"] / 60, 1),
        ]
        for g in grouped
    ]
    table = Table(
        "types",
        _("Signed progress notes by service type"),
        [_("Service type"), _("Contacts (signed notes)"), _("Youths served"), _("Hours")],
        rows,
    )
    notes_text = []
    if not scope.part2:
        notes_text.append(
            _(
                "Substance-use treatment (42 CFR Part 2) is left out: it needs the Part 2 "
                "permission."
            )
        )
    return Report(
        slug="services",
        title=_("Services delivered"),
        question=_("Which wraparound services did youths receive, and how many hours?"),
        definitions=[
            (
                pgettext_lazy("a service contact", "Contact"),
                _(
                    "A signed progress note in the period, by when the service happened; drafts "
                    "do not count."
                ),
            ),
            (_("Hours"), _("The notes' minutes, summed and divided by 60.")),
        ],
        tables=[table],
        chart=hbar_chart(
            [(r[0], r[3]) for r in rows],
            unit=" h",
            value_label=_("Hours of service"),
        ),
        chart_kind="hbar",
        chart_caption=_("Hours of service by type."),
        notes=notes_text,
    )


REPORTS = {
    "caseload": (caseload_over_time, False),
    "capacity": (capacity, False),
    "stability": (stability, False),
    "missing": (missing, False),
    "scores": (score_change, True),  # clinical: not for coordinators
    "services": (services_delivered, False),
}
