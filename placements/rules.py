"""Computed readiness: training status (Fla. Admin. Code 65C-43.004/.005), certification, alarm.

Pure functions over already-loaded rows, so a page of 50 homes costs the same queries as one
(plain rows, see ``selectors.with_readiness``; or prefetched ``caregivers__training``).
Hours and periods come from ``settings.PLACEMENT_RULES``.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext

COUNTED = ("specialized", "continuing")


def _rules():
    return settings.PLACEMENT_RULES


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def whole_years(since: date, on: date) -> int:
    """Completed years from ``since`` to ``on`` (anniversaries passed)."""
    years = 0
    while add_years(since, years + 1) <= on:
        years += 1
    return years


def hours_of(records, *, categories, on, start=None, end=None) -> Decimal:
    """Hours of current records in ``categories`` completed in [start, end) (end: on or before)."""
    total = Decimal(0)
    for r in records:
        if r.category not in categories or not r.counts_on(on):
            continue
        if start is not None and r.completed_on < start:
            continue
        if end is not None and r.completed_on >= end:
            continue
        total += r.hours
    return total


def _fmt(hours: Decimal) -> str:
    return f"{hours.normalize():f}"


@dataclass
class TrainingStatus:
    ready: bool
    problems: list[str] = field(default_factory=list)


def caregiver_training_status(records, *, certified_on, on) -> TrainingStatus:
    """STFC-ready on ``on``: ≥ 24 h specialized training by certification (or by ``on`` if not
    certified yet), and ≥ 8 h of training in the last completed certification year."""
    r = _rules()
    problems = []
    initial_cutoff = min(certified_on, on) if certified_on else on
    initial = hours_of(
        records, categories=("specialized",), on=on, end=initial_cutoff + timedelta(days=1)
    )
    if initial < r["CAREGIVER_INITIAL_HOURS"]:
        problems.append(
            gettext("%(done)s of %(needed)s h specialized training before certification")
            % {"done": _fmt(initial), "needed": r["CAREGIVER_INITIAL_HOURS"]}
        )
    if certified_on and certified_on <= on:
        years = whole_years(certified_on, on)
        if years >= 1:
            start, end = add_years(certified_on, years - 1), add_years(certified_on, years)
            annual = hours_of(records, categories=COUNTED, on=on, start=start, end=end)
            if annual < r["CAREGIVER_ANNUAL_HOURS"]:
                problems.append(
                    gettext("%(done)s of %(needed)s h continuing education in the year to %(day)s")
                    % {
                        "done": _fmt(annual),
                        "needed": r["CAREGIVER_ANNUAL_HOURS"],
                        "day": f"{end:%Y-%m-%d}",
                    }
                )
    return TrainingStatus(ready=not problems, problems=problems)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def staff_training_status(records, *, on) -> TrainingStatus:
    """Ready for human-trafficking cases on ``on``: ≥ 6 h specialized training, and ≥ 1 h in the
    last completed calendar quarter once a whole quarter has passed since that training."""
    r = _rules()
    problems = []
    specialized = sorted(
        (x for x in records if x.category == "specialized" and x.counts_on(on)),
        key=lambda x: x.completed_on,
    )
    running, qualified_on = Decimal(0), None
    for x in specialized:
        running += x.hours
        if running >= r["STAFF_INITIAL_HOURS"]:
            qualified_on = x.completed_on
            break
    if qualified_on is None:
        problems.append(
            gettext("%(done)s of %(needed)s h human-trafficking training")
            % {"done": _fmt(running), "needed": r["STAFF_INITIAL_HOURS"]}
        )
    else:
        this_quarter = quarter_start(on)
        last_quarter = quarter_start(this_quarter - timedelta(days=1))
        if qualified_on < last_quarter:
            hours = hours_of(
                records, categories=COUNTED, on=on, start=last_quarter, end=this_quarter
            )
            if hours < r["STAFF_QUARTERLY_HOURS"]:
                problems.append(
                    gettext(
                        "%(done)s of %(needed)s h refresher training in the quarter from %(day)s"
                    )
                    % {
                        "done": _fmt(hours),
                        "needed": r["STAFF_QUARTERLY_HOURS"],
                        "day": f"{last_quarter:%Y-%m-%d}",
                    }
                )
    return TrainingStatus(ready=not problems, problems=problems)


def caregiver_education_due(records, *, certified_on, on) -> date | None:
    """When a caregiver's continuing education falls due: the end of the current certification
    year, if they have fewer than the annual hours in it so far (65C-43.004); else None."""
    years = whole_years(certified_on, on)
    start, end = add_years(certified_on, years), add_years(certified_on, years + 1)
    done = hours_of(records, categories=COUNTED, on=on, start=start, end=end)
    return end if done < _rules()["CAREGIVER_ANNUAL_HOURS"] else None


def staff_training_due(records, *, first_case_on, on) -> date | None:
    """When a staff member on a case team owes training (65C-43.005): the day they joined their
    first team if they lack the initial hours, else the end of the current quarter if they lack
    this quarter's refresher; None when up to date."""
    r = _rules()
    if hours_of(records, categories=("specialized",), on=on) < r["STAFF_INITIAL_HOURS"]:
        return first_case_on
    this_quarter = quarter_start(on)
    next_quarter = quarter_start(this_quarter + timedelta(days=95))
    done = hours_of(records, categories=COUNTED, on=on, start=this_quarter, end=next_quarter)
    return next_quarter if done < r["STAFF_QUARTERLY_HOURS"] else None


@dataclass
class Readiness:
    """Whether a home may take a child on a date, and every reason it may not."""

    training: list[str] = field(default_factory=list)
    certification: list[str] = field(default_factory=list)
    alarm: list[str] = field(default_factory=list)
    household: list[str] = field(default_factory=list)

    @property
    def blockers(self):
        return self.certification + self.training + self.alarm + self.household

    @property
    def ready(self):
        return not self.blockers


def home_readiness(home, *, on, caregivers=None) -> Readiness:
    """Readiness of ``home`` on ``on`` (a date). ``caregivers``: active caregivers with their
    ``training`` already loaded (prefetched, or a plain list of records as the board's rows
    carry it); by default from the prefetch cache of ``home.caregivers``."""
    r = _rules()
    out = Readiness()
    if home.status != home.Status.CERTIFIED:
        out.certification.append(
            gettext("Home is %(status)s, not certified")
            % {"status": home.get_status_display().lower()}
        )
    if home.license_expires_on is None:
        out.certification.append(gettext("No license expiry date on file"))
    elif home.license_expires_on < on:
        out.certification.append(
            gettext("License expired on %(day)s") % {"day": f"{home.license_expires_on:%Y-%m-%d}"}
        )
    if not home.alarm_installed:
        out.alarm.append(gettext("No alarm system installed"))
    elif home.alarm_last_tested_on is None:
        out.alarm.append(gettext("Alarm never tested"))
    elif home.alarm_last_tested_on < on - timedelta(days=r["ALARM_TEST_DAYS"]):
        out.alarm.append(
            gettext("Alarm test overdue (last passed test %(day)s; required every %(days)s days)")
            % {"day": f"{home.alarm_last_tested_on:%Y-%m-%d}", "days": r["ALARM_TEST_DAYS"]}
        )
    if caregivers is None:
        caregivers = [c for c in home.caregivers.all() if c.active]
    if not caregivers:
        out.training.append(gettext("No active caregiver"))
    for cg in caregivers:
        records = cg.training if isinstance(cg.training, list) else list(cg.training.all())
        status = caregiver_training_status(records, certified_on=home.certified_on, on=on)
        for problem in status.problems:
            out.training.append(
                gettext("Caregiver %(name)s: %(problem)s") % {"name": cg, "problem": problem}
            )
        if not cg.available_24_7:
            out.household.append(
                gettext("Caregiver %(name)s has not attested 24/7 availability") % {"name": cg}
            )
    if home.other_foster_children:
        out.household.append(gettext("Another foster child lives in the home"))
    return out
